package io.pkcsconnector.pki;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Device management public keys: the RSA keys that PFX passwords are wrapped with. Devices send them as
 * PEM SubjectPublicKeyInfo ({@code managementPublicKey}).
 */
public final class DeviceKeys {

    public static final int MINIMUM_RSA_BITS = 2048;

    /** Larger moduli make every wrap needlessly slow and have no use here. */
    public static final int MAXIMUM_RSA_BITS = 16384;

    private DeviceKeys() {}

    /**
     * Parses one {@code -----BEGIN PUBLIC KEY-----} block holding an RSA key of 2048 bits or more.
     *
     * @throws InvalidDeviceKeyException naming what is wrong: not PEM, not a public key, not RSA, too small
     */
    public static RSAPublicKey parsePem(String pem) {
        List<PemObject> objects;
        try {
            objects = Pem.read(pem);
        } catch (IllegalArgumentException e) {
            throw new InvalidDeviceKeyException("device key is not valid PEM: " + e.getMessage(), e);
        }
        if (objects.size() != 1) {
            throw new InvalidDeviceKeyException("device key must be exactly one PEM block, found " + objects.size());
        }
        PemObject object = objects.get(0);
        if (!object.getType().equals("PUBLIC KEY")) {
            throw new InvalidDeviceKeyException(
                    "device key must be a PEM 'PUBLIC KEY' (SubjectPublicKeyInfo) block, found '" + object.getType()
                            + "'");
        }
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(object.getContent());
        } catch (RuntimeException e) {
            throw new InvalidDeviceKeyException("device key is not a DER SubjectPublicKeyInfo", e);
        }
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getAlgorithm().getAlgorithm())) {
            throw new InvalidDeviceKeyException("device key must be RSA, found algorithm "
                    + info.getAlgorithm().getAlgorithm().getId());
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(object.getContent()));
        } catch (GeneralSecurityException e) {
            throw new InvalidDeviceKeyException("device key is not a valid RSA public key: " + e.getMessage(), e);
        }
        return requireUsable(key);
    }

    /** @throws InvalidDeviceKeyException unless the key is RSA with 2048 to 16384 bits */
    public static RSAPublicKey requireUsable(PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new InvalidDeviceKeyException(
                    "device key must be RSA, found " + (key == null ? "no key" : key.getAlgorithm()));
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MINIMUM_RSA_BITS) {
            throw new InvalidDeviceKeyException(
                    "device key has " + bits + " bits; at least " + MINIMUM_RSA_BITS + " are required");
        }
        if (bits > MAXIMUM_RSA_BITS) {
            throw new InvalidDeviceKeyException(
                    "device key has " + bits + " bits; at most " + MAXIMUM_RSA_BITS + " are supported");
        }
        return rsa;
    }
}
