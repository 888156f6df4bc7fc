package io.pkcsconnector.requestintake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status of each connector instance and of the fleet. An instance that missed its check-ins is {@code
 * inactive} whatever it runs: nothing is known about what it would run now, and "it stopped" is what an operator
 * must act on first. One that checks in is {@code active}, {@code warning} or {@code error} by its version's
 * support in the {@link ReleaseCatalog}. All instances should run the same version: the fleet is mixed when the
 * instances that check in run more than one.
 */
public final class ConnectorFleet {

    public enum Status {
        ACTIVE("active"),
        INACTIVE("inactive"),
        WARNING("warning"),
        ERROR("error");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** One instance as its latest heartbeat described it. */
    public record Connector(
            String id, String name, String machineName, String version, Instant enrolledAt, Instant lastCheckinAt) {}

    /**
     * @param versionMismatch the instance runs another version than the newest one running in the fleet
     */
    public record Assessed(Connector connector, Status status, boolean versionMismatch) {}

    /**
     * @param runningVersions how many instances that check in run each version, newest first
     * @param fleetVersion the newest version running, null when no instance checks in
     * @param latestRelease the newest release out, null when the catalog lists none
     */
    public record Overview(
            List<Assessed> connectors,
            Map<Status, Long> counts,
            Map<String, Long> runningVersions,
            boolean mixedVersions,
            String fleetVersion,
            String latestRelease) {}

    private final ReleaseCatalog catalog;
    private final Duration inactiveAfter;

    public ConnectorFleet(ReleaseCatalog catalog, Duration inactiveAfter) {
        if (inactiveAfter == null || inactiveAfter.isNegative() || inactiveAfter.isZero()) {
            throw new IllegalArgumentException("inactive-after must be positive");
        }
        this.catalog = catalog;
        this.inactiveAfter = inactiveAfter;
    }

    public Status status(Connector connector, Instant now) {
        if (connector.lastCheckinAt().plus(inactiveAfter).isBefore(now)) {
            return Status.INACTIVE;
        }
        return switch (catalog.support(connector.version(), now)) {
            case CURRENT -> Status.ACTIVE;
            case DEPRECATED -> Status.WARNING;
            case UNSUPPORTED -> Status.ERROR;
        };
    }

    /** @param connectors in the order the answer lists them */
    public Overview assess(List<Connector> connectors, Instant now) {
        List<Status> statuses =
                connectors.stream().map(connector -> status(connector, now)).toList();

        Map<String, Long> running = new TreeMap<>(
                Comparator.comparing(ConnectorVersion::parse).reversed().thenComparing(Comparator.naturalOrder()));
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status status : Status.values()) {
            counts.put(status, 0L);
        }
        for (int i = 0; i < connectors.size(); i++) {
            counts.merge(statuses.get(i), 1L, Long::sum);
            if (statuses.get(i) != Status.INACTIVE) {
                running.merge(connectors.get(i).version(), 1L, Long::sum);
            }
        }
        String fleetVersion =
                running.isEmpty() ? null : running.keySet().iterator().next();

        List<Assessed> assessed = new ArrayList<>();
        for (int i = 0; i < connectors.size(); i++) {
            Connector connector = connectors.get(i);
            assessed.add(new Assessed(
                    connector, statuses.get(i), fleetVersion != null && !fleetVersion.equals(connector.version())));
        }
        return new Overview(
                List.copyOf(assessed),
                counts,
                new LinkedHashMap<>(running),
                running.size() > 1,
                fleetVersion,
                catalog.latestRelease(now).orElse(null));
    }
}
