package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a PFX password is wrapped for a device, named as Graph's {@code paddingScheme}. The same hash serves
 * OAEP and MGF1, as in Windows CNG. PKCS#1 v1.5 and OAEP-SHA1 are absent on purpose, so an event cannot carry
 * them.
 */
public enum PaddingScheme {
    OAEP_SHA256("oaepSha256"),
    OAEP_SHA384("oaepSha384"),
    OAEP_SHA512("oaepSha512");

    private final String wireName;

    PaddingScheme(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static PaddingScheme fromWireName(String wireName) {
        return Checks.wireValue(values(), PaddingScheme::wireName, wireName, "padding scheme");
    }
}
