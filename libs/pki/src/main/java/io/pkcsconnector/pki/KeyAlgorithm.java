package io.pkcsconnector.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The key algorithms a certificate (and a CA) can have. The wire names are the values of the Intune
 * profile property {@code keyAlgorithm}.
 */
public enum KeyAlgorithm {
    RSA_2048("rsa2048", Family.RSA, 2048, null),
    RSA_3072("rsa3072", Family.RSA, 3072, null),
    RSA_4096("rsa4096", Family.RSA, 4096, null),
    EC_P256("ecP256", Family.EC, 256, "secp256r1"),
    EC_P384("ecP384", Family.EC, 384, "secp384r1");

    /** Key families differ in which key usages make sense, so templates configure them separately. */
    public enum Family {
        RSA,
        EC
    }

    private final String wireName;
    private final Family family;
    private final int keySize;
    private final String curve;

    KeyAlgorithm(String wireName, Family family, int keySize, String curve) {
        this.wireName = wireName;
        this.family = family;
        this.keySize = keySize;
        this.curve = curve;
    }

    public String wireName() {
        return wireName;
    }

    public Family family() {
        return family;
    }

    /** Modulus length for RSA, field size for EC, in bits. */
    public int keySize() {
        return keySize;
    }

    public boolean isRsa() {
        return family == Family.RSA;
    }

    public boolean isEc() {
        return family == Family.EC;
    }

    /**
     * Parses a wire name exactly (they are case sensitive in the Graph API, so {@code RSA2048} is refused
     * rather than guessed).
     */
    public static KeyAlgorithm fromWireName(String wireName) {
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.wireName.equals(wireName)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown key algorithm '" + wireName + "', expected one of "
                + Arrays.stream(values()).map(KeyAlgorithm::wireName).collect(Collectors.joining(", ")));
    }

    /** The algorithm a public key has, or empty for keys this system does not issue (e.g. RSA-1024). */
    public static Optional<KeyAlgorithm> of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return Arrays.stream(values())
                    .filter(a -> a.isRsa() && a.keySize == bits)
                    .findFirst();
        }
        if (key instanceof ECPublicKey) {
            // The curve is identified by its OID in the encoding: matching on field size alone would take
            // brainpoolP256r1 or secp256k1 for P-256.
            ASN1Encodable parameters = SubjectPublicKeyInfo.getInstance(key.getEncoded())
                    .getAlgorithm()
                    .getParameters();
            return Arrays.stream(values())
                    .filter(a -> a.isEc() && a.curveOid().equals(parameters))
                    .findFirst();
        }
        return Optional.empty();
    }

    /**
     * Generates a fresh key pair. RSA comes from the JDK (faster key generation than BC), EC from Bouncy
     * Castle (6-7x faster than SunEC on JDK 17).
     */
    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator;
            if (isRsa()) {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(
                        new RSAKeyGenParameterSpec(keySize, RSAKeyGenParameterSpec.F4), CryptoProviders.random());
            } else {
                generator = KeyPairGenerator.getInstance("EC", CryptoProviders.bouncyCastle());
                generator.initialize(new ECGenParameterSpec(curve), CryptoProviders.random());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate a " + wireName + " key pair", e);
        }
    }

    /** The signature algorithm a CA with a key of this algorithm signs with. */
    String signatureAlgorithm() {
        return switch (this) {
            case RSA_2048, RSA_3072, RSA_4096 -> "SHA256withRSA";
            case EC_P256 -> "SHA256withECDSA";
            case EC_P384 -> "SHA384withECDSA";
        };
    }

    ASN1ObjectIdentifier curveOid() {
        return switch (this) {
            case EC_P256 -> SECObjectIdentifiers.secp256r1;
            case EC_P384 -> SECObjectIdentifiers.secp384r1;
            default -> throw new IllegalStateException(wireName + " is not an EC algorithm");
        };
    }
}
