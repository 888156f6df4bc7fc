package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * The connector gave up on a {@link CertificateRequested}. {@code requestId} is the certificate request id.
 *
 * @param errorCode a stable camelCase code (e.g. {@code templateViolation}, {@code caUnavailable}) that clients
 *     can switch on
 * @param errorMessage for people; may change between releases
 * @param permanent true when retrying the same request cannot succeed (a template violation); false when the
 *     retries ran out on a transient cause, so that a later check-in may ask again
 * @param attempts how many times the connector tried, the last one included
 */
public record CertificateIssuanceFailed(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String deviceId,
        String profileId,
        String errorCode,
        String errorMessage,
        boolean permanent,
        int attempts,
        String connectorId)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.CERT_FAILED;

    public CertificateIssuanceFailed {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(deviceId, "deviceId");
        Checks.text(profileId, "profileId");
        Checks.text(errorCode, "errorCode");
        Checks.text(errorMessage, "errorMessage");
        Checks.positive(attempts, "attempts");
        Checks.text(connectorId, "connectorId");
    }

    public static CertificateIssuanceFailed of(
            EventEnvelope envelope,
            String deviceId,
            String profileId,
            String errorCode,
            String errorMessage,
            boolean permanent,
            int attempts,
            String connectorId) {
        return new CertificateIssuanceFailed(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                deviceId,
                profileId,
                errorCode,
                errorMessage,
                permanent,
                attempts,
                connectorId);
    }

    @Override
    public String partitionKey() {
        return requestId;
    }
}
