package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.DeliveryRequested;

/** Reads {@link DeliveryRequested}; configure as {@code value.deserializer} for {@code DeliveryRequested.TOPIC}. */
public class DeliveryRequestedDeserializer extends EventDeserializer<DeliveryRequested> {

    public DeliveryRequestedDeserializer() {
        super(DeliveryRequested.class);
    }
}
