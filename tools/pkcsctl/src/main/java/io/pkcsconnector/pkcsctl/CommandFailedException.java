package io.pkcsconnector.pkcsctl;

/**
 * A command cannot go on for a reason found locally (an unreadable file, a PFX that does not open, a
 * password the service could not receive): exit status 1, the message on stderr. Messages never contain
 * the password or key material.
 */
final class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailedException(String message) {
        super(message);
    }
}
