package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.persistence.RevocationRequestEntity;
import java.time.OffsetDateTime;

/**
 * A revocation request and its outcome.
 *
 * @param reason the RFC 5280 name that goes into the CRL entry
 * @param trigger admin, retire, wipe (or renewal)
 * @param status pending, revoked or failed; a failed revocation leaves the certificate valid
 * @param revokedAt the CRL entry's revocation date
 * @param errorCode the revocation-worker's stable code when it failed
 */
public record RevocationView(
        String id,
        String serialNumber,
        String reason,
        String trigger,
        String status,
        String deviceId,
        String certificateRequestId,
        OffsetDateTime requestedAt,
        OffsetDateTime revokedAt,
        String errorCode,
        String errorMessage) {

    static RevocationView of(RevocationRequestEntity e) {
        return new RevocationView(
                e.revocationId.toString(),
                e.serialNumber,
                e.reason,
                e.trigger,
                e.status,
                e.deviceId,
                e.certificateRequestId == null ? null : e.certificateRequestId.toString(),
                e.requestedAt,
                e.revokedAt,
                e.errorCode,
                e.errorMessage);
    }
}
