package io.pkcsconnector.pki;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The PFX-import key pairs: administrators encrypt the passwords of the PFX files they upload with the
 * public key ({@code encryptedPfxPassword}), and only the service can decrypt them. The private key is
 * stored only wrapped with a key-encryption key (KEK) from configuration.
 *
 * <p>Wrapped format, version 1:
 *
 * <pre>
 * byte 0        version, 0x01
 * bytes 1-12    AES-GCM IV, 96 random bits, new for every wrap
 * bytes 13-     AES-256-GCM ciphertext of the PKCS#8 DER private key, followed by the 128-bit tag
 * associated data (authenticated, not stored): the version byte, then the key name in UTF-8
 * </pre>
 *
 * Binding the name into the tag means that a wrapped key copied into another key's row (another
 * tenant's, say) does not open there; the caller should therefore pass a name that identifies the key
 * globally, e.g. tenant, provider name and key name.
 */
public final class ImportKeys {

    /** The format version byte of {@link #wrapPrivateKey}. */
    public static final byte FORMAT_VERSION = 1;

    public static final int DEFAULT_RSA_BITS = 2048;

    private static final int KEK_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private ImportKeys() {}

    /** An RSA-2048 import key pair. */
    public static KeyPair generate() {
        return generate(DEFAULT_RSA_BITS);
    }

    /** @throws IllegalArgumentException unless {@code rsaBits} is 2048, 3072 or 4096 */
    public static KeyPair generate(int rsaBits) {
        return switch (rsaBits) {
            case 2048 -> KeyAlgorithm.RSA_2048.generateKeyPair();
            case 3072 -> KeyAlgorithm.RSA_3072.generateKeyPair();
            case 4096 -> KeyAlgorithm.RSA_4096.generateKeyPair();
            default -> throw new IllegalArgumentException(
                    "import keys are RSA with 2048, 3072 or 4096 bits, not " + rsaBits);
        };
    }

    /** The public key as the API returns it: PEM SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}). */
    public static String publicKeyPem(PublicKey publicKey) {
        return Pem.publicKey(DeviceKeys.requireUsable(publicKey));
    }

    /**
     * The KEK from its configured form, base64 of 32 random bytes (e.g. {@code openssl rand -base64 32}).
     *
     * @throws IllegalArgumentException if it is not base64 or not 256 bits; the value is not quoted
     */
    public static SecretKey kekFromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the import key-encryption key is not valid base64");
        }
        try {
            return kek(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** @throws IllegalArgumentException unless the key is 32 bytes (AES-256) */
    public static SecretKey kek(byte[] key) {
        if (key == null || key.length != KEK_BYTES) {
            throw new IllegalArgumentException("the import key-encryption key must be 256 bits (32 bytes), got "
                    + (key == null ? 0 : key.length * 8) + " bits");
        }
        return new SecretKeySpec(key, "AES");
    }

    /** Encrypts the private key for storage; see the class comment for the format. */
    public static byte[] wrapPrivateKey(PrivateKey privateKey, String keyName, SecretKey kek) {
        if (!(privateKey instanceof RSAPrivateCrtKey)) {
            throw new IllegalArgumentException("import keys are RSA private keys with CRT parameters");
        }
        byte[] iv = new byte[IV_BYTES];
        CryptoProviders.random().nextBytes(iv);
        byte[] pkcs8 = privateKey.getEncoded();
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, requireKek(kek), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(FORMAT_VERSION, keyName));
            byte[] ciphertext = cipher.doFinal(pkcs8);
            return ByteBuffer.allocate(1 + IV_BYTES + ciphertext.length)
                    .put(FORMAT_VERSION)
                    .put(iv)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new PkiException(
                    "cannot wrap the import key '" + keyName + "': "
                            + e.getClass().getSimpleName(),
                    e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Opens what {@link #wrapPrivateKey} produced for the same name and KEK.
     *
     * @throws ImportKeyException for a wrong KEK, another name, a truncated or altered blob, or an unknown
     *     version
     */
    public static PrivateKey unwrapPrivateKey(byte[] wrapped, String keyName, SecretKey kek) {
        SecretKey aes = requireKek(kek);
        if (wrapped == null || wrapped.length < 1 + IV_BYTES + TAG_BITS / 8) {
            throw new ImportKeyException("wrapped import key '" + keyName + "' is truncated ("
                    + (wrapped == null ? 0 : wrapped.length) + " bytes)");
        }
        if (wrapped[0] != FORMAT_VERSION) {
            throw new ImportKeyException("wrapped import key '" + keyName + "' has unsupported format version "
                    + (wrapped[0] & 0xFF) + "; this version reads " + FORMAT_VERSION);
        }
        byte[] pkcs8 = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(TAG_BITS, wrapped, 1, IV_BYTES));
            cipher.updateAAD(associatedData(wrapped[0], keyName));
            pkcs8 = cipher.doFinal(wrapped, 1 + IV_BYTES, wrapped.length - 1 - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new ImportKeyException(
                    "wrapped import key '" + keyName
                            + "' does not authenticate: wrong key-encryption key, altered data, or wrapped under another"
                            + " name",
                    e);
        } catch (GeneralSecurityException e) {
            throw new ImportKeyException(
                    "cannot unwrap the import key '" + keyName + "': "
                            + e.getClass().getSimpleName(),
                    e);
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            // Authenticated but unreadable means it was wrapped by something other than this class.
            throw new ImportKeyException("wrapped import key '" + keyName + "' is not an RSA PKCS#8 key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static SecretKey requireKek(SecretKey kek) {
        if (kek == null
                || !"AES".equalsIgnoreCase(kek.getAlgorithm())
                || kek.getEncoded() == null
                || kek.getEncoded().length != KEK_BYTES) {
            throw new IllegalArgumentException("the import key-encryption key must be a 256-bit AES key");
        }
        return kek;
    }

    private static byte[] associatedData(byte version, String keyName) {
        if (keyName == null || keyName.isEmpty()) {
            throw new IllegalArgumentException("an import key needs a name to be wrapped under");
        }
        byte[] name = keyName.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + name.length).put(version).put(name).array();
    }
}
