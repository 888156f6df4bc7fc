package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a delivery asks the device to do; wire names as the notifier's inbox items. */
public enum DeliveryKind {
    PKCS("pkcs"),
    IMPORTED_PFX("importedPfx"),
    TRUSTED_ROOT("trustedRoot"),
    REMOVE("remove");

    private final String wireName;

    DeliveryKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static DeliveryKind fromWireName(String wireName) {
        return Checks.wireValue(values(), DeliveryKind::wireName, wireName, "delivery kind");
    }
}
