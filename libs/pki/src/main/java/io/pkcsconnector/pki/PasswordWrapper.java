package io.pkcsconnector.pki;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * Encrypts a PFX password for one device with RSA-OAEP, so that only that device can open its PFX. The
 * OAEP parameters are always given explicitly: provider defaults differ (the JDK's use MGF1 with SHA-1).
 */
public final class PasswordWrapper {

    private static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";

    private PasswordWrapper() {}

    /** RSA-OAEP with SHA-256 and MGF1-SHA-256, the {@code oaepSha256} of the delivery contract. */
    public static byte[] wrap(byte[] password, PublicKey deviceKey) {
        return wrap(password, deviceKey, OaepPadding.OAEP_SHA256);
    }

    /**
     * @throws InvalidDeviceKeyException if the key is not RSA of at least 2048 bits
     * @throws IllegalArgumentException if the password is too long for the key and padding
     */
    public static byte[] wrap(byte[] password, PublicKey deviceKey, OaepPadding padding) {
        RSAPublicKey rsa = DeviceKeys.requireUsable(deviceKey);
        int capacity = (rsa.getModulus().bitLength() + 7) / 8 - 2 * padding.digestLength() - 2;
        if (password.length == 0 || password.length > capacity) {
            throw new IllegalArgumentException(
                    "password must be 1 to " + capacity + " bytes for this key, got " + password.length);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, rsa, padding.parameterSpec(), CryptoProviders.random());
            return cipher.doFinal(password);
        } catch (GeneralSecurityException e) {
            throw new PkiException("RSA-OAEP encryption failed: " + e.getMessage(), e);
        }
    }

    public static byte[] unwrap(byte[] wrapped, PrivateKey key) {
        return unwrap(wrapped, key, OaepPadding.OAEP_SHA256);
    }

    /**
     * Decrypts what {@link #wrap} produced; used by the PFX import service, whose key pairs receive
     * passwords wrapped by administrators.
     *
     * @throws IllegalArgumentException if the ciphertext was not made for this key and padding
     */
    public static byte[] unwrap(byte[] wrapped, PrivateKey key, OaepPadding padding) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, padding.parameterSpec());
            return cipher.doFinal(wrapped);
        } catch (BadPaddingException | IllegalBlockSizeException | InvalidKeyException e) {
            throw new IllegalArgumentException(
                    "wrapped password cannot be decrypted with this key and " + padding.wireName(), e);
        } catch (GeneralSecurityException e) {
            throw new PkiException("RSA-OAEP decryption failed: " + e.getMessage(), e);
        }
    }
}
