package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Graph's {@code userPfxIntendedPurpose}: what an imported PFX is for. */
public enum IntendedPurpose {
    UNASSIGNED("unassigned"),
    SMIME_ENCRYPTION("smimeEncryption"),
    SMIME_SIGNING("smimeSigning"),
    VPN("vpn"),
    WIFI("wifi");

    private final String wireName;

    IntendedPurpose(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static IntendedPurpose fromWireName(String wireName) {
        return Checks.wireValue(values(), IntendedPurpose::wireName, wireName, "intended purpose");
    }
}
