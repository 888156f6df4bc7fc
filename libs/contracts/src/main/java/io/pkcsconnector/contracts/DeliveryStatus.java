package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome a device reports for a delivery. */
public enum DeliveryStatus {
    INSTALLED("installed"),
    INSTALL_FAILED("installFailed");

    private final String wireName;

    DeliveryStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static DeliveryStatus fromWireName(String wireName) {
        return Checks.wireValue(values(), DeliveryStatus::wireName, wireName, "delivery status");
    }
}
