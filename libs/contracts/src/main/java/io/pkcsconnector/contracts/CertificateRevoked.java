package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * The CA revoked a certificate; the next CRL and every OCSP response from now on say so. {@code requestId} is the
 * revocation request id.
 *
 * @param serialNumber lower-case hex
 * @param revokedAt the revocation date in the CRL entry, which may precede {@code occurredAt}
 * @param deviceId the device the certificate was issued to, when known
 * @param issuanceRequestId the certificate request that produced the certificate, when it was issued here, so
 *     request-intake can move that request to {@code revoked}
 */
public record CertificateRevoked(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String serialNumber,
        String caId,
        RevocationReason reason,
        Instant revokedAt,
        String deviceId,
        String issuanceRequestId)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.CERT_REVOKED;

    public CertificateRevoked {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        serialNumber = Checks.serialNumber(serialNumber, "serialNumber");
        Checks.text(caId, "caId");
        Checks.present(reason, "reason");
        Checks.present(revokedAt, "revokedAt");
        Checks.optionalText(deviceId, "deviceId");
        Checks.optionalText(issuanceRequestId, "issuanceRequestId");
    }

    public static CertificateRevoked of(
            EventEnvelope envelope,
            String serialNumber,
            String caId,
            RevocationReason reason,
            Instant revokedAt,
            String deviceId,
            String issuanceRequestId) {
        return new CertificateRevoked(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                serialNumber,
                caId,
                reason,
                revokedAt,
                deviceId,
                issuanceRequestId);
    }

    @Override
    public String partitionKey() {
        return serialNumber;
    }
}
