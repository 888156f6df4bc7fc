package io.pkcsconnector.pki;

/**
 * A wrapped import private key cannot be opened: the key-encryption key is not the one it was wrapped
 * with, the blob was altered or truncated, it was stored under another name, or its format version is
 * unknown. The service cannot decrypt PFX passwords for that key until its configuration is fixed, so
 * this is not the API caller's fault. Messages never contain key material.
 */
public class ImportKeyException extends PkiException {

    public ImportKeyException(String message, Throwable cause) {
        super(message, cause);
    }

    public ImportKeyException(String message) {
        super(message);
    }
}
