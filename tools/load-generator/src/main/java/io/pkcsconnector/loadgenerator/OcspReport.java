package io.pkcsconnector.loadgenerator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of an {@link OcspLoad} run: {@code report.json} and the summary it prints, including the comparison
 * with published responder figures. All the arithmetic lives here, apart from the I/O, so that it can be tested.
 *
 * <p>Comparing with figures measured on other machines: a responder's rate is bound by signatures, which scale with
 * cores, so a rate is compared per core ({@code rate / cores x 4} against a 4-core figure). On one machine the load
 * generator takes CPU from the responder, which that scaling leaves in; when the responder's CPU time is known (its
 * pid file), {@code 4 / (server CPU seconds per response)} is the rate four cores spent on the responder alone would
 * give (without its database, which runs in another process), and {@code 4 / (machine CPU seconds but this tool's per
 * response)} the rate with everything else that ran counted against the responder. Neither counts what differs
 * between the machines' cores.
 */
final class OcspReport {

    /** Published OCSP responder figures of other CAs on a 4-core machine, responses per second. */
    static final int PUBLISHED_CORES = 4;

    static final Map<String, Integer> PUBLISHED = Map.of("rsa2048", 900, "ecP256", 3_600);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OcspReport() {}

    /** The run's settings, as given. */
    record Settings(
            String url,
            String method,
            boolean nonce,
            int concurrency,
            double warmupSeconds,
            double durationSeconds,
            int verifyEvery,
            int certificates,
            String caSubject,
            String caKeyAlgorithm) {}

    /**
     * CPU seconds over the measured window: this JVM's, the responder process's (null when unknown) and the whole
     * machine's busy and total time from {@code /proc/stat} (null when unreadable).
     */
    record Cpu(
            int cores,
            double generatorSeconds,
            Double serverSeconds,
            Double machineBusySeconds,
            Double machineSeconds) {}

    static Map<String, Object> build(
            String startedAt,
            Settings settings,
            long windowNanos,
            OcspTally warmup,
            OcspTally measured,
            OcspTally tail,
            Cpu cpu) {
        double window = windowNanos / 1e9;
        double rate = OcspTally.perSecond(measured.ok, windowNanos);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("startedAt", startedAt);
        r.put("url", settings.url());
        r.put("method", settings.method());
        r.put("nonce", settings.nonce());
        r.put("concurrency", settings.concurrency());
        r.put("warmupSeconds", settings.warmupSeconds());
        r.put("durationSeconds", settings.durationSeconds());
        r.put("windowSeconds", round2(window));
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("certificates", settings.certificates());
        requests.put("randomSerials", settings.certificates() == 0);
        requests.put("hash", "SHA-1");
        r.put("requests", requests);
        Map<String, Object> ca = new LinkedHashMap<>();
        ca.put("subject", settings.caSubject());
        ca.put("keyAlgorithm", settings.caKeyAlgorithm());
        r.put("ca", ca);
        r.put("responses", measured.ok);
        r.put("responsesPerSecond", round2(rate));
        r.put("exchanges", measured.exchanges);
        r.put("failures", measured.failures());
        r.put("latencyMs", LatencyStats.summary(measured.latency));
        r.put("certStatus", measured.certStatus);
        r.put("httpStatus", measured.httpStatus);
        r.put("transportErrors", measured.transportErrors);
        r.put("invalidResponses", measured.invalid);
        OcspTally all = OcspTally.merged(List.of(warmup, measured, tail));
        r.put("problems", all.problems);
        r.put("problemExamples", all.examples);
        Map<String, Object> signatures = new LinkedHashMap<>();
        signatures.put("checked", all.signaturesChecked);
        signatures.put("failed", all.signaturesFailed);
        signatures.put("every", settings.verifyEvery());
        signatures.put("signers", all.signers);
        r.put("signatures", signatures);
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("meanRequest", OcspTally.mean(measured.requestBytes, measured.exchanges));
        bytes.put("meanResponse", OcspTally.mean(measured.responseBytes, measured.exchanges));
        r.put("bytes", bytes);
        r.put("warmup", phase(warmup));
        r.put("tail", phase(tail));
        r.put("cpu", cpu(cpu, window, measured.ok));
        r.put("comparison", comparison(settings.caKeyAlgorithm(), rate, cpu, measured.ok));
        List<String> problems = problems(warmup, measured, tail);
        r.put("ok", problems.isEmpty());
        r.put("verdict", problems);
        return r;
    }

