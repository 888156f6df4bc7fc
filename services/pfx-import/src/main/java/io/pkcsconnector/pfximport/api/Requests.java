package io.pkcsconnector.pfximport.api;

import io.pkcsconnector.servicecommon.api.ProblemException;

/** Checks of raw request values before they reach a query. */
final class Requests {

    private Requests() {}

    /** PostgreSQL refuses NUL in text and nothing legitimate has control characters: a 400, not a 500. */
    static String requirePrintable(String value, String what) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("invalid-characters", what + " must not contain control characters");
        }
        return value;
    }
}
