package io.pkcsconnector.requestintake.persistence;

import io.pkcsconnector.requestintake.RevocationStates;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A revocation this service asked the revocation-worker for, and its outcome. */
@Entity
@Table(name = "revocation_request")
public class RevocationRequestEntity extends PanacheEntityBase {

    /** The {@code requestId} of the RevocationRequested event and of the worker's answer to it. */
    @Id
    @Column(name = "revocation_id")
    public UUID revocationId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    /** Lower-case hex, spelled as {@code certificate_request.serial_number}. */
    @Column(name = "serial_number", nullable = false)
    public String serialNumber;

    /** A {@code RevocationReason} wire name (RFC 5280). */
    @Column(nullable = false)
    public String reason;

    /** A {@code RevocationTrigger} wire name. */
    @Column(nullable = false)
    public String trigger;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "certificate_request_id")
    public UUID certificateRequestId;

    /** The {@code remove} delivery sent with a retire or wipe, else null. */
    @Column(name = "delivery_id")
    public UUID deliveryId;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    /** A {@link RevocationStates} value. */
    @Column(nullable = false)
    public String status;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "requested_at", nullable = false)
    public OffsetDateTime requestedAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "status_changed_at", nullable = false)
    public OffsetDateTime statusChangedAt;

    public static Uni<RevocationRequestEntity> find(String tenantId, UUID revocationId) {
        return find("tenantId = ?1 and revocationId = ?2", tenantId, revocationId)
                .firstResult();
    }

    public static Uni<RevocationRequestEntity> lock(String tenantId, UUID revocationId) {
        return find("tenantId = ?1 and revocationId = ?2", tenantId, revocationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The revocation of this certificate that is in flight, if any (there is at most one). */
    public static Uni<RevocationRequestEntity> pending(String tenantId, String serialNumber) {
        return find(
                        "tenantId = ?1 and serialNumber = ?2 and status = ?3",
                        tenantId,
                        serialNumber,
                        RevocationStates.PENDING)
                .firstResult();
    }

    /** The revocations in flight of these certificates. */
    public static Uni<List<RevocationRequestEntity>> pending(String tenantId, List<String> serialNumbers) {
        if (serialNumbers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list(
                "tenantId = ?1 and serialNumber in ?2 and status = ?3",
                tenantId,
                serialNumbers,
                RevocationStates.PENDING);
    }

    /**
     * What a CertificateRevoked for this serial completes, locked: every revocation of it in flight, and the one
     * it names even when that one had failed.
     */
    public static Uni<List<RevocationRequestEntity>> lockCompletedBy(
            String tenantId, String serialNumber, UUID namedRevocationId) {
        if (namedRevocationId == null) {
            return find(
                            "tenantId = ?1 and serialNumber = ?2 and status = ?3",
                            tenantId,
                            serialNumber,
                            RevocationStates.PENDING)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .list();
        }
        return find(
                        "tenantId = ?1 and serialNumber = ?2 and (status = ?3 or revocationId = ?4)",
                        tenantId,
                        serialNumber,
                        RevocationStates.PENDING,
                        namedRevocationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** The revocations a device's retire or wipe created, oldest first. */
    public static Uni<List<RevocationRequestEntity>> ofRetire(String tenantId, String deviceId, String trigger) {
        return list(
                "tenantId = ?1 and deviceId = ?2 and trigger = ?3 order by requestedAt, serialNumber",
                tenantId,
                deviceId,
                trigger);
    }
}
