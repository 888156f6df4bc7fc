package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.loadgenerator.KafkaRequests.PoisonKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

    static final long S = 1_000_000_000L;

    @Test
    void prometheusCountersAreSummedOverLabels() {
        String text =
                """
                # HELP pkcs_issuance_issued_total Certificates issued
                # TYPE pkcs_issuance_issued_total counter
                pkcs_issuance_issued_total 120.0
                pkcs_issuance_failed_total{errorCode="templateViolation.unknownTemplate"} 2.0
                pkcs_issuance_failed_total{errorCode="templateViolation.keyUsageNotAllowed",x="a b"} 1.0
                pkcs_issuance_deduplicated_total 5.0 1700000000000
                pkcs_issuance_duration_seconds_count{keyAlgorithm="ecP256"} 120.0
                """;
        Map<String, Double> values = WorkerMetrics.parse(text, WorkerMetrics.COUNTERS);
        assertThat(values)
                .containsEntry(WorkerMetrics.ISSUED, 120.0)
                .containsEntry(WorkerMetrics.FAILED, 3.0)
                .containsEntry(WorkerMetrics.DEDUPLICATED, 5.0)
                .doesNotContainKey(WorkerMetrics.DEAD_LETTERED);
    }

    static WorkerMetrics.Sample sample(long seconds, double deduplicated, double deadLettered) {
        return new WorkerMetrics.Sample(
                seconds * S,
                Map.of(WorkerMetrics.DEDUPLICATED, deduplicated, WorkerMetrics.DEAD_LETTERED, deadLettered));
    }

    @Test
    void theStormIsDrainedWhenEveryReplayedRecordWasAnswered() {
        WorkerMetrics.Samples samples = new WorkerMetrics.Samples();
        samples.add(sample(0, 10, 0));
        samples.add(sample(1, 10, 0));
        samples.add(sample(2, 13, 1));
        samples.add(sample(3, 20, 1));
        samples.add(sample(4, 20, 1));
        assertThat(ReplayStorm.answered(samples.atOrBefore(S), samples.last())).isEqualTo(11.0);
        // 8 replayed from second 1: answered by the sample at second 3.
        assertThat(ReplayStorm.drainedAt(samples, S, S + S / 2, 8)).isEqualTo(3 * S);
        // Answered before the replay was even produced (other records): drained when it was produced.
        assertThat(ReplayStorm.drainedAt(samples, S, 3 * S + S / 2, 8)).isEqualTo(3 * S + S / 2);
        // 50 replayed: not all answered, and a standstill is no drain.
        assertThat(ReplayStorm.drainedAt(samples, S, S + S / 2, 50)).isEqualTo(-1);
    }

    @Test
    void aWorkerThatHasNotReachedTheReplayYetIsNotDrained() {
        WorkerMetrics.Samples samples = new WorkerMetrics.Samples();
        for (int i = 0; i < 20; i++) {
            samples.add(sample(i, 10, 0));
        }
        assertThat(ReplayStorm.drainedAt(samples, S, S, 100)).isEqualTo(-1);
        assertThat(ReplayStorm.drainedAt(new WorkerMetrics.Samples(), S, S, 1)).isEqualTo(-1);
    }

    @Test
    void poisonSlotsAreOnePerHundredAtOnePercentAndKindsAlternate() {
        PoisonTracker tracker = new PoisonTracker(1);
        long poison = 0;
        for (long i = 0; i < 1_000; i++) {
            poison += tracker.isPoisonSlot(i) ? 1 : 0;
        }
        assertThat(poison).isEqualTo(10);
        assertThat(List.of(tracker.nextKind(), tracker.nextKind(), tracker.nextKind(), tracker.nextKind()))
                .containsExactly(
                        PoisonKind.UNREADABLE,
                        PoisonKind.UNKNOWN_TEMPLATE,
                        PoisonKind.UNREADABLE,
                        PoisonKind.NON_REPUDIATION);
    }

    @Test
    void poisonIsAccountedForByDeadLetterOrFailureEvent() {
        PoisonTracker tracker = new PoisonTracker(50);
        tracker.sent("p1", PoisonKind.UNREADABLE, 0);
        tracker.sent("p2", PoisonKind.UNKNOWN_TEMPLATE, 0);
        tracker.sent("p3", PoisonKind.NON_REPUDIATION, 0);
        assertThat(tracker.unaccounted()).isEqualTo(3);
        tracker.deadLettered("p1", 5_000_000);
        tracker.deadLettered("someone-else", 5_000_000);
        assertThat(tracker.failed("p2", "templateViolation.unknownTemplate", 7_000_000))
                .isTrue();
        assertThat(tracker.failed("good-request", "x", 0)).isFalse();
        assertThat(tracker.unaccounted()).isEqualTo(1);
        assertThat(tracker.issued("p3")).isTrue();
        Map<String, Object> report = tracker.report();
        assertThat(report)
                .containsEntry("sent", 3)
                .containsEntry("deadLettered", 1L)
                .containsEntry("failedEvents", 1L)
                .containsEntry("unaccounted", 1L)
                .containsEntry("unexpectedOutcomes", 1L)
                .containsEntry("otherDeadLetters", 1L);
        assertThat(report.get("sentByKind"))
                .isEqualTo(Map.of("unreadable", 1L, "unknownTemplate", 1L, "nonRepudiation", 1L));
    }

    @Test
    void progressLineShowsCountsRateAndMedian() {
        Ledger.Snapshot snapshot = new Ledger.Snapshot(50, 40, 38, 1, 11, 812.4);
        String line = Progress.line("steady", snapshot, 100, 3.24, 17);
        assertThat(line)
                .contains("3.2s")
                .contains("[#######.............]")
                .contains("submitted 50/100")
                .contains("issued 40")
                .contains("delivered 38")
                .contains("failed 1")
                .contains("17 issued/s")
                .contains("p50 812 ms");
        assertThat(Progress.line("steady", new Ledger.Snapshot(5, 0, 0, 0, 5, null), 0, 1, 0))
                .contains("submitted 5 ")
                .contains("p50 -")
                .doesNotContain("[");
    }

    @Test
    void linesModePrintsPlainLinesAndBarModeRewritesOne() {
        StringWriter lines = new StringWriter();
        Progress plain = new Progress(Progress.Style.LINES, new PrintWriter(lines));
        Ledger.Snapshot snapshot = new Ledger.Snapshot(1, 0, 0, 0, 1, null);
        plain.update("steady", snapshot, 10, 0.25, 0);
        plain.update("steady", snapshot, 10, 0.5, 0);
        assertThat(lines.toString()).doesNotContain("\r").hasLineCount(1);

        StringWriter bar = new StringWriter();
        Progress terminal = new Progress(Progress.Style.BAR, new PrintWriter(bar));
        terminal.update("steady", snapshot, 10, 0.25, 0);
        terminal.update("steady", snapshot, 10, 0.5, 0);
        terminal.done();
        assertThat(bar.toString()).startsWith("\r").contains("\u001b[K");
        assertThat(bar.toString().chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void serverTimestampsMapOntoTheMonotonicClock() {
        Clock clock = new Clock(5_000_000_000L, Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(clock.nanosOf(Instant.parse("2026-01-01T00:00:01.5Z"))).isEqualTo(6_500_000_000L);
        assertThat(clock.nanosOf(Instant.parse("2025-12-31T23:59:59Z"))).isEqualTo(4_000_000_000L);
        assertThat(clock.instantOf(6_500_000_000L)).isEqualTo(Instant.parse("2026-01-01T00:00:01.5Z"));
    }
}
