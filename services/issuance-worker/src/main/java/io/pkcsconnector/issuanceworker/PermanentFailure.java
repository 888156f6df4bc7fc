package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.pki.TemplateViolationException;
import io.pkcsconnector.pki.ViolationCode;
import java.util.Locale;

/**
 * A request that can never succeed as it stands: retrying it would give the same answer, so it gets a terminal
 * {@code failed} record and a {@code CertificateIssuanceFailed} with {@code permanent=true} at once.
 *
 * @param errorCode stable camelCase code clients switch on, e.g. {@code templateViolation.keyTooSmall}
 * @param errorMessage for people: names what is wrong, never key material or a password
 */
public record PermanentFailure(String errorCode, String errorMessage) {

    /** Longer messages only repeat themselves; the event and the row stay small. */
    static final int MAX_MESSAGE_LENGTH = 500;

    public static final String INVALID_DEVICE_KEY = "invalidDeviceKey";
    public static final String INVALID_SUBJECT = "invalidSubject";
    public static final String INVALID_SUBJECT_ALTERNATIVE_NAME = "invalidSubjectAlternativeName";
    public static final String INVALID_EXTENDED_KEY_USAGE = "invalidExtendedKeyUsage";
    public static final String INVALID_REQUEST = "invalidRequest";

    public PermanentFailure {
        if (errorMessage == null || errorMessage.isBlank()) {
            errorMessage = errorCode;
        }
        if (errorMessage.length() > MAX_MESSAGE_LENGTH) {
            errorMessage = errorMessage.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
        }
    }

    public static PermanentFailure of(TemplateViolationException violation) {
        return new PermanentFailure(errorCode(violation.code()), violation.getMessage());
    }

    /** {@code KEY_TOO_SMALL} → {@code templateViolation.keyTooSmall}. */
    public static String errorCode(ViolationCode code) {
        StringBuilder camel = new StringBuilder("templateViolation.");
        boolean upper = false;
        for (char c : code.name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
