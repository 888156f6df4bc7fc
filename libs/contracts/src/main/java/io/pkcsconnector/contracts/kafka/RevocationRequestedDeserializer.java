package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.RevocationRequested;

/** Reads {@link RevocationRequested}; configure as {@code value.deserializer} for {@code RevocationRequested.TOPIC}. */
public class RevocationRequestedDeserializer extends EventDeserializer<RevocationRequested> {

    public RevocationRequestedDeserializer() {
        super(RevocationRequested.class);
    }
}
