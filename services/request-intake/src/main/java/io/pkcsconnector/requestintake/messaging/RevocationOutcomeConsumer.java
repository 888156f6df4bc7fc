package io.pkcsconnector.requestintake.messaging;

import io.pkcsconnector.contracts.CertificateRevoked;
import io.pkcsconnector.contracts.RevocationFailed;
import io.pkcsconnector.requestintake.IssuanceStates;
import io.pkcsconnector.requestintake.RevocationStates;
import io.pkcsconnector.requestintake.RevokeStatuses;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.RevocationRequestEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies the revocation-worker's outcomes to the revocation requests and to the certificates they name. Every
 * update is a guarded state transition ({@link RevocationStates}, {@link RevokeStatuses}, {@link
 * IssuanceStates}), so a redelivered or replayed event finds nothing left to change and needs no inbox.
 *
 * <p>Certificate rows are locked before revocation rows, the order the REST triggers use, so a revocation being
 * asked for and its outcome arriving cannot deadlock.
 */
@ApplicationScoped
public class RevocationOutcomeConsumer {

    private static final Logger LOG = Logger.getLogger(RevocationOutcomeConsumer.class);

    // As IssuanceOutcomeConsumer: about 40 s of database trouble before the record goes to the dead-letter topic.
    private static final int RETRIES = 8;
    private static final Duration RETRY_INITIAL = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);

    /**
     * The CA revoked a certificate. The certificate moves to {@code revoked} whoever asked for it: a revocation
     * that did not start here (another trigger, the CA's operator) is still a fact about a certificate we show.
     * Our revocation it names, and any other of ours still in flight for the serial, are complete.
     */
    @Incoming("cert-revoked")
    public Uni<Void> revoked(CertificateRevoked event) {
        String tenant = event.tenantId();
        String serial = event.serialNumber();
        OffsetDateTime revokedAt = OffsetDateTime.ofInstant(event.revokedAt(), ZoneOffset.UTC);
        return retrying(Panache.withTransaction(() -> CertificateRequestEntity.lockBySerial(tenant, serial)
                .invoke(certificates -> certificates.forEach(certificate -> revoke(certificate, revokedAt)))
                .chain(ignored -> RevocationRequestEntity.lockCompletedBy(tenant, serial, uuid(event.requestId())))
                .invoke(revocations -> complete(revocations, revokedAt, event))));
    }

    /**
     * The revocation-worker could not revoke: our revocation becomes {@code failed}, and the certificate, which
     * stays valid, shows the failure. Only a revocation that actually moves touches the certificate, so a replayed
     * failure cannot undo a newer attempt's {@code pending}.
     */
    @Incoming("revocation-failed")
    public Uni<Void> failed(RevocationFailed event) {
        UUID id = uuid(event.requestId());
        if (id == null) {
            return Uni.createFrom().voidItem(); // not a revocation of ours
        }
        String tenant = event.tenantId();
        String serial = event.serialNumber();
        return retrying(Panache.withTransaction(() -> CertificateRequestEntity.lockBySerial(tenant, serial)
                .chain(certificates -> RevocationRequestEntity.lock(tenant, id)
                        .invoke(revocation -> fail(revocation, certificates, event)))));
    }

    private static void revoke(CertificateRequestEntity certificate, OffsetDateTime revokedAt) {
        if (RevokeStatuses.canMove(certificate.revokeStatus, RevokeStatuses.REVOKED)) {
            certificate.revokeStatus = RevokeStatuses.REVOKED;
            certificate.revokedAt = revokedAt;
        }
        if (IssuanceStates.canMove(certificate.status, IssuanceStates.REVOKED)) {
            certificate.status = IssuanceStates.REVOKED;
            certificate.statusChangedAt = OffsetDateTime.now(ZoneOffset.UTC);
        } else if (!IssuanceStates.REVOKED.equals(certificate.status)) {
            LOG.debugf(
                    "Request %s stays %s after its certificate was revoked", certificate.requestId, certificate.status);
        }
    }

    private static void complete(
            List<RevocationRequestEntity> revocations, OffsetDateTime revokedAt, CertificateRevoked event) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (RevocationRequestEntity revocation : revocations) {
            if (RevocationStates.canMove(revocation.status, RevocationStates.REVOKED)) {
                revocation.status = RevocationStates.REVOKED;
                revocation.revokedAt = revokedAt;
                revocation.statusChangedAt = now;
            }
        }
        if (revocations.isEmpty()) {
            LOG.debugf(
                    "Certificate %s of tenant %s revoked without a revocation of ours (request %s)",
                    event.serialNumber(), event.tenantId(), event.requestId());
        }
    }

    private static void fail(
            RevocationRequestEntity revocation, List<CertificateRequestEntity> certificates, RevocationFailed event) {
        if (revocation == null || !revocation.serialNumber.equals(event.serialNumber())) {
            LOG.debugf(
                    "RevocationFailed for unknown revocation %s (serial %s) of tenant %s",
                    event.requestId(), event.serialNumber(), event.tenantId());
            return;
        }
        if (!RevocationStates.canMove(revocation.status, RevocationStates.FAILED)) {
            LOG.debugf("Revocation %s stays %s (event wanted failed)", revocation.revocationId, revocation.status);
            return;
        }
        revocation.status = RevocationStates.FAILED;
        revocation.errorCode = event.errorCode();
        revocation.errorMessage = event.errorMessage();
        revocation.statusChangedAt = OffsetDateTime.now(ZoneOffset.UTC);
        for (CertificateRequestEntity certificate : certificates) {
            if (RevokeStatuses.canMove(certificate.revokeStatus, RevokeStatuses.FAILED)) {
                certificate.revokeStatus = RevokeStatuses.FAILED;
            }
        }
    }

    /** Database failures are retried with back-off before the record goes to the dead-letter topic. */
    private static Uni<Void> retrying(Uni<?> work) {
        return work.onFailure()
                .retry()
                .withBackOff(RETRY_INITIAL, RETRY_MAX)
                .atMost(RETRIES)
                .replaceWithVoid();
    }

    private static UUID uuid(String requestId) {
        try {
            return UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
