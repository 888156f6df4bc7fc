package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Key algorithms as the Intune profile property {@code keyAlgorithm} names them. The PKI core has its own enum
 * with the crypto behind each value; this one is the wire form, so that the contracts need no Bouncy Castle.
 */
public enum KeyAlgorithm {
    RSA_2048("rsa2048", 2048),
    RSA_3072("rsa3072", 3072),
    RSA_4096("rsa4096", 4096),
    EC_P256("ecP256", 256),
    EC_P384("ecP384", 384);

    private final String wireName;
    private final int keySize;

    KeyAlgorithm(String wireName, int keySize) {
        this.wireName = wireName;
        this.keySize = keySize;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Modulus length for RSA, field size for EC, in bits: what {@code keyLength} reports. */
    public int keySize() {
        return keySize;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static KeyAlgorithm fromWireName(String wireName) {
        return Checks.wireValue(values(), KeyAlgorithm::wireName, wireName, "key algorithm");
    }
}
