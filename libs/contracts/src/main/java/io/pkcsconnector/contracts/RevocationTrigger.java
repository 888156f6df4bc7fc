package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a revocation was asked for, as opposed to the RFC 5280 reason that goes into the CRL: one reason
 * (cessationOfOperation) serves both retire and wipe, and operators need to tell them apart.
 */
public enum RevocationTrigger {
    ADMIN("admin"),
    RETIRE("retire"),
    WIPE("wipe"),
    RENEWAL("renewal");

    private final String wireName;

    RevocationTrigger(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static RevocationTrigger fromWireName(String wireName) {
        return Checks.wireValue(values(), RevocationTrigger::wireName, wireName, "revocation trigger");
    }
}
