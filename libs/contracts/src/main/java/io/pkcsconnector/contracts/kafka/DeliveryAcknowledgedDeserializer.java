package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.DeliveryAcknowledged;

/** Reads {@link DeliveryAcknowledged}; configure as {@code value.deserializer} for {@code DeliveryAcknowledged.TOPIC}. */
public class DeliveryAcknowledgedDeserializer extends EventDeserializer<DeliveryAcknowledged> {

    public DeliveryAcknowledgedDeserializer() {
        super(DeliveryAcknowledged.class);
    }
}
