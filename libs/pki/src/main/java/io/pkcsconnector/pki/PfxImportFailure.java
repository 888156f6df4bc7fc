package io.pkcsconnector.pki;

/**
 * Why an imported PFX (or its encrypted password) was refused, machine-readable. The wire names are
 * stable: the PFX-import service returns them as the error code of its problem responses, so renaming
 * one is a contract change.
 */
public enum PfxImportFailure {
    /** {@code encryptedPfxPassword} is not base64, or does not decrypt with the import key and padding. */
    PASSWORD_DECRYPTION_FAILED("passwordDecryptionFailed"),
    /** The PFX's MAC (or, without a MAC, its encryption) does not check out with the given password. */
    WRONG_PASSWORD("wrongPassword"),
    /** Not a PKCS#12 structure, truncated, or contents that cannot be read even with the right password. */
    CORRUPT_PFX("corruptPfx"),
    /** No private key in the PFX. */
    NO_PRIVATE_KEY("noPrivateKey"),
    /** More than one private key: it would be ambiguous which certificate is being imported. */
    MULTIPLE_PRIVATE_KEYS("multiplePrivateKeys"),
    /** A private key but no certificate at all. */
    NO_CERTIFICATE("noCertificate"),
    /** No certificate in the PFX has the private key's public key. */
    KEY_DOES_NOT_MATCH_CERTIFICATE("keyDoesNotMatchCertificate"),
    /** The certificate's notAfter has passed. */
    EXPIRED("expired"),
    /** The caller's {@code thumbprint} is not the certificate's SHA-1. */
    THUMBPRINT_MISMATCH("thumbprintMismatch"),
    /** The caller's start or expiration date is more than a second off the certificate's. */
    DATES_MISMATCH("datesMismatch");

    private final String wireName;

    PfxImportFailure(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
