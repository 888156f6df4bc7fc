package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void reportJsonHasEveryAgreedField() throws Exception {
        LoadConfig config =
                MainTest.parse("--requests", "3", "--rate", "5", "--report", dir.toString(), "--progress", "off");
        Ledger ledger = new Ledger(2, r -> {});
        TimeSeries series = new TimeSeries(10 * S);
        ledger.startSeries(series);
        ledger.submitted("w", 0, Phase.WARMUP, 5 * S);
        ledger.issued("w", "01", 6 * S);
        ledger.delivered("w", 6 * S, -1);
        ledger.submitted("a", 0, Phase.STEADY, 10 * S);
        ledger.submitted("b", 1, Phase.STEADY, 10 * S);
        ledger.submitted("c", 0, Phase.STEADY, 11 * S);
        ledger.issued("a", "0a", 10 * S + S / 10);
        ledger.issued("b", "0b", 11 * S);
        ledger.issued("b", "0c", 11 * S);
        ledger.delivered("a", 10 * S + S / 5, -1);
        ledger.delivered("b", 11 * S + S / 2, -1);
        ledger.failedEvent("c", "caUnavailable", 12 * S);
        Report.Figures figures =
                new Report.Figures(1.5, 3.0, Map.of("issuance-worker", 2.0), 42, 0, 12.5, 2, 2, List.of(), Map.of(), 0);

        Map<String, Object> report =
                Report.build(config, Instant.parse("2026-01-02T03:04:05Z"), ledger, series, figures, Map.of());
        Report.writeJson(dir, report);
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")));

        assertThat(json.get("startedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(json.get("scenario").asText()).isEqualTo("steady");
        assertThat(json.get("mode").asText()).isEqualTo("rest");
        assertThat(json.get("key").asText()).isEqualTo("ecP256");
        assertThat(json.get("devices").asInt()).isEqualTo(10);
        assertThat(json.get("concurrency").asInt()).isEqualTo(16);
        assertThat(json.get("rate").asDouble()).isEqualTo(5.0);
        assertThat(json.get("requests").asLong()).isEqualTo(3);
        assertThat(json.get("issued").asLong()).isEqualTo(2);
        assertThat(json.get("delivered").asLong()).isEqualTo(2);
        assertThat(json.get("failed").asLong()).isEqualTo(1);
        assertThat(json.get("timedOut").asLong()).isZero();
        assertThat(json.get("duplicates").asLong()).isEqualTo(1);
        // 2 issued between the first submission (10 s) and the last issue (11 s).
        assertThat(json.get("issuedPerSecond").asDouble()).isEqualTo(2.0);
        assertThat(json.get("durationSeconds").asDouble()).isEqualTo(2.0);
        for (String histogram : List.of("latencyMs", "issueLatencyMs")) {
            assertThat(json.get(histogram).fieldNames()).toIterable().contains("p50", "p90", "p99", "max");
        }
        assertThat(json.at("/latencyMs/max").asDouble()).isBetween(1499.0, 1501.0);
        assertThat(json.at("/latencyMs/count").asLong()).isEqualTo(2);
        assertThat(json.at("/issueLatencyMs/p50").asDouble()).isBetween(99.0, 101.0);
        assertThat(json.at("/failures/byReason/caUnavailable").asLong()).isEqualTo(1);
        assertThat(json.at("/warmup/requests").asLong()).isEqualTo(1);
        assertThat(json.get("generatorCpuSeconds").asDouble()).isEqualTo(1.5);
        assertThat(json.get("generatorCpuPercentOfOneCore").asDouble()).isEqualTo(50.0);
        assertThat(json.get("inboxPolls").asLong()).isEqualTo(42);
        assertThat(json.at("/stackCpuSeconds/issuance-worker").asDouble()).isEqualTo(2.0);
        JsonNode timeSeries = json.get("timeSeries");
        assertThat(timeSeries).hasSize(3);
        assertThat(timeSeries.get(0).get("second").asInt()).isZero();
        assertThat(timeSeries.get(0).get("submitted").asInt()).isEqualTo(2);
        assertThat(timeSeries.get(0).get("issued").asInt()).isEqualTo(1);
        assertThat(timeSeries.get(1).get("issued").asInt()).isEqualTo(1);
        assertThat(timeSeries.get(1).get("latencyP99Ms").asDouble()).isBetween(1490.0, 1510.0);
        assertThat(timeSeries.get(2).get("failed").asInt()).isEqualTo(1);
        assertThat(timeSeries.get(2).get("latencyP50Ms").isNull()).isTrue();
    }

    @Test
    void scenarioFiguresAreAddedAtTheTopLevel() throws Exception {
        LoadConfig config = MainTest.parse("--scenario", "burst", "--progress", "off");
        Map<String, Object> report = Report.build(
                config,
                Instant.now(),
                new Ledger(1, r -> {}),
                null,
                new Report.Figures(0, 0, Map.of(), 0, 0, null, 0, 0, List.of(), Map.of(), 0),
                Map.of("burst", Map.of("drainSeconds", 3.5)));
        JsonNode json = new ObjectMapper().readTree(Report.toJson(report));
        assertThat(json.at("/burst/drainSeconds").asDouble()).isEqualTo(3.5);
        assertThat(json.get("requests").asLong()).isZero();
        assertThat(json.at("/latencyMs/p50").isNull()).isTrue();
        assertThat(json.get("timeSeries")).isEmpty();
        assertThat(Report.summary(report)).contains("burst: drainSeconds 3.5");
    }

    @Test
    void timeSeriesClosesOldSecondsButStillCountsLateEvents() {
        TimeSeries series = new TimeSeries(0);
        series.delivered(0, 100_000_000L);
        series.delivered(TimeSeries.OPEN_SECONDS * 3L * S, 200_000_000L);
        series.delivered(S / 2, 300_000_000L);
        List<Map<String, Object>> rows = series.rows();
        assertThat(rows.get(0).get("delivered")).isEqualTo(2);
        assertThat((Double) rows.get(0).get("latencyP99Ms")).isBetween(99.0, 101.0);
        assertThat(rows).hasSize(TimeSeries.OPEN_SECONDS * 3 + 1);
    }
}
