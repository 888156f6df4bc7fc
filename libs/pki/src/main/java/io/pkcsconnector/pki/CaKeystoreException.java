package io.pkcsconnector.pki;

/**
 * The CA keystore cannot be read or written. A service cannot issue without its CA, so this is fatal at
 * start-up. Messages name the file and the cause, never the password.
 */
public class CaKeystoreException extends PkiException {

    public CaKeystoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public CaKeystoreException(String message) {
        super(message);
    }
}
