package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a device leaves management. Both revoke its certificates; a wipe also resets the device, so the notifier
 * need not queue removals for it.
 */
public enum RetireAction {
    RETIRE("retire"),
    WIPE("wipe");

    private final String wireName;

    RetireAction(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static RetireAction fromWireName(String wireName) {
        return Checks.wireValue(values(), RetireAction::wireName, wireName, "retire action");
    }
}
