package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.RevocationFailed;

/** Reads {@link RevocationFailed}; configure as {@code value.deserializer} for {@code RevocationFailed.TOPIC}. */
public class RevocationFailedDeserializer extends EventDeserializer<RevocationFailed> {

    public RevocationFailedDeserializer() {
        super(RevocationFailed.class);
    }
}
