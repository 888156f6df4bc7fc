package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.ConnectorFleet;
import io.pkcsconnector.requestintake.ConnectorFleet.Status;
import java.util.Map;

/**
 * The fleet at a glance. {@code versions} counts the instances that check in (not the inactive ones) per version,
 * newest first; {@code mixedVersions} is true when they run more than one, which the seeds call for fixing (all
 * instances should run the same version). {@code fleetVersion} is the newest version running, {@code
 * latestRelease} the newest release out; either is null when there is none.
 */
public record ConnectorFleetSummary(
        long total,
        long active,
        long inactive,
        long warning,
        long error,
        Map<String, Long> versions,
        boolean mixedVersions,
        String fleetVersion,
        String latestRelease) {

    static ConnectorFleetSummary of(ConnectorFleet.Overview overview) {
        Map<Status, Long> counts = overview.counts();
        return new ConnectorFleetSummary(
                overview.connectors().size(),
                counts.get(Status.ACTIVE),
                counts.get(Status.INACTIVE),
                counts.get(Status.WARNING),
                counts.get(Status.ERROR),
                overview.runningVersions(),
                overview.mixedVersions(),
                overview.fleetVersion(),
                overview.latestRelease());
    }
}
