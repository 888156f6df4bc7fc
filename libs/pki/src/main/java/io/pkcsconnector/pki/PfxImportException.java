package io.pkcsconnector.pki;

/**
 * An imported PFX or its password is refused. This is the administrator's input, so it is a final 4xx
 * answer with {@link #failure()} as its error code, like {@link TemplateViolationException} for issuance.
 * Messages never contain the password, the PFX or key material.
 */
public class PfxImportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final PfxImportFailure failure;

    public PfxImportException(PfxImportFailure failure, String message) {
        super(failure.wireName() + ": " + message);
        this.failure = failure;
    }

    public PfxImportException(PfxImportFailure failure, String message, Throwable cause) {
        super(failure.wireName() + ": " + message, cause);
        this.failure = failure;
    }

    public PfxImportFailure failure() {
        return failure;
    }
}
