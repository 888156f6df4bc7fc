package io.pkcsconnector.issuanceworker.messaging;

import io.pkcsconnector.contracts.CaCertificatesPublished;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.issuanceworker.IssuingCa;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.Pem;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes the CA's public certificates on the compacted {@code pki.ca-certificates.v1} topic at every
 * start, so request-intake can serve root.cer / chain.pem and relying parties get the current chain while
 * only the issuance side holds CA keys. Publishing the same content again is harmless: compaction keeps
 * the latest record per caId.
 */
@ApplicationScoped
public class CaCertificatePublisher {

    private static final Logger LOG = Logger.getLogger(CaCertificatePublisher.class);

    /** CA certificates belong to the deployment, not to one tenant. */
    public static final String SYSTEM_TENANT = "system";

    @Inject
    IssuingCa ca;

    @Inject
    @Channel("ca-certificates")
    Emitter<Record<String, CaCertificatesPublished>> emitter;

    void onStart(@Observes StartupEvent event) {
        CaCertificatesPublished published = current();
        emitter.send(Record.of(published.caId(), published)).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.errorf("Could not publish CA %s certificates: %s", published.caId(), failure.getMessage());
            } else {
                LOG.infof("Published CA %s certificates on %s", published.caId(), CaCertificatesPublished.TOPIC.name());
            }
        });
    }

    CaCertificatesPublished current() {
        CertificateAuthority authority = ca.authority();
        return CaCertificatesPublished.of(
                EventEnvelope.newEnvelope(SYSTEM_TENANT, authority.caId(), null),
                authority.caId(),
                Pem.certificate(authority.rootCertificate()),
                Pem.certificate(authority.issuingCertificate()),
                authority.urls().crl(authority.caId()),
                authority.urls().ocsp());
    }
}
