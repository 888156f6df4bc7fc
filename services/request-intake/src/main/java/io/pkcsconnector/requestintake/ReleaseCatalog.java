package io.pkcsconnector.requestintake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The known connector releases and the support policy the seeds describe: when a newer version is released the
 * previous one is deprecated ({@code warning}) for a grace period, then unsupported ({@code error}).
 */
public final class ReleaseCatalog {

    /** What a version's age means for a connector that is checking in. */
    public enum Support {
        /** No newer release is out. */
        CURRENT,
        /** A newer release came out less than the support window ago. */
        DEPRECATED,
        /** A newer release came out more than the support window ago. */
        UNSUPPORTED
    }

    public record Release(ConnectorVersion version, Instant releasedAt) {}

    private final List<Release> releases;
    private final Period supportWindow;

    /**
     * @param releases version → release date; a date is taken as the start of that day in UTC
     * @param supportWindow how long a superseded version stays supported
     */
    public ReleaseCatalog(Map<String, LocalDate> releases, Period supportWindow) {
        if (supportWindow == null || supportWindow.isNegative()) {
            throw new IllegalArgumentException("the support window must not be negative");
        }
        List<Release> sorted = new ArrayList<>();
        releases.forEach((version, date) -> sorted.add(new Release(
                ConnectorVersion.parse(version),
                date.atStartOfDay(ZoneOffset.UTC).toInstant())));
        sorted.sort(Comparator.comparing(Release::version));
        this.releases = List.copyOf(sorted);
        this.supportWindow = supportWindow;
    }

    public List<Release> releases() {
        return releases;
    }

    /**
     * When {@code version} stopped being the newest: the earliest release date of the releases newer than it that
     * are out by {@code now}. Empty when none is. A version the catalog does not list is judged the same way, so a
     * build older than every release is superseded, and a build newer than every release is current.
     */
    public Optional<Instant> supersededAt(String version, Instant now) {
        ConnectorVersion running = ConnectorVersion.parse(version);
        return releases.stream()
                .filter(release -> release.version().compareTo(running) > 0)
                .map(Release::releasedAt)
                .filter(releasedAt -> !releasedAt.isAfter(now))
                .min(Comparator.naturalOrder());
    }

    public Support support(String version, Instant now) {
        return supersededAt(version, now)
                .map(since -> supportEnds(since).isAfter(now) ? Support.DEPRECATED : Support.UNSUPPORTED)
                .orElse(Support.CURRENT);
    }

    /** The newest release that is out by {@code now}, if any. */
    public Optional<String> latestRelease(Instant now) {
        return releases.stream()
                .filter(release -> !release.releasedAt().isAfter(now))
                .max(Comparator.comparing(Release::version))
                .map(release -> release.version().value());
    }

    private Instant supportEnds(Instant supersededAt) {
        // A period in months is calendar months, so add it as a date, not as a duration.
        return supersededAt.atOffset(ZoneOffset.UTC).plus(supportWindow).toInstant();
    }
}
