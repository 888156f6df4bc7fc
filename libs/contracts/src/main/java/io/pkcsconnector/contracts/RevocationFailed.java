package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * A {@link RevocationRequested} could not be carried out. {@code requestId} is the revocation request id.
 *
 * @param errorCode a stable camelCase code, e.g. {@code unknownSerial} or {@code alreadyRevoked}
 * @param errorMessage for people; may change between releases
 */
public record RevocationFailed(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String serialNumber,
        String errorCode,
        String errorMessage)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.REVOCATION_FAILED;

    public RevocationFailed {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        serialNumber = Checks.serialNumber(serialNumber, "serialNumber");
        Checks.text(errorCode, "errorCode");
        Checks.text(errorMessage, "errorMessage");
    }

    public static RevocationFailed of(
            EventEnvelope envelope, String serialNumber, String errorCode, String errorMessage) {
        return new RevocationFailed(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                serialNumber,
                errorCode,
                errorMessage);
    }

    @Override
    public String partitionKey() {
        return serialNumber;
    }
}
