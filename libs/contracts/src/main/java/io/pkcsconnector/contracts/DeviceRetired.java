package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * A device left management. Its certificates are revoked through {@link RevocationRequested} events of their
 * own; this one tells pfx-import and the notifier to stop delivering to it. {@code requestId} is the id of the
 * retire or wipe call.
 */
public record DeviceRetired(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String deviceId,
        String userId,
        RetireAction action)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.DEVICE_RETIRED;

    public DeviceRetired {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(deviceId, "deviceId");
        Checks.text(userId, "userId");
        Checks.present(action, "action");
    }

    public static DeviceRetired of(EventEnvelope envelope, String deviceId, String userId, RetireAction action) {
        return new DeviceRetired(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                deviceId,
                userId,
                action);
    }

    @Override
    public String partitionKey() {
        return deviceId;
    }
}
