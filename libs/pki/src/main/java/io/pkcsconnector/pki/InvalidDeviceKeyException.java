package io.pkcsconnector.pki;

/**
 * A device (or import) public key cannot be used to wrap a PFX password: not RSA, shorter than 2048 bits,
 * or not parseable. The request that would use it can never succeed, so this is a caller error.
 */
public class InvalidDeviceKeyException extends IllegalArgumentException {

    public InvalidDeviceKeyException(String message) {
        super(message);
    }

    public InvalidDeviceKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