    /** Why the run failed; empty when it did not. */
    static List<String> problems(OcspTally warmup, OcspTally measured, OcspTally tail) {
        OcspTally all = OcspTally.merged(List.of(warmup, measured, tail));
        List<String> problems = new ArrayList<>();
        if (all.signaturesFailed > 0) {
            problems.add(all.signaturesFailed + " sampled response(s) failed signature verification");
        }
        if (all.invalid - all.signaturesFailed > 0) {
            problems.add((all.invalid - all.signaturesFailed) + " invalid OCSP response(s)");
        }
        if (all.non200() > 0) {
            problems.add(all.non200() + " HTTP answer(s) other than 200");
        }
        if (all.transportErrors > 0) {
            problems.add(all.transportErrors + " request(s) without an HTTP answer");
        }
        if (measured.ok == 0) {
            problems.add("no sound response in the measured window");
        }
        if (all.ok > 0 && all.signaturesChecked == 0) {
            problems.add("no response had its signature verified");
        }
        return problems;
    }

    static Map<String, Object> cpu(Cpu cpu, double windowSeconds, long responses) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cores", cpu.cores());
        c.put("generatorSeconds", round2(cpu.generatorSeconds()));
        c.put("generatorCores", windowSeconds > 0 ? round2(cpu.generatorSeconds() / windowSeconds) : null);
        c.put("serverSeconds", cpu.serverSeconds() == null ? null : round2(cpu.serverSeconds()));
        c.put(
                "serverCores",
                cpu.serverSeconds() == null || windowSeconds <= 0 ? null : round2(cpu.serverSeconds() / windowSeconds));
        c.put("serverMsPerResponse", round2OrNull(serverMsPerResponse(cpu, responses)));
        c.put("machineBusyPercent", machineBusyPercent(cpu));
        c.put("allButGeneratorMsPerResponse", round2OrNull(allButGeneratorMsPerResponse(cpu, responses)));
        return c;
    }

    static Map<String, Object> comparison(String keyAlgorithm, double rate, Cpu cpu, long responses) {
        Map<String, Object> c = new LinkedHashMap<>();
        double perCore = cpu.cores() > 0 ? rate / cpu.cores() : 0;
        c.put("perCorePerSecond", round2(perCore));
        c.put("scaledTo4CoresPerSecond", round2(perCore * PUBLISHED_CORES));
        Double ms = serverMsPerResponse(cpu, responses);
        Double serverOnly = ms == null || ms <= 0 ? null : round2(PUBLISHED_CORES * 1000 / ms);
        c.put("responderOnly4CoresPerSecond", serverOnly);
        Double others = allButGeneratorMsPerResponse(cpu, responses);
        Double allButGenerator = others == null || others <= 0 ? null : round2(PUBLISHED_CORES * 1000 / others);
        c.put("allButGenerator4CoresPerSecond", allButGenerator);
        Integer published = PUBLISHED.get(keyAlgorithm);
        c.put("published4CoresPerSecond", published);
        c.put(
                "scaledPercentOfPublished",
                published == null ? null : round1(100 * perCore * PUBLISHED_CORES / published));
        c.put(
                "responderOnlyPercentOfPublished",
                published == null || serverOnly == null ? null : round1(100 * serverOnly / published));
        c.put(
                "allButGeneratorPercentOfPublished",
                published == null || allButGenerator == null ? null : round1(100 * allButGenerator / published));
        return c;
    }

    static Double serverMsPerResponse(Cpu cpu, long responses) {
        return cpu.serverSeconds() == null || responses == 0 ? null : cpu.serverSeconds() * 1000 / responses;
    }

    /**
     * The machine's busy CPU minus this tool's, per answer: the responder, its database and everything else that
     * ran (idle services, other work on the machine). An upper bound of what one answer costs the stack.
     */
    static Double allButGeneratorMsPerResponse(Cpu cpu, long responses) {
        return cpu.machineBusySeconds() == null || responses == 0
                ? null
                : Math.max(0, cpu.machineBusySeconds() - cpu.generatorSeconds()) * 1000 / responses;
    }

    static Double machineBusyPercent(Cpu cpu) {
        return cpu.machineSeconds() == null || cpu.machineSeconds() <= 0
                ? null
                : round1(100 * cpu.machineBusySeconds() / cpu.machineSeconds());
    }

    /**
     * Busy and total CPU seconds of the machine since boot from the first line of {@code /proc/stat} (user nice
     * system idle iowait irq softirq steal ..., in USER_HZ ticks); idle and iowait are not busy, guest time is
     * already in user. Null when the line is not one.
     */
    static double[] parseProcStat(String firstLine) {
        String[] fields = firstLine.trim().split("\\s+");
        if (fields.length < 5 || !"cpu".equals(fields[0])) {
            return null;
        }
        long total = 0;
        long idle = 0;
        int count = Math.min(fields.length, 9); // user .. steal
        try {
            for (int i = 1; i < count; i++) {
                long ticks = Long.parseLong(fields[i]);
                total += ticks;
                if (i == 4 || i == 5) {
                    idle += ticks;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return new double[] {(total - idle) / 100d, total / 100d};
    }

    /** {@link #parseProcStat} of this machine now; null off Linux. */
    static double[] machineNow() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            return lines.isEmpty() ? null : parseProcStat(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void write(Map<String, Object> report, Path directory) throws IOException {
        Files.createDirectories(directory);
        JSON.writeValue(directory.resolve("report.json").toFile(), report);
    }

    /** The summary for people, from the report map. */
    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> r) {
        StringBuilder s = new StringBuilder();
        Map<String, Object> ca = (Map<String, Object>) r.get("ca");
        Map<String, Object> latency = (Map<String, Object>) r.get("latencyMs");
        Map<String, Object> signatures = (Map<String, Object>) r.get("signatures");
        Map<String, Object> cpu = (Map<String, Object>) r.get("cpu");
        Map<String, Object> cmp = (Map<String, Object>) r.get("comparison");
        Map<String, Object> requests = (Map<String, Object>) r.get("requests");
        line(
                s,
                "target",
                "%s %s/v1/ocsp, %s, %s, %s workers, %ss after a %ss warm-up",
                r.get("method").toString().toUpperCase(Locale.ROOT),
                r.get("url"),
                Boolean.TRUE.equals(r.get("nonce")) ? "nonce" : "no nonce",
                Boolean.TRUE.equals(requests.get("randomSerials"))
                        ? "random serials"
                        : requests.get("certificates") + " certificate(s)",
                r.get("concurrency"),
                num(r.get("durationSeconds"), 0),
                num(r.get("warmupSeconds"), 0));
        line(s, "CA", "%s (%s)", ca.get("subject"), ca.get("keyAlgorithm"));
        line(
                s,
                "responses",
                "%s in %s s = %s/s",
                count(r.get("responses")),
                num(r.get("windowSeconds"), 1),
                num(r.get("responsesPerSecond"), 1));
        line(
                s,
                "latency ms",
                "p50 %s  p90 %s  p99 %s  max %s  (mean %s)",
                num(latency.get("p50"), 1),
                num(latency.get("p90"), 1),
                num(latency.get("p99"), 1),
                num(latency.get("max"), 1),
                num(latency.get("mean"), 1));
        line(s, "cert status", "%s", counts((Map<String, Long>) r.get("certStatus")));
        line(s, "HTTP status", "%s", counts((Map<String, Long>) r.get("httpStatus")));
        line(
                s,
                "signatures",
                "%s checked, %s failed (1 in %s per worker, its first included)%s",
                count(signatures.get("checked")),
                count(signatures.get("failed")),
                signatures.get("every"),
                ((Map<String, Long>) signatures.get("signers")).isEmpty()
                        ? ""
                        : "; signed by " + String.join(", ", ((Map<String, Long>) signatures.get("signers")).keySet()));
        Map<String, Long> problems = (Map<String, Long>) r.get("problems");
        if (!problems.isEmpty()) {
            line(s, "problems", "%s", counts(problems));
            for (Object example : (List<Object>) r.get("problemExamples")) {
                line(s, "", "%s", example);
            }
        }
        StringBuilder c = new StringBuilder();
        c.append(String.format(
                Locale.ROOT,
                "generator %s s (%s cores)",
                num(cpu.get("generatorSeconds"), 1),
                num(cpu.get("generatorCores"), 2)));
        if (cpu.get("serverSeconds") != null) {
            c.append(String.format(
                    Locale.ROOT,
                    ", revocation-worker %s s (%s cores) = %s ms/response",
                    num(cpu.get("serverSeconds"), 1),
                    num(cpu.get("serverCores"), 2),
                    num(cpu.get("serverMsPerResponse"), 2)));
        }
        if (cpu.get("machineBusyPercent") != null) {
            c.append(String.format(Locale.ROOT, ", machine %s %% busy", num(cpu.get("machineBusyPercent"), 0)));
        }
        c.append(String.format(Locale.ROOT, " (%s cores)", cpu.get("cores")));
        line(s, "CPU", "%s", c);
        Object published = cmp.get("published4CoresPerSecond");
        line(
                s,
                "per core",
                "%s/s per core, x%d cores = %s/s%s",
                num(cmp.get("perCorePerSecond"), 1),
                PUBLISHED_CORES,
                num(cmp.get("scaledTo4CoresPerSecond"), 0),
                published == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " vs published ~%s/s (%s, %d cores): %s %%",
                                count(published),
                                ca.get("keyAlgorithm"),
                                PUBLISHED_CORES,
                                num(cmp.get("scaledPercentOfPublished"), 0)));
        if (cmp.get("responderOnly4CoresPerSecond") != null) {
            line(
                    s,
                    "",
                    "responder CPU alone: %d cores / %s ms per response = %s/s%s",
                    PUBLISHED_CORES,
                    num(cpu.get("serverMsPerResponse"), 2),
                    num(cmp.get("responderOnly4CoresPerSecond"), 0),
                    cmp.get("responderOnlyPercentOfPublished") == null
                            ? ""
                            : " (" + num(cmp.get("responderOnlyPercentOfPublished"), 0) + " % of published)");
        }
        if (cmp.get("allButGenerator4CoresPerSecond") != null) {
            line(
                    s,
                    "",
                    "all CPU but this tool's: %d cores / %s ms per response = %s/s%s",
                    PUBLISHED_CORES,
                    num(cpu.get("allButGeneratorMsPerResponse"), 2),
                    num(cmp.get("allButGenerator4CoresPerSecond"), 0),
                    cmp.get("allButGeneratorPercentOfPublished") == null
                            ? ""
                            : " (" + num(cmp.get("allButGeneratorPercentOfPublished"), 0) + " % of published)");
        }
        List<String> verdict = (List<String>) r.get("verdict");
        line(s, "result", "%s", verdict.isEmpty() ? "OK" : "FAILED: " + String.join("; ", verdict));
        return s.toString();
    }

    private static void line(StringBuilder s, String label, String format, Object... args) {
        s.append(String.format(Locale.ROOT, "%-12s ", label))
                .append(String.format(Locale.ROOT, format, args))
                .append('\n');
    }

    private static String counts(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(k + " " + count(v)));
        return String.join(", ", parts);
    }

    private static String count(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : String.valueOf(value);
    }

    private static String num(Object value, int digits) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%,." + digits + "f", n.doubleValue()) : "-";
    }

    private static Map<String, Object> phase(OcspTally tally) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("exchanges", tally.exchanges);
        p.put("responses", tally.ok);
        p.put("failures", tally.failures());
        return p;
    }

    private static Double round2OrNull(Double value) {
        return value == null ? null : round2(value);
    }

    static double round2(double value) {
        return Math.round(value * 100d) / 100d;
    }

    static double round1(double value) {
        return Math.round(value * 10d) / 10d;
    }
}
