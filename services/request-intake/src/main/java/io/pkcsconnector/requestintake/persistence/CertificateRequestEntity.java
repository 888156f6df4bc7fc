package io.pkcsconnector.requestintake.persistence;

import io.pkcsconnector.requestintake.RevokeStatuses;
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

@Entity
@Table(name = "certificate_request")
public class CertificateRequestEntity extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "idempotency_key", nullable = false)
    public String idempotencyKey;

    @Column(name = "body_hash", nullable = false)
    public String bodyHash;

    @Column(name = "device_id", nullable = false)
    public String deviceId;

    @Column(name = "profile_id", nullable = false)
    public String profileId;

    /** A Graph {@code certificateIssuanceState} value. */
    @Column(nullable = false)
    public String status;

    @Column(name = "serial_number")
    public String serialNumber;

    public String thumbprint;

    @Column(name = "not_before")
    public OffsetDateTime notBefore;

    @Column(name = "not_after")
    public OffsetDateTime notAfter;

    @Column(name = "key_length")
    public Integer keyLength;

    /** Comma-separated OIDs. */
    @Column(name = "extended_key_usages")
    public String extendedKeyUsages;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "status_changed_at", nullable = false)
    public OffsetDateTime statusChangedAt;

    /** A Graph {@code certificateRevocationStatus} value ({@link RevokeStatuses}). */
    @Column(name = "revoke_status", nullable = false)
    public String revokeStatus = RevokeStatuses.NONE;

    /**
     * {@code ProfileRules.certificateFingerprint} of the profile when the request was made; null for requests older
     * than check-in.
     */
    @Column(name = "profile_fingerprint")
    public String profileFingerprint;

    /** Why a check-in made the request ({@code initial}, {@code retry}, {@code renewal}, {@code profileChanged}). */
    public String reason;

    /**
     * When the certificate is due for renewal (threshold plus jitter, whole seconds), once the renewal sweep has
     * scheduled it; null before.
     */
    @Column(name = "renewal_at")
    public OffsetDateTime renewalAt;

    /** The request this one replaces (renewal or profile change), else null. */
    @Column(name = "supersedes_request_id")
    public UUID supersedesRequestId;

    /** The CRL entry's revocation date, once the CA revoked the certificate. */
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    public static Uni<CertificateRequestEntity> find(String tenantId, UUID requestId) {
        return find("tenantId = ?1 and requestId = ?2", tenantId, requestId).firstResult();
    }

    public static Uni<CertificateRequestEntity> findByIdempotencyKey(String tenantId, String key) {
        return find("tenantId = ?1 and idempotencyKey = ?2", tenantId, key).firstResult();
    }

    /** The latest request of a device for a profile, or null. */
    public static Uni<CertificateRequestEntity> latest(String tenantId, String deviceId, String profileId) {
        return find(
                        "tenantId = ?1 and deviceId = ?2 and profileId = ?3 order by createdAt desc",
                        tenantId,
                        deviceId,
                        profileId)
                .firstResult();
    }

    public static Uni<List<CertificateRequestEntity>> forProfile(String tenantId, String profileId) {
        return list("tenantId = ?1 and profileId = ?2 order by createdAt", tenantId, profileId);
    }

    public static Uni<List<CertificateRequestEntity>> forDevice(String tenantId, String deviceId) {
        return list("tenantId = ?1 and deviceId = ?2 order by createdAt", tenantId, deviceId);
    }

    /**
     * The certificates with this serial, locked for a revocation step. Always locked before the revocation
     * requests of the serial, so that concurrent steps on one certificate cannot deadlock.
     */
    public static Uni<List<CertificateRequestEntity>> lockBySerial(String tenantId, String serialNumber) {
        return find("tenantId = ?1 and serialNumber = ?2 order by createdAt", tenantId, serialNumber)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /** The device's certificate requests, locked while its retire or wipe decides what to revoke. */
    public static Uni<List<CertificateRequestEntity>> lockForDevice(String tenantId, String deviceId) {
        return find("tenantId = ?1 and deviceId = ?2 order by createdAt", tenantId, deviceId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }
}
