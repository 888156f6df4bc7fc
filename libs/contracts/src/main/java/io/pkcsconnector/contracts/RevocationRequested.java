package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * A certificate is to be revoked at its CA. {@code requestId} is the revocation request id.
 *
 * @param serialNumber lower-case hex
 * @param reason what goes into the CRL entry
 * @param trigger why it was asked for; retire and wipe always name the device
 * @param deviceId the device the certificate was issued to, when known
 * @param requestedBy the admin's subject, or the service that decided it (e.g. for a renewal)
 */
public record RevocationRequested(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String serialNumber,
        RevocationReason reason,
        RevocationTrigger trigger,
        String deviceId,
        String requestedBy)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.REVOCATION_REQUESTED;

    public RevocationRequested {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        serialNumber = Checks.serialNumber(serialNumber, "serialNumber");
        Checks.present(reason, "reason");
        Checks.present(trigger, "trigger");
        Checks.optionalText(deviceId, "deviceId");
        if (deviceId == null && (trigger == RevocationTrigger.RETIRE || trigger == RevocationTrigger.WIPE)) {
            throw new IllegalArgumentException("deviceId is required when the trigger is " + trigger.wireName());
        }
        Checks.text(requestedBy, "requestedBy");
    }

    public static RevocationRequested of(
            EventEnvelope envelope,
            String serialNumber,
            RevocationReason reason,
            RevocationTrigger trigger,
            String deviceId,
            String requestedBy) {
        return new RevocationRequested(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                serialNumber,
                reason,
                trigger,
                deviceId,
                requestedBy);
    }

    @Override
    public String partitionKey() {
        return serialNumber;
    }
}
