package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The device platforms a PKCS profile targets; wire names as Graph's profile {@code platform}. */
public enum Platform {
    WINDOWS10("windows10"),
    ANDROID("android"),
    IOS("ios"),
    MACOS("macos");

    private final String wireName;

    Platform(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static Platform fromWireName(String wireName) {
        return Checks.wireValue(values(), Platform::wireName, wireName, "platform");
    }
}
