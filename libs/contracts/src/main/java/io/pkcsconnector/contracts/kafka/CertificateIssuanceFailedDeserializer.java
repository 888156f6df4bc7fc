package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.CertificateIssuanceFailed;

/** Reads {@link CertificateIssuanceFailed}; configure as {@code value.deserializer} for {@code CertificateIssuanceFailed.TOPIC}. */
public class CertificateIssuanceFailedDeserializer extends EventDeserializer<CertificateIssuanceFailed> {

    public CertificateIssuanceFailedDeserializer() {
        super(CertificateIssuanceFailed.class);
    }
}
