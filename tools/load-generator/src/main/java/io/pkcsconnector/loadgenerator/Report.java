package io.pkcsconnector.loadgenerator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's results as {@code report.json} (and the map {@link HtmlReport} draws from), and the summary text. */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Figures measured outside the ledger. */
    record Figures(
            double generatorCpuSeconds,
            double cpuWindowSeconds,
            Map<String, Double> stackCpuSeconds,
            long inboxPolls,
            long inboxPollErrors,
            Double maxScheduleLagMs,
            int pfxChecked,
            int pfxVerified,
            List<String> pfxProblems,
            Map<String, Double> workerCounters,
            long unreadableOutcomeEvents) {}

    private Report() {}

    static Map<String, Object> build(
            LoadConfig config,
            Instant startedAt,
            Ledger ledger,
            TimeSeries series,
            Figures figures,
            Map<String, Object> scenarioResults) {
        Ledger.Counts m = ledger.measured();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("startedAt", startedAt.toString());
        r.put("scenario", config.scenario().cliName());
        r.put("mode", config.mode().cliName());
        r.put("key", config.key().wireName());
        r.put("devices", config.devices());
        r.put("concurrency", config.concurrency());
        r.put("rate", config.rate());
        r.put("requests", m.requests);
        r.put("issued", m.issued);
        r.put("delivered", m.delivered);
        r.put("failed", m.failed);
        r.put("timedOut", m.timedOut);
        r.put("duplicates", ledger.duplicates());
        r.put("issuedPerSecond", round2(m.issuedPerSecond()));
        r.put("deliveredPerSecond", round2(perSecond(m.delivered, m.firstSubmitNanos, m.lastFinishedNanos)));
        r.put("durationSeconds", round2(durationSeconds(m)));
        r.put("latencyMs", LatencyStats.summary(m.latency));
        r.put("issueLatencyMs", LatencyStats.summary(m.issueLatency));
        r.put("inboxLatencyMs", LatencyStats.summary(m.inboxLatency));
        r.put("acceptLatencyMs", LatencyStats.summary(m.acceptLatency));
        Map<String, Object> failures = new LinkedHashMap<>();
        failures.put("failureEvents", m.failureEvents);
        failures.put("submitErrors", m.submitErrors);
        failures.put("timedOut", m.timedOut);
        failures.put("byReason", ledger.failureReasons());
        r.put("failures", failures);
        Map<String, Object> duplicates = new LinkedHashMap<>();
        duplicates.put("requestsWithSeveralSerials", ledger.requestsWithSeveralSerials());
        duplicates.put("requestsDeliveredTwice", ledger.requestsDeliveredTwice());
        duplicates.put("issuedEventsSeen", ledger.issuedEvents());
        duplicates.put("failedEventsSeen", ledger.failedEvents());
        r.put("duplicateCheck", duplicates);
        Ledger.Counts warmup = ledger.phase(Phase.WARMUP);
        Map<String, Object> warm = new LinkedHashMap<>();
        warm.put("requests", warmup.requests);
        warm.put("delivered", warmup.delivered);
        warm.put("failed", warmup.failed);
        warm.put("latencyMs", LatencyStats.summary(warmup.latency));
        r.put("warmup", warm);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("requested", config.requests() > 0 ? config.requests() : null);
        settings.put("duration", config.duration() == null ? null : Durations.format(config.duration()));
        settings.put("warmup", config.warmup());
        settings.put("timeout", Durations.format(config.timeout()));
        settings.put("pollIntervalMs", config.pollInterval().toMillis());
        settings.put("connections", config.connections());
        settings.put("tenant", config.tenant());
        settings.put("profileId", config.profileId());
        settings.put("intakeUrl", config.intakeUrl().toString());
        settings.put("notifierUrl", config.notifierUrl().toString());
        settings.put("kafka", config.kafkaBootstrap());
        r.put("settings", settings);
        r.put("maxScheduleLagMs", figures.maxScheduleLagMs());
        r.put("inboxPolls", figures.inboxPolls());
        r.put("inboxPollErrors", figures.inboxPollErrors());
        r.put("generatorCpuSeconds", round2(figures.generatorCpuSeconds()));
        // Over the same window as the CPU time: from the first measured request to the end of settling.
        r.put("cpuWindowSeconds", round2(figures.cpuWindowSeconds()));
        r.put(
                "generatorCpuPercentOfOneCore",
                figures.cpuWindowSeconds() > 0
                        ? round2(100 * figures.generatorCpuSeconds() / figures.cpuWindowSeconds())
                        : null);
        r.put("stackCpuSeconds", figures.stackCpuSeconds());
        r.put("workerCounters", figures.workerCounters());
        Map<String, Object> pfx = new LinkedHashMap<>();
        pfx.put("checked", figures.pfxChecked());
        pfx.put("verified", figures.pfxVerified());
        pfx.put("problems", figures.pfxProblems());
        r.put("pfxCheck", pfx);
        r.put("unreadableOutcomeEvents", figures.unreadableOutcomeEvents());
        Map<String, Object> phases = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            Ledger.Counts counts = ledger.phase(phase);
            if (phase.measured() && counts.requests > 0) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("requests", counts.requests);
                p.put("issued", counts.issued);
                p.put("delivered", counts.delivered);
                p.put("failed", counts.failed);
                p.put("issuedPerSecond", round2(counts.issuedPerSecond()));
                p.put("latencyMs", LatencyStats.summary(counts.latency));
                p.put("issueLatencyMs", LatencyStats.summary(counts.issueLatency));
                phases.put(phase.jsonName(), p);
            }
        }
        r.put("phases", phases);
        r.putAll(scenarioResults);
        r.put("timeSeries", series == null ? List.of() : series.rows());
        return r;
    }

    static double durationSeconds(Ledger.Counts m) {
        if (m.requests == 0) {
            return 0;
        }
        long end = Math.max(m.lastFinishedNanos, m.lastSubmitNanos);
        return Math.max(0, (end - m.firstSubmitNanos) / 1e9);
    }

    static double perSecond(long count, long fromNanos, long toNanos) {
        return count == 0 || toNanos <= fromNanos ? 0 : count / ((toNanos - fromNanos) / 1e9);
    }

    static double round2(double value) {
        return Math.round(value * 100d) / 100d;
    }

    static void writeJson(Path dir, Map<String, Object> report) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("report.json").toFile(), report);
    }

    static String toJson(Map<String, Object> report) throws IOException {
        return JSON.writeValueAsString(report);
    }

    /** The few lines a person reads after a run. */
    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> r) {
        Map<String, Object> latency = (Map<String, Object>) r.get("latencyMs");
        Map<String, Object> issue = (Map<String, Object>) r.get("issueLatencyMs");
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "%s / %s / %s: %s requests over %s devices, concurrency %s, rate %s%n",
                r.get("scenario"),
                r.get("mode"),
                r.get("key"),
                r.get("requests"),
                r.get("devices"),
                r.get("concurrency"),
                r.get("rate") == null ? "closed loop" : r.get("rate") + "/s"));
        s.append(String.format(
                Locale.ROOT,
                "  issued %s  delivered %s  failed %s (timed out %s)  duplicates %s%n",
                r.get("issued"),
                r.get("delivered"),
                r.get("failed"),
                r.get("timedOut"),
                r.get("duplicates")));
        s.append(String.format(
                Locale.ROOT, "  %s issued/s over %s s%n", r.get("issuedPerSecond"), r.get("durationSeconds")));
        s.append(String.format(
                Locale.ROOT,
                "  request->delivery ms  p50 %s  p90 %s  p99 %s  max %s%n",
                latency.get("p50"),
                latency.get("p90"),
                latency.get("p99"),
                latency.get("max")));
        s.append(String.format(
                Locale.ROOT,
                "  request->issued ms    p50 %s  p90 %s  p99 %s  max %s%n",
                issue.get("p50"),
                issue.get("p90"),
                issue.get("p99"),
                issue.get("max")));
        s.append(String.format(
                Locale.ROOT,
                "  generator CPU %s s (%s%% of one core), %s inbox polls%n",
                r.get("generatorCpuSeconds"),
                r.get("generatorCpuPercentOfOneCore"),
                r.get("inboxPolls")));
        if (r.get("stackCpuSeconds") instanceof Map<?, ?> cpu && !cpu.isEmpty()) {
            s.append("  stack CPU s: ").append(HtmlReport.format(cpu)).append(System.lineSeparator());
        }
        Map<String, Object> pfx = (Map<String, Object>) r.get("pfxCheck");
        if (pfx != null && ((Number) pfx.get("checked")).intValue() > 0) {
            s.append(String.format(
                    Locale.ROOT,
                    "  PFX opened with the device key: %s of %s%n",
                    pfx.get("verified"),
                    pfx.get("checked")));
        }
        for (String key : List.of("burst", "replayStorm", "poison")) {
            if (r.get(key) instanceof Map<?, ?> scenario) {
                s.append("  ").append(key).append(": ");
                StringBuilder figures = new StringBuilder();
                scenario.forEach((name, value) -> {
                    if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
                        figures.append(figures.length() == 0 ? "" : ", ")
                                .append(name)
                                .append(' ')
                                .append(value);
                    }
                });
                s.append(figures).append(System.lineSeparator());
            }
        }
        return s.toString();
    }
}
