package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.PfxImported;

/** Reads {@link PfxImported}; configure as {@code value.deserializer} for {@code PfxImported.TOPIC}. */
public class PfxImportedDeserializer extends EventDeserializer<PfxImported> {

    public PfxImportedDeserializer() {
        super(PfxImported.class);
    }
}
