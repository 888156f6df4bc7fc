package io.pkcsconnector.requestintake;

import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.pki.SerialNumbers;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What a revocation request may ask for: a reason this service can honour and a well-formed serial number. */
public final class RevocationRules {

    /**
     * Revocation here is permanent. {@code certificateHold} would be a suspension that {@code removeFromCRL} lifts;
     * no trigger of this service means that, and a device whose certificate was removed would not get it back.
     */
    public static final Set<RevocationReason> UNSUPPORTED =
            EnumSet.of(RevocationReason.CERTIFICATE_HOLD, RevocationReason.REMOVE_FROM_CRL);

    /** The RFC 5280 names a caller may use, in CRLReason code order. */
    public static final List<String> ALLOWED_REASONS = Arrays.stream(RevocationReason.values())
            .filter(reason -> !UNSUPPORTED.contains(reason))
            .map(RevocationReason::wireName)
            .toList();

    private RevocationRules() {}

    /** The reason named exactly as in RFC 5280's ASN.1 (case sensitive, as Graph enums); else a 422. */
    public static RevocationReason reason(String name) {
        RevocationReason reason;
        try {
            reason = RevocationReason.fromWireName(name);
        } catch (IllegalArgumentException e) {
            // The detail does not echo the input: it goes back verbatim and may end up in logs.
            throw new ProblemException(Problem.of(
                            422,
                            "invalid-reason",
                            "Unprocessable content",
                            "reason must be one of " + String.join(", ", ALLOWED_REASONS))
                    .with("allowedReasons", ALLOWED_REASONS));
        }
        if (UNSUPPORTED.contains(reason)) {
            throw new ProblemException(Problem.of(
                            422,
                            "unsupported-reason",
                            "Unprocessable content",
                            "reason " + reason.wireName() + " is not supported: revocation here is permanent, a"
                                    + " certificate is never put on hold or taken off the CRL")
                    .with("allowedReasons", ALLOWED_REASONS));
        }
        return reason;
    }

    /**
     * The serial as every store of the system spells it: lower-case hex without separators, zero-padded to whole
     * bytes. Accepts the forms people paste (upper case, colons or spaces as Windows shows them).
     */
    public static String serialNumber(String input) {
        try {
            return SerialNumbers.toHex(SerialNumbers.fromHex(input));
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable(
                    "invalid-serial",
                    "serialNumber must be a certificate serial number in hex, at most 40 digits (colons or spaces"
                            + " between bytes are allowed)");
        }
    }
}
