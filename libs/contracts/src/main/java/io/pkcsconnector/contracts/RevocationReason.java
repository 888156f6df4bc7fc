package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The RFC 5280 CRLReason values, named on the wire exactly as in the RFC's ASN.1 (hence {@code cACompromise}),
 * with the codes that go into a CRL entry or OCSP response. Code 7 is unused in the RFC and has no constant.
 */
public enum RevocationReason {
    UNSPECIFIED("unspecified", 0),
    KEY_COMPROMISE("keyCompromise", 1),
    CA_COMPROMISE("cACompromise", 2),
    AFFILIATION_CHANGED("affiliationChanged", 3),
    SUPERSEDED("superseded", 4),
    CESSATION_OF_OPERATION("cessationOfOperation", 5),
    CERTIFICATE_HOLD("certificateHold", 6),
    REMOVE_FROM_CRL("removeFromCRL", 8),
    PRIVILEGE_WITHDRAWN("privilegeWithdrawn", 9),
    AA_COMPROMISE("aACompromise", 10);

    private final String wireName;
    private final int code;

    RevocationReason(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The CRLReason enumerated value. */
    public int code() {
        return code;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static RevocationReason fromWireName(String wireName) {
        return Checks.wireValue(values(), RevocationReason::wireName, wireName, "revocation reason");
    }

    public static RevocationReason fromCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown CRLReason code " + code + " (RFC 5280 defines 0-6 and 8-10)");
    }
}
