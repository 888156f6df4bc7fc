package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.CaCertificatesPublished;

/** Reads {@link CaCertificatesPublished}; configure as {@code value.deserializer} for {@code CaCertificatesPublished.TOPIC}. */
public class CaCertificatesPublishedDeserializer extends EventDeserializer<CaCertificatesPublished> {

    public CaCertificatesPublishedDeserializer() {
        super(CaCertificatesPublished.class);
    }
}
