package io.pkcsconnector.revocationworker.messaging;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.revocationworker.persistence.CertificateRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns every certificate the connectors issue ({@code pki.cert-issued.v1}, group {@code revocation-worker}), so
 * that a revocation request finds its certificate and OCSP can answer {@code good}. Idempotent on the serial: a
 * redelivered or replayed event changes nothing. Database failures are retried with back-off before the record is
 * parked on this group's dead-letter topic.
 */
@ApplicationScoped
public class IssuedCertificateConsumer {

    private static final Logger LOG = Logger.getLogger(IssuedCertificateConsumer.class);

    static final int RETRIES = 8;
    static final Duration RETRY_INITIAL = Duration.ofMillis(200);
    static final Duration RETRY_MAX = Duration.ofSeconds(10);

    private final CertificateRegistry registry;

    IssuedCertificateConsumer(CertificateRegistry registry) {
        this.registry = registry;
    }

    @Incoming("cert-issued")
    public Uni<Void> issued(CertificateIssued event) {
        return Panache.withTransaction(() -> registry.record(event))
                .invoke(recorded -> {
                    if (recorded) {
                        LOG.debugf("Knows certificate %s of tenant %s", event.serialNumber(), event.tenantId());
                    }
                })
                .onFailure()
                .retry()
                .withBackOff(RETRY_INITIAL, RETRY_MAX)
                .atMost(RETRIES)
                .replaceWithVoid();
    }
}
