package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.CertificateRequested;

/** Reads {@link CertificateRequested}; configure as {@code value.deserializer} for {@code CertificateRequested.TOPIC}. */
public class CertificateRequestedDeserializer extends EventDeserializer<CertificateRequested> {

    public CertificateRequestedDeserializer() {
        super(CertificateRequested.class);
    }
}
