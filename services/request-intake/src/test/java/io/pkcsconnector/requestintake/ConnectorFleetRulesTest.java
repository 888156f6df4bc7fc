package io.pkcsconnector.requestintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pkcsconnector.requestintake.ConnectorFleet.Connector;
import io.pkcsconnector.requestintake.ConnectorFleet.Status;
import io.pkcsconnector.servicecommon.api.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fleet's rules without infrastructure: version order, support states, fleet status, bucket ranges. */
class ConnectorFleetRulesTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    static final ReleaseCatalog CATALOG = new ReleaseCatalog(
            Map.of(
                    "1.9.0", LocalDate.parse("2025-01-01"),
                    "1.10.0", LocalDate.parse("2025-03-01"), // 1.9.0 unsupported since 2025-09-01
                    "2.0.0", LocalDate.parse("2026-10-01"), // 1.10.0 deprecated until 2027-04-01
                    "3.0.0", LocalDate.parse("2027-01-01")), // announced: deprecates nothing yet
            Period.ofMonths(6));

    static final ConnectorFleet FLEET = new ConnectorFleet(CATALOG, Duration.ofMinutes(2));

    @Test
    void versionsCompareSemantically() {
        assertThat(ConnectorVersion.compare("1.10.0", "1.9.0")).isPositive();
        assertThat(ConnectorVersion.compare("1.2", "1.2.0")).isZero();
        assertThat(ConnectorVersion.compare("0.1.0-SNAPSHOT", "0.1.0")).isNegative();
        assertThat(ConnectorVersion.compare("2.0.0-rc.2", "2.0.0-rc.10")).isNegative();
        assertThat(ConnectorVersion.compare("2.0.0-rc.1", "2.0.0-beta")).isPositive();
        assertThat(ConnectorVersion.compare("6.1905.0.404", "6.2008.0.1")).isNegative();
        assertThat(ConnectorVersion.compare("1.0.0+build.7", "1.0.0")).isZero();
        assertThat(ConnectorVersion.compare("10", "9.99")).isPositive();
        assertThat(ConnectorVersion.compare("99999999999999999999999.0", "1.0")).isPositive();
    }

    @Test
    void aVersionIsDeprecatedFromTheFirstNewerReleaseAndUnsupportedAfterTheWindow() {
        assertThat(CATALOG.support("1.9.0", NOW)).isEqualTo(ReleaseCatalog.Support.UNSUPPORTED);
        assertThat(CATALOG.support("1.10.0", NOW)).isEqualTo(ReleaseCatalog.Support.DEPRECATED);
        assertThat(CATALOG.support("2.0.0", NOW)).isEqualTo(ReleaseCatalog.Support.CURRENT);
        // Once the announced release is out, 2.0.0 is deprecated.
        assertThat(CATALOG.support("2.0.0", Instant.parse("2027-01-02T00:00:00Z")))
                .isEqualTo(ReleaseCatalog.Support.DEPRECATED);
        // The window is six calendar months from the newer release's day.
        assertThat(CATALOG.support("1.10.0", Instant.parse("2027-03-31T23:59:59Z")))
                .isEqualTo(ReleaseCatalog.Support.DEPRECATED);
        assertThat(CATALOG.support("1.10.0", Instant.parse("2027-04-01T00:00:00Z")))
                .isEqualTo(ReleaseCatalog.Support.UNSUPPORTED);
    }

    @Test
    void aVersionNotInTheCatalogIsJudgedByTheReleasesNewerThanIt() {
        // Superseded by 1.10.0 (2025-03-01) long ago, not by 2.0.0.
        assertThat(CATALOG.supersededAt("1.9.5", NOW)).contains(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(CATALOG.support("1.9.5", NOW)).isEqualTo(ReleaseCatalog.Support.UNSUPPORTED);
        assertThat(CATALOG.support("1.11.0", NOW)).isEqualTo(ReleaseCatalog.Support.DEPRECATED);
        assertThat(CATALOG.support("2.1.0-SNAPSHOT", NOW)).isEqualTo(ReleaseCatalog.Support.CURRENT);
        assertThat(CATALOG.latestRelease(NOW)).contains("2.0.0");
    }

    @Test
    void inactiveWinsOverTheVersionAndOnlyRunningInstancesMakeAFleetMixed() {
        Connector current = connector("a", "2.0.0", NOW.minusSeconds(30));
        Connector silentOld = connector("b", "1.9.0", NOW.minus(Duration.ofMinutes(3)));
        assertThat(FLEET.status(silentOld, NOW)).isEqualTo(Status.INACTIVE);

        ConnectorFleet.Overview single = FLEET.assess(List.of(current, silentOld), NOW);
        assertThat(single.mixedVersions()).isFalse();
        assertThat(single.runningVersions()).containsExactly(Map.entry("2.0.0", 1L));
        assertThat(single.fleetVersion()).isEqualTo("2.0.0");
        assertThat(single.connectors())
                .extracting(ConnectorFleet.Assessed::versionMismatch)
                .containsExactly(false, true);

        Connector deprecated = connector("c", "1.10.0", NOW);
        Connector unsupported = connector("d", "1.9.0", NOW);
        ConnectorFleet.Overview mixed = FLEET.assess(List.of(current, silentOld, deprecated, unsupported), NOW);
        assertThat(mixed.connectors())
                .extracting(ConnectorFleet.Assessed::status)
                .containsExactly(Status.ACTIVE, Status.INACTIVE, Status.WARNING, Status.ERROR);
        assertThat(mixed.mixedVersions()).isTrue();
        assertThat(mixed.runningVersions().keySet()).containsExactly("2.0.0", "1.10.0", "1.9.0");
        assertThat(mixed.counts()).containsEntry(Status.WARNING, 1L).containsEntry(Status.ERROR, 1L);
    }

    @Test
    void rangesAreAlignedBoundedAndChooseTheFinestIntervalThatFits() {
        HealthMetricRange lastHour = HealthMetricRange.of(null, null, null, NOW.plusSeconds(20), 1440);
        assertThat(lastHour.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(lastHour.start()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(lastHour.bucketStarts()).hasSize(61); // the current, partial minute included

        HealthMetricRange twoDays = HealthMetricRange.of(NOW.minus(Duration.ofDays(2)), NOW, null, NOW, 1440);
        assertThat(twoDays.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(twoDays.bucketStarts()).hasSize(576);

        HealthMetricRange hours =
                HealthMetricRange.of(Instant.parse("2026-11-24T10:17:00Z"), NOW, Duration.ofHours(1), NOW, 1440);
        assertThat(hours.bucketStarts())
                .containsExactly(Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T11:00:00Z"));

        assertThatThrownBy(() -> HealthMetricRange.of(NOW, NOW, null, NOW, 1440))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> HealthMetricRange.of(null, null, Duration.ofMinutes(7), NOW, 1440))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() ->
                        HealthMetricRange.of(NOW.minus(Duration.ofDays(3)), NOW, Duration.ofMinutes(1), NOW, 1440))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> HealthMetricRange.of(NOW.minus(Duration.ofDays(2000)), NOW, null, NOW, 1440))
                .isInstanceOf(ProblemException.class);
    }

    private static Connector connector(String id, String version, Instant lastCheckin) {
        return new Connector(
                id, "pkcs-connector", "host-" + id, version, lastCheckin.minus(Duration.ofDays(1)), lastCheckin);
    }
}
