package io.pkcsconnector.requestintake;

import java.util.Map;
import java.util.Set;

/**
 * The status of a revocation request and the transitions it allows. Outcomes may be redelivered, replayed or
 * arrive late, so every update is a guarded step and {@code revoked} is sticky. The certificate's own view of
 * it is {@link RevokeStatuses}.
 */
public final class RevocationStates {

    /** Asked for; the revocation-worker has not answered yet. */
    public static final String PENDING = "pending";

    public static final String REVOKED = "revoked";

    /** The revocation-worker could not revoke: the certificate is still valid. */
    public static final String FAILED = "failed";

    private static final Map<String, Set<String>> NEXT = Map.of(
            PENDING, Set.of(REVOKED, FAILED),
            // The CA's word is final: a CertificateRevoked after a failure (the worker retried) still counts.
            FAILED, Set.of(REVOKED),
            REVOKED, Set.of());

    private RevocationStates() {}

    public static boolean canMove(String from, String to) {
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }
}
