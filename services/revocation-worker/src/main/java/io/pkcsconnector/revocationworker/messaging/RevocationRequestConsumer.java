package io.pkcsconnector.revocationworker.messaging;

import io.pkcsconnector.contracts.CertificateRevoked;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.RevocationFailed;
import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.contracts.RevocationRequested;
import io.pkcsconnector.pki.SerialNumbers;
import io.pkcsconnector.revocationworker.CrlPublisher;
import io.pkcsconnector.revocationworker.RevocationMetrics;
import io.pkcsconnector.revocationworker.persistence.CertificateRegistry;
import io.pkcsconnector.revocationworker.persistence.CertificateRegistry.Known;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Revokes certificates at the CA ({@code pki.revocation-requested.v1}, group {@code revocation-worker}): exactly
 * once per certificate. The revocation, and its {@link CertificateRevoked} event in the outbox, commit in one
 * transaction; the CRL is rebuilt shortly after (coalesced) and OCSP answers {@code revoked} from the commit on.
 *
 * <p>What is not a revocation is answered once with a {@link RevocationFailed} and never retried: an unknown serial
 * (or another tenant's: tenants never learn of each other's certificates) is {@code unknownSerial}, a certificate
 * revoked by an earlier request is {@code alreadyRevoked} (a conflict: the first revocation stands). A redelivered
 * request, recognised by its request id, changes nothing and publishes nothing. Only database failures are retried,
 * with back-off, before the record is parked on the dead-letter topic.
 */
@ApplicationScoped
public class RevocationRequestConsumer {

    private static final Logger LOG = Logger.getLogger(RevocationRequestConsumer.class);

    static final String UNKNOWN_SERIAL = "unknownSerial";
    static final String ALREADY_REVOKED = "alreadyRevoked";

    /** What became of one request; only {@link #REVOKED} changes a CRL. */
    enum Result {
        REVOKED,
        FAILED,
        DUPLICATE
    }

    private final CertificateRegistry registry;
    private final Outbox outbox;
    private final CrlPublisher crls;
    private final RevocationMetrics metrics;

    RevocationRequestConsumer(
            CertificateRegistry registry, Outbox outbox, CrlPublisher crls, RevocationMetrics metrics) {
        this.registry = registry;
        this.outbox = outbox;
        this.crls = crls;
        this.metrics = metrics;
    }

    @Incoming("revocation-requested")
    public Uni<Void> revoke(RevocationRequested request) {
        String serial = SerialNumbers.toHex(SerialNumbers.fromHex(request.serialNumber()));
        long started = System.nanoTime();
        return outbox.transaction(() -> registry.find(serial).chain(known -> decide(request, serial, known)))
                .invoke(outcome -> {
                    if (outcome.result() == Result.REVOKED) {
                        crls.revoked(outcome.caId(), started);
                        metrics.revoked(request.reason(), request.trigger());
                        LOG.infof(
                                "Revoked certificate %s of tenant %s (%s, %s, revocation %s)",
                                serial,
                                request.tenantId(),
                                request.reason().wireName(),
                                request.trigger().wireName(),
                                request.requestId());
                    } else if (outcome.result() == Result.FAILED) {
                        metrics.failed(outcome.errorCode());
                    } else {
                        metrics.duplicate();
                    }
                })
                .onFailure()
                .retry()
                .withBackOff(IssuedCertificateConsumer.RETRY_INITIAL, IssuedCertificateConsumer.RETRY_MAX)
                .atMost(IssuedCertificateConsumer.RETRIES)
                .replaceWithVoid();
    }

    private record Outcome(Result result, String caId, String errorCode) {}

    private Uni<Outcome> decide(RevocationRequested request, String serial, Known known) {
        if (known == null || !known.tenantId().equals(request.tenantId())) {
            return fail(
                    request,
                    serial,
                    UNKNOWN_SERIAL,
                    "No certificate with serial " + serial + " was issued in this tenant");
        }
        if (known.revoked()) {
            if (request.requestId().equals(known.revocationRequestId())) {
                LOG.debugf("Revocation %s of %s was carried out before", request.requestId(), serial);
                return Uni.createFrom().item(new Outcome(Result.DUPLICATE, known.caId(), null));
            }
            return fail(
                    request,
                    serial,
                    ALREADY_REVOKED,
                    "Certificate " + serial + " was revoked at " + known.revokedAt() + " ("
                            + RevocationReason.fromCode(known.reasonCode()).wireName() + ") by revocation "
                            + known.revocationRequestId() + "; the first revocation stands");
        }
        Instant revokedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateRevoked revoked = CertificateRevoked.of(
                EventEnvelope.causedBy(request),
                serial,
                known.caId(),
                request.reason(),
                revokedAt,
                known.deviceId(),
                known.issuanceRequestId());
        return registry.revoke(
                        request.tenantId(),
                        serial,
                        revokedAt,
                        request.reason().code(),
                        request.requestId(),
                        revoked.eventId())
                .chain(updated -> {
                    if (!updated) {
                        // Another instance revoked it between the read and the update: decide again on a retry.
                        throw new IllegalStateException("certificate " + serial + " changed while being revoked");
                    }
                    return outbox.add(revoked).replaceWith(new Outcome(Result.REVOKED, known.caId(), null));
                });
    }

    private Uni<Outcome> fail(RevocationRequested request, String serial, String code, String message) {
        return registry.recordFailure(request.requestId(), request.tenantId(), serial, code)
                .chain(first -> {
                    if (!first) {
                        return Uni.createFrom().item(new Outcome(Result.DUPLICATE, null, null));
                    }
                    LOG.infof(
                            "Revocation %s of tenant %s refused: %s: %s",
                            request.requestId(), request.tenantId(), code, message);
                    RevocationFailed failed =
                            RevocationFailed.of(EventEnvelope.causedBy(request), serial, code, message);
                    return outbox.add(failed).replaceWith(new Outcome(Result.FAILED, null, code));
                });
    }
}
