package io.pkcsconnector.notifier;

import io.pkcsconnector.contracts.DeliveryStatus;

/**
 * Where a delivery stands in a device's inbox: {@code pending} until the device reports one of the terminal
 * {@link DeliveryStatus} values, which then sticks.
 */
public enum DeliveryState {
    PENDING("pending"),
    INSTALLED("installed"),
    INSTALL_FAILED("installFailed");

    private final String wireName;

    DeliveryState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static DeliveryState of(DeliveryStatus status) {
        return switch (status) {
            case INSTALLED -> INSTALLED;
            case INSTALL_FAILED -> INSTALL_FAILED;
        };
    }

    public static DeliveryState fromWireName(String wireName) {
        for (DeliveryState state : values()) {
            if (state.wireName.equals(wireName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown delivery state '" + wireName + "'");
    }
}
