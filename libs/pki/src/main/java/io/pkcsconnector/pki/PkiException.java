package io.pkcsconnector.pki;

/**
 * A cryptographic operation failed for a reason the caller did not cause (missing algorithm, broken
 * provider, I/O). Callers' mistakes are {@link IllegalArgumentException}s or {@link
 * TemplateViolationException}s instead, so that a service can map this one to a retryable internal error.
 */
public class PkiException extends RuntimeException {

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }

    public PkiException(String message) {
        super(message);
    }
}
