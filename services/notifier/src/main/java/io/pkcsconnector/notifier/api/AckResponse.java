package io.pkcsconnector.notifier.api;

import io.pkcsconnector.notifier.persistence.Delivery;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The recorded acknowledgement; a repeated identical acknowledgement answers the same. */
@Schema(name = "DeliveryAckResult")
public record AckResponse(
        String deliveryId,
        @Schema(enumeration = {"installed", "installFailed"}) String status,
        String errorCode,
        Instant acknowledgedDateTime) {

    static AckResponse of(Delivery delivery) {
        return new AckResponse(
                delivery.deliveryId,
                delivery.status.wireName(),
                delivery.errorCode,
                delivery.acknowledgedAt.toInstant());
    }
}
