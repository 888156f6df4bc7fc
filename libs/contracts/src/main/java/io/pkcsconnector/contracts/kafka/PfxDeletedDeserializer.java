package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.PfxDeleted;

/** Reads {@link PfxDeleted}; configure as {@code value.deserializer} for {@code PfxDeleted.TOPIC}. */
public class PfxDeletedDeserializer extends EventDeserializer<PfxDeleted> {

    public PfxDeletedDeserializer() {
        super(PfxDeleted.class);
    }
}
