package io.pkcsconnector.requestintake;

import com.fasterxml.jackson.databind.JsonNode;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whom a profile is assigned to, from its Graph-style {@code assignments}: each is {@code {"target": {"@odata.type":
 * …}}}. Graph's {@code #microsoft.graph.allDevicesAssignmentTarget} (every device of the profile's platform) and
 * {@code #microsoft.graph.allLicensedUsersAssignmentTarget} (every device that has a user) mean what they mean in
 * Intune. Graph targets groups of a directory this deployment does not have, so users and devices are named
 * directly: {@code #pkcsConnector.usersAssignmentTarget} with {@code userPrincipalNames} and {@code
 * #pkcsConnector.devicesAssignmentTarget} with {@code deviceIds}. Several assignments add up; none means the
 * profile is issued only on explicit request.
 */
public record Assignments(boolean allDevices, boolean allUsers, Set<String> userPrincipalNames, Set<String> deviceIds) {

    public static final String ALL_DEVICES = "#microsoft.graph.allDevicesAssignmentTarget";
    public static final String ALL_USERS = "#microsoft.graph.allLicensedUsersAssignmentTarget";
    public static final String USERS = "#pkcsConnector.usersAssignmentTarget";
    public static final String DEVICES = "#pkcsConnector.devicesAssignmentTarget";

    /** At most this many names per list: a larger audience is "all devices" or "all users". */
    static final int MAX_NAMES = 10_000;

    public Assignments {
        userPrincipalNames = Set.copyOf(userPrincipalNames);
        deviceIds = Set.copyOf(deviceIds);
    }

    /** Whether a check-in of {@code device} should get certificates of the profile (platform checked apart). */
    public boolean targets(DeviceEntity device) {
        if (allDevices || deviceIds.contains(device.deviceId)) {
            return true;
        }
        String upn = device.userPrincipalName;
        return upn != null && !upn.isBlank() && (allUsers || userPrincipalNames.contains(upn.toLowerCase(Locale.ROOT)));
    }

    public boolean isEmpty() {
        return !allDevices && !allUsers && userPrincipalNames.isEmpty() && deviceIds.isEmpty();
    }

    /** Reads assignments that {@link #violations} accepted. */
    public static Assignments of(List<JsonNode> assignments) {
        boolean allDevices = false;
        boolean allUsers = false;
        Set<String> upns = new HashSet<>();
        Set<String> devices = new HashSet<>();
        for (JsonNode assignment : assignments == null ? List.<JsonNode>of() : assignments) {
            JsonNode target = assignment.path("target");
            switch (target.path("@odata.type").asText("")) {
                case ALL_DEVICES -> allDevices = true;
                case ALL_USERS -> allUsers = true;
                case USERS -> target.path("userPrincipalNames")
                        .forEach(upn -> upns.add(upn.asText().toLowerCase(Locale.ROOT)));
                case DEVICES -> target.path("deviceIds").forEach(id -> devices.add(id.asText()));
                default -> throw new IllegalArgumentException("unvalidated assignment target " + target);
            }
        }
        return new Assignments(allDevices, allUsers, upns, devices);
    }

    /** What is wrong with each assignment, as {@code (field, message)} pairs; empty when all are valid. */
    public static List<String[]> violations(List<JsonNode> assignments) {
        List<String[]> violations = new ArrayList<>();
        if (assignments == null) {
            return violations;
        }
        for (int i = 0; i < assignments.size(); i++) {
            String field = "assignments[" + i + "].target";
            JsonNode assignment = assignments.get(i);
            JsonNode target = assignment == null ? null : assignment.get("target");
            if (target == null || !target.isObject()) {
                violations.add(new String[] {field, "must be an object with an @odata.type"});
                continue;
            }
            String type = target.path("@odata.type").asText("");
            switch (type) {
                case ALL_DEVICES, ALL_USERS -> {}
                case USERS -> names(target, "userPrincipalNames", field, violations);
                case DEVICES -> names(target, "deviceIds", field, violations);
                default -> violations.add(new String[] {
                    field + ".@odata.type",
                    "must be " + ALL_DEVICES + ", " + ALL_USERS + ", " + USERS + " or " + DEVICES + ", got '" + type
                            + "'"
                });
            }
        }
        return violations;
    }

    private static void names(JsonNode target, String property, String field, List<String[]> violations) {
        JsonNode names = target.get(property);
        if (names == null || !names.isArray() || names.isEmpty() || names.size() > MAX_NAMES) {
            violations.add(new String[] {field + "." + property, "must list 1 to " + MAX_NAMES + " names"});
            return;
        }
        for (JsonNode name : names) {
            if (!name.isTextual() || name.asText().isBlank()) {
                violations.add(new String[] {field + "." + property, "must hold non-empty strings"});
                return;
            }
        }
    }
}
