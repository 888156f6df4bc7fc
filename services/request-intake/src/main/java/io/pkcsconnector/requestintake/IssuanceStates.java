package io.pkcsconnector.requestintake;

import java.util.Map;
import java.util.Set;

/**
 * Graph {@code certificateIssuanceState} values this service uses and the transitions it allows. Terminal
 * states are sticky: a replayed or late event never moves a request backwards (the historic reprocessing
 * loop started with exactly that).
 */
public final class IssuanceStates {

    public static final String ISSUE_PENDING = "issuePending";
    public static final String ISSUED = "issued";
    public static final String ISSUE_FAILED = "issueFailed";
    public static final String INSTALLED = "installed";
    public static final String INSTALL_FAILED = "installFailed";
    public static final String REVOKED = "revoked";
    /** Past the profile's renewal threshold: the next check-in requests its successor. */
    public static final String RENEWAL_REQUESTED = "renewalRequested";

    private static final Map<String, Set<String>> NEXT = Map.of(
            // Outcomes travel on separate topics: a device's ack may overtake the connector's cert-issued event.
            ISSUE_PENDING, Set.of(ISSUED, ISSUE_FAILED, INSTALLED, INSTALL_FAILED),
            ISSUED, Set.of(INSTALLED, INSTALL_FAILED, REVOKED, RENEWAL_REQUESTED),
            INSTALLED, Set.of(REVOKED, RENEWAL_REQUESTED),
            RENEWAL_REQUESTED, Set.of(REVOKED),
            INSTALL_FAILED, Set.of(INSTALLED, REVOKED),
            // A transient failure (retries exhausted) may still be followed by the certificate when an operator
            // replays the dead letter; the certificate then exists, so the request shows it.
            ISSUE_FAILED, Set.of(ISSUED),
            REVOKED, Set.of());

    private IssuanceStates() {}

    /** States a request reaches only after its certificate was issued. */
    public static boolean isAfterIssued(String status) {
        return INSTALLED.equals(status)
                || INSTALL_FAILED.equals(status)
                || REVOKED.equals(status)
                || RENEWAL_REQUESTED.equals(status);
    }

    public static boolean canMove(String from, String to) {
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }
}
