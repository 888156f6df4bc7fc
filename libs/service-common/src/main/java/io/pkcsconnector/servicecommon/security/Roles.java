package io.pkcsconnector.servicecommon.security;

/** The roles carried in the JWT {@code groups} claim. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String DEVICE = "device";
    public static final String CONNECTOR = "connector";

    private Roles() {}
}
