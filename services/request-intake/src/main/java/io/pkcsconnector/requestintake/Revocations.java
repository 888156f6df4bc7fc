package io.pkcsconnector.requestintake;

import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.DeviceRetired;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.RetireAction;
import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.contracts.RevocationRequested;
import io.pkcsconnector.contracts.RevocationTrigger;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.requestintake.persistence.RevocationRequestEntity;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.pkcsconnector.servicecommon.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The revocation triggers of request-intake: an admin's revocation, and a device's retire or wipe. Each method
 * runs inside the caller's {@link Outbox#transaction}, so the rows and the events announcing them commit
 * together: a crash leaves either both or neither, and the revocation-worker never hears of a revocation this
 * service has no record of. The caller has locked the certificate rows (and, for a retire, the device), so two
 * triggers of one certificate are serialised; the unique index on pending revocations is the backstop.
 */
@ApplicationScoped
public class Revocations {

    /** Retire and wipe end the device's use of its certificates; no key is known to be compromised. */
    static final RevocationReason RETIRE_REASON = RevocationReason.CESSATION_OF_OPERATION;

    /** {@code requestedBy} of revocations the platform asks for itself when a successor is issued. */
    static final String SUPERSEDED_BY = "system:renewal";

    private final Outbox outbox;

    Revocations(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Who asks, for {@code RevocationRequested.requestedBy}: the CRL's audit trail must name a person, so a token
     * without a subject is refused rather than recorded as anonymous.
     */
    public static String requester(Caller caller) {
        String subject = caller.subject();
        if (subject == null || subject.isBlank()) {
            throw ProblemException.forbidden("subject-missing", "The bearer token carries no 'sub' claim");
        }
        return subject;
    }

    /** Whether a certificate can still be revoked: issued (its serial is known) and not revoked already. */
    public static boolean revocable(CertificateRequestEntity certificate) {
        return certificate.serialNumber != null
                && !IssuanceStates.REVOKED.equals(certificate.status)
                && !RevokeStatuses.REVOKED.equals(certificate.revokeStatus);
    }

    /**
     * Records a revocation of the certificate with this serial and adds its RevocationRequested to the outbox.
     *
     * @param certificates the locked rows carrying the serial (one in practice); the first names the device and
     *     the request in the event, all of them show the revocation as pending
     */
    public Uni<RevocationRequestEntity> revoke(
            List<CertificateRequestEntity> certificates,
            RevocationReason reason,
            RevocationTrigger trigger,
            String requestedBy) {
        return request(certificates, reason, trigger, requestedBy, null, now());
    }

    /**
     * Revokes a certificate its successor replaced (a renewal or a profile change, with the profile's {@code
     * revokeOnRenewal} on): reason superseded, trigger renewal, and a {@code remove} delivery so the device drops it.
     *
     * @param certificates the locked rows carrying the serial, revocable and with no revocation in flight
     */
    public Uni<RevocationRequestEntity> supersede(List<CertificateRequestEntity> certificates) {
        return revokeAndRemove(
                certificates, RevocationReason.SUPERSEDED, RevocationTrigger.RENEWAL, SUPERSEDED_BY, now());
    }

    /**
     * Retires or wipes {@code device} (locked by the caller): every certificate of it that can still be revoked
     * and has no revocation in flight gets a revocation and a {@code remove} delivery, and one DeviceRetired
     * announces the device's departure. Calling it twice is the caller's to prevent: it marks the device retired.
     *
     * @return the revocations created, by serial number
     */
    public Uni<List<RevocationRequestEntity>> retire(DeviceEntity device, RetireAction action, String requestedBy) {
        OffsetDateTime now = now();
        device.retiredAt = now;
        device.retireAction = action.wireName();
        device.retireRequestId = UUID.randomUUID();
        RevocationTrigger trigger = action == RetireAction.WIPE ? RevocationTrigger.WIPE : RevocationTrigger.RETIRE;
        String tenant = device.tenantId;
        return CertificateRequestEntity.lockForDevice(tenant, device.deviceId)
                .chain(all -> {
                    // Keyed by serial: one revocation per certificate, even if two requests ever shared one. In serial
                    // order, the order in which a repeated call reads them back (they share requested_at).
                    Map<String, List<CertificateRequestEntity>> bySerial = new TreeMap<>();
                    all.stream().filter(Revocations::revocable).forEach(c -> bySerial.computeIfAbsent(
                                    c.serialNumber, s -> new ArrayList<>())
                            .add(c));
                    return RevocationRequestEntity.pending(tenant, List.copyOf(bySerial.keySet()))
                            .chain(pending -> {
                                Set<String> inFlight = pending.stream()
                                        .map(r -> r.serialNumber)
                                        .collect(Collectors.toSet());
                                List<RevocationRequestEntity> created = new ArrayList<>();
                                Uni<Void> steps = Uni.createFrom().voidItem();
                                for (List<CertificateRequestEntity> certificates : bySerial.values()) {
                                    if (inFlight.contains(certificates.get(0).serialNumber)) {
                                        continue;
                                    }
                                    // One after the other: a reactive session runs one operation at a time.
                                    steps = steps.chain(() -> revokeAndRemove(
                                                    certificates, RETIRE_REASON, trigger, requestedBy, now)
                                            .invoke(created::add)
                                            .replaceWithVoid());
                                }
                                return steps.replaceWith(created);
                            });
                })
                .call(() -> outbox.add(DeviceRetired.of(
                        EventEnvelope.newEnvelope(tenant, device.retireRequestId.toString(), null),
                        device.deviceId,
                        device.userId,
                        action)));
    }

    /** A revocation and, when the certificate can be named on the device, the delivery that removes it there. */
    private Uni<RevocationRequestEntity> revokeAndRemove(
            List<CertificateRequestEntity> certificates,
            RevocationReason reason,
            RevocationTrigger trigger,
            String requestedBy,
            OffsetDateTime now) {
        CertificateRequestEntity certificate = certificates.get(0);
        // The device finds a certificate by thumbprint; without one (never the case for a certificate issued
        // here) there is nothing to name, and the revocation alone still takes effect.
        UUID deliveryId = certificate.thumbprint == null ? null : UUID.randomUUID();
        return request(certificates, reason, trigger, requestedBy, deliveryId, now)
                .call(revocation -> deliveryId == null
                        ? Uni.createFrom().voidItem()
                        : outbox.add(DeliveryRequested.of(
                                EventEnvelope.newEnvelope(certificate.tenantId, deliveryId.toString(), null),
                                certificate.deviceId,
                                DeliveryKind.REMOVE,
                                certificate.requestId.toString(),
                                certificate.serialNumber,
                                certificate.thumbprint,
                                null,
                                null,
                                null,
                                null)));
    }

    /** PostgreSQL keeps microseconds: the first answer shows what a repeated call reads back. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private Uni<RevocationRequestEntity> request(
            List<CertificateRequestEntity> certificates,
            RevocationReason reason,
            RevocationTrigger trigger,
            String requestedBy,
            UUID deliveryId,
            OffsetDateTime now) {
        CertificateRequestEntity certificate = certificates.get(0);
        RevocationRequestEntity revocation = new RevocationRequestEntity();
        revocation.revocationId = UUID.randomUUID();
        revocation.tenantId = certificate.tenantId;
        revocation.serialNumber = certificate.serialNumber;
        revocation.reason = reason.wireName();
        revocation.trigger = trigger.wireName();
        revocation.deviceId = certificate.deviceId;
        revocation.certificateRequestId = certificate.requestId;
        revocation.deliveryId = deliveryId;
        revocation.requestedBy = requestedBy;
        revocation.status = RevocationStates.PENDING;
        revocation.requestedAt = now;
        revocation.statusChangedAt = now;
        for (CertificateRequestEntity each : certificates) {
            if (RevokeStatuses.canMove(each.revokeStatus, RevokeStatuses.PENDING)) {
                each.revokeStatus = RevokeStatuses.PENDING;
            }
        }
        RevocationRequested event = RevocationRequested.of(
                EventEnvelope.newEnvelope(revocation.tenantId, revocation.revocationId.toString(), null),
                revocation.serialNumber,
                reason,
                trigger,
                revocation.deviceId,
                requestedBy);
        return revocation.persist().chain(() -> outbox.add(event)).replaceWith(revocation);
    }
}
