package io.pkcsconnector.pki;

import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Decrypts the {@code encryptedPfxPassword} of an imported PFX with the import private key. The Intune
 * PowerShell module encrypts the password one byte per character (the low byte of each UTF-16 unit, i.e.
 * ISO-8859-1 for the characters it can carry), so each decrypted byte becomes one {@code char}.
 */
public final class ImportedPasswordDecryptor {

    private ImportedPasswordDecryptor() {}

    /**
     * @param encryptedPfxPassword base64 (standard alphabet) of the RSA-OAEP ciphertext
     * @return the password; the caller should clear it when done
     * @throws PfxImportException with {@link PfxImportFailure#PASSWORD_DECRYPTION_FAILED} if the value is not
     *     base64 or was not encrypted for this key with this padding
     */
    public static char[] decrypt(String encryptedPfxPassword, PrivateKey importKey, ImportPaddingScheme padding) {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(encryptedPfxPassword == null ? "" : encryptedPfxPassword.strip());
        } catch (IllegalArgumentException e) {
            throw new PfxImportException(
                    PfxImportFailure.PASSWORD_DECRYPTION_FAILED, "encryptedPfxPassword is not valid base64");
        }
        if (ciphertext.length == 0) {
            throw new PfxImportException(PfxImportFailure.PASSWORD_DECRYPTION_FAILED, "encryptedPfxPassword is empty");
        }
        return decrypt(ciphertext, importKey, padding);
    }

    /** The same for the raw ciphertext. */
    public static char[] decrypt(byte[] ciphertext, PrivateKey importKey, ImportPaddingScheme padding) {
        byte[] password;
        try {
            password = PasswordWrapper.unwrap(ciphertext, importKey, padding.oaepPadding());
        } catch (IllegalArgumentException e) {
            throw new PfxImportException(
                    PfxImportFailure.PASSWORD_DECRYPTION_FAILED,
                    "encryptedPfxPassword cannot be decrypted with this import key and padding scheme "
                            + padding.wireName() + " (" + padding.oaepPadding().wireName() + ")",
                    e);
        }
        char[] chars = new char[password.length];
        for (int i = 0; i < password.length; i++) {
            chars[i] = (char) (password[i] & 0xFF);
        }
        Arrays.fill(password, (byte) 0);
        return chars;
    }
}
