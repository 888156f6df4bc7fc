package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.CertificateIssued;

/** Reads {@link CertificateIssued}; configure as {@code value.deserializer} for {@code CertificateIssued.TOPIC}. */
public class CertificateIssuedDeserializer extends EventDeserializer<CertificateIssued> {

    public CertificateIssuedDeserializer() {
        super(CertificateIssued.class);
    }
}
