package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.CertificateRevoked;

/** Reads {@link CertificateRevoked}; configure as {@code value.deserializer} for {@code CertificateRevoked.TOPIC}. */
public class CertificateRevokedDeserializer extends EventDeserializer<CertificateRevoked> {

    public CertificateRevokedDeserializer() {
        super(CertificateRevoked.class);
    }
}
