package io.pkcsconnector.requestintake;

import java.util.Map;
import java.util.Set;

/**
 * Graph {@code certificateRevocationStatus} values of one certificate ({@code certificateRevokeStatus} in the
 * certificate states) and the transitions allowed. Kept apart from the issuance state because a failed
 * revocation leaves the certificate valid: its issuance state stays {@code issued} or {@code installed}.
 */
public final class RevokeStatuses {

    /** No revocation was ever asked for. */
    public static final String NONE = "none";

    public static final String PENDING = "pending";

    /**
     * The revocation was handed to the CA. request-intake cannot observe that step (the revocation-worker reports
     * only outcomes), so it never sets this value; it is allowed so that a later source can.
     */
    public static final String ISSUED = "issued";

    public static final String FAILED = "failed";
    public static final String REVOKED = "revoked";

    private static final Map<String, Set<String>> NEXT = Map.of(
            // Revoked without our asking (another trigger, or the CA's operator): a fact, taken as it comes.
            NONE, Set.of(PENDING, REVOKED),
            PENDING, Set.of(ISSUED, FAILED, REVOKED),
            ISSUED, Set.of(FAILED, REVOKED),
            // A failed revocation may be asked for again.
            FAILED, Set.of(PENDING, REVOKED),
            REVOKED, Set.of());

    private RevokeStatuses() {}

    public static boolean canMove(String from, String to) {
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }
}
