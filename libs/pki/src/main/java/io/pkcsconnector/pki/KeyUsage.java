package io.pkcsconnector.pki;

import java.util.Set;

/** The X.509 key usage bits (RFC 5280 section 4.2.1.3) an end-entity certificate may carry. */
public enum KeyUsage {
    DIGITAL_SIGNATURE(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature, "Digital Signature"),
    /** Called "signature is proof of origin" in AD CS; iOS refuses PKCS certificates that carry it. */
    NON_REPUDIATION(org.bouncycastle.asn1.x509.KeyUsage.nonRepudiation, "Non Repudiation"),
    KEY_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment, "Key Encipherment"),
    DATA_ENCIPHERMENT(org.bouncycastle.asn1.x509.KeyUsage.dataEncipherment, "Data Encipherment"),
    KEY_AGREEMENT(org.bouncycastle.asn1.x509.KeyUsage.keyAgreement, "Key Agreement"),
    KEY_CERT_SIGN(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign, "Certificate Sign"),
    CRL_SIGN(org.bouncycastle.asn1.x509.KeyUsage.cRLSign, "CRL Sign");

    private final int bit;
    private final String displayName;

    KeyUsage(int bit, String displayName) {
        this.bit = bit;
        this.displayName = displayName;
    }

    /** The name OpenSSL and Windows show for this usage. */
    public String displayName() {
        return displayName;
    }

    static org.bouncycastle.asn1.x509.KeyUsage toExtension(Set<KeyUsage> usages) {
        int bits = 0;
        for (KeyUsage usage : usages) {
            bits |= usage.bit;
        }
        return new org.bouncycastle.asn1.x509.KeyUsage(bits);
    }
}
