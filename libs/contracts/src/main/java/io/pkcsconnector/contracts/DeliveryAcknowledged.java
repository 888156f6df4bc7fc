package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * A device reported what became of a delivery. {@code requestId} is the delivery id, so {@code deliveryId}
 * always equals it.
 *
 * @param errorCode the device's code when the install failed, else null
 */
public record DeliveryAcknowledged(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String deliveryId,
        String deviceId,
        DeliveryStatus status,
        String errorCode)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.DELIVERY_ACKNOWLEDGED;

    public DeliveryAcknowledged {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        DeliveryRequested.checkDeliveryId(deliveryId, requestId);
        Checks.text(deviceId, "deviceId");
        Checks.present(status, "status");
        Checks.optionalText(errorCode, "errorCode");
    }

    /** {@code deliveryId} is the envelope's {@code requestId}. */
    public static DeliveryAcknowledged of(
            EventEnvelope envelope, String deviceId, DeliveryStatus status, String errorCode) {
        return new DeliveryAcknowledged(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                envelope.requestId(),
                deviceId,
                status,
                errorCode);
    }

    @Override
    public String partitionKey() {
        return deviceId;
    }
}
