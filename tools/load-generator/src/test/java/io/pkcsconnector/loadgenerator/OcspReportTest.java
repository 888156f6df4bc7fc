package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcspReportTest {

    @TempDir
    Path dir;

    static final OcspReport.Settings SETTINGS = new OcspReport.Settings(
            "http://127.0.0.1:8082", "post", true, 16, 5, 30, 100, 0, "CN=Test Issuing CA,O=Test", "ecP256");

    static OcspCheck.Result good(boolean signed) {
        return new OcspCheck.Result(
                OcspCheck.GOOD, null, signed, signed ? "issuing CA" : null, signed ? "SHA256withECDSA" : null);
    }

    static OcspCheck.Result unknown() {
        return new OcspCheck.Result(OcspCheck.UNKNOWN, null, false, null, null);
    }

    /** {@code n} sound answers with latencies 1, 2, ..., n ms. */
    static OcspTally answers(int n) {
        OcspTally tally = new OcspTally();
        for (int i = 1; i <= n; i++) {
            tally.ok(i * 1_000_000L, 124, 500, i == 1 ? good(true) : i % 2 == 0 ? good(false) : unknown());
        }
        return tally;
    }

    @Test
    void perSecondIsCountOverTheWindow() {
        assertThat(OcspTally.perSecond(3_000, 2_000_000_000L)).isEqualTo(1_500.0);
        assertThat(OcspTally.perSecond(1, 500_000_000L)).isEqualTo(2.0);
        assertThat(OcspTally.perSecond(10, 0)).isZero();
    }

    @Test
    void talliesMergeCountsAndHistograms() {
        OcspTally a = answers(100);
        OcspTally b = new OcspTally();
        b.ok(200_000_000L, 124, 500, good(true));
        b.httpError(503, 124, 80, "{\"title\":\"Service Unavailable\"}");
        b.transportError(new HttpTimeoutException("request timed out"));

        OcspTally total = OcspTally.merged(List.of(a, b));

        assertThat(total.exchanges).isEqualTo(103);
        assertThat(total.ok).isEqualTo(101);
        assertThat(total.failures()).isEqualTo(2);
        assertThat(total.non200()).isEqualTo(1);
        assertThat(total.transportErrors).isEqualTo(1);
        assertThat(total.latency.getTotalCount()).isEqualTo(101);
        assertThat(total.httpStatus)
                .containsEntry("200", 101L)
                .containsEntry("503", 1L)
                .containsEntry("none", 1L);
        assertThat(total.certStatus).containsEntry("good", 52L).containsEntry("unknown", 49L);
        assertThat(total.signaturesChecked).isEqualTo(2);
        assertThat(total.signers).containsEntry("issuing CA (SHA256withECDSA)", 2L);
        assertThat(total.problems).containsEntry("HTTP 503", 1L).containsEntry("transport: HttpTimeoutException", 1L);
        assertThat(total.examples)
                .containsExactly(
                        "HTTP 503: {\"title\":\"Service Unavailable\"}",
                        "transport: HttpTimeoutException: request timed out");
        assertThat(total.requestBytes).isEqualTo(102 * 124);
        assertThat(OcspTally.mean(total.responseBytes, total.exchanges))
                .isEqualTo((101 * 500 + 80) / 103d, within(0.05));
    }

    @Test
    void theReportHasRateLatencyPercentilesAndCounts() {
        OcspTally measured = answers(1_000); // 1..1000 ms
        OcspReport.Cpu cpu = new OcspReport.Cpu(2, 3.0, null, null, null);

        Map<String, Object> r = OcspReport.build(
                "2026-01-01T00:00:00Z", SETTINGS, 10_000_000_000L, answers(5), measured, new OcspTally(), cpu);

        assertThat(r.get("responses")).isEqualTo(1_000L);
        assertThat(r.get("responsesPerSecond")).isEqualTo(100.0);
        assertThat(r.get("windowSeconds")).isEqualTo(10.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) r.get("latencyMs");
        // HdrHistogram with 3 significant digits: within 0.1 % of the exact percentiles.
        assertThat((double) latency.get("p50")).isCloseTo(500, within(1.0));
        assertThat((double) latency.get("p90")).isCloseTo(900, within(1.0));
        assertThat((double) latency.get("p99")).isCloseTo(990, within(1.0));
        assertThat((double) latency.get("max")).isCloseTo(1_000, within(1.0));
        assertThat((double) latency.get("mean")).isCloseTo(500.5, within(0.5));
        assertThat(r.get("certStatus")).isEqualTo(Map.of("good", 501L, "unknown", 499L));
        assertThat(r.get("httpStatus")).isEqualTo(Map.of("200", 1_000L));
        assertThat(r.get("ok")).isEqualTo(true);
        assertThat(r.get("verdict")).isEqualTo(List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> warmup = (Map<String, Object>) r.get("warmup");
        assertThat(warmup).containsEntry("responses", 5L).containsEntry("failures", 0L);
        @SuppressWarnings("unchecked")
        Map<String, Object> signatures = (Map<String, Object>) r.get("signatures");
        assertThat(signatures).containsEntry("checked", 2L).containsEntry("failed", 0L);
    }

    @Test
    void theComparisonScalesPerCoreAndByTheRespondersOwnCpu() {
        // 1,000 answers/s on 2 cores; the responder used 10 CPU seconds for 5,000 answers (2 ms each).
        OcspReport.Cpu cpu = new OcspReport.Cpu(2, 4.0, 10.0, 9.0, 10.0);

        Map<String, Object> comparison = OcspReport.comparison("ecP256", 1_000, cpu, 5_000);
        Map<String, Object> figures = OcspReport.cpu(cpu, 5.0, 5_000);

        assertThat(comparison.get("perCorePerSecond")).isEqualTo(500.0);
        assertThat(comparison.get("scaledTo4CoresPerSecond")).isEqualTo(2_000.0);
        assertThat(comparison.get("published4CoresPerSecond")).isEqualTo(3_600);
        assertThat(comparison.get("scaledPercentOfPublished")).isEqualTo(55.6);
        assertThat(comparison.get("responderOnly4CoresPerSecond")).isEqualTo(2_000.0);
        assertThat(figures.get("serverMsPerResponse")).isEqualTo(2.0);
        assertThat(figures.get("serverCores")).isEqualTo(2.0);
        assertThat(figures.get("generatorCores")).isEqualTo(0.8);
        assertThat(figures.get("machineBusyPercent")).isEqualTo(90.0);
        // 9 busy seconds on the machine, 4 of them this tool's: 5 s for 5,000 answers.
        assertThat(figures.get("allButGeneratorMsPerResponse")).isEqualTo(1.0);
        assertThat(comparison.get("allButGenerator4CoresPerSecond")).isEqualTo(4_000.0);
        assertThat(comparison.get("allButGeneratorPercentOfPublished")).isEqualTo(111.1);

        Map<String, Object> rsa = OcspReport.comparison("rsa2048", 450, new OcspReport.Cpu(2, 1, null, null, null), 1);
        assertThat(rsa.get("scaledTo4CoresPerSecond")).isEqualTo(900.0);
        assertThat(rsa.get("scaledPercentOfPublished")).isEqualTo(100.0);
        assertThat(rsa.get("responderOnly4CoresPerSecond")).isNull();

        assertThat(OcspReport.comparison("ecP384", 450, cpu, 1).get("published4CoresPerSecond"))
                .isNull();
    }

    @Test
    void anyFailureAnywhereFailsTheRun() {
        OcspTally fine = answers(10);
        assertThat(OcspReport.problems(new OcspTally(), fine, new OcspTally())).isEmpty();

        OcspTally badSignature = new OcspTally();
        badSignature.invalid(124, 500, OcspCheck.Result.problem("signature does not verify with issuing CA", true));
        assertThat(OcspReport.problems(badSignature, fine, new OcspTally()))
                .containsExactly("1 sampled response(s) failed signature verification");

        OcspTally invalid = new OcspTally();
        invalid.invalid(124, 5, OcspCheck.Result.problem("OCSP responseStatus tryLater", false));
        assertThat(OcspReport.problems(new OcspTally(), fine, invalid)).containsExactly("1 invalid OCSP response(s)");

        OcspTally non200 = new OcspTally();
        non200.httpError(500, 124, 0, "");
        non200.transportError(new IOException("Connection reset"));
        assertThat(OcspReport.problems(new OcspTally(), fine, non200))
                .containsExactly("1 HTTP answer(s) other than 200", "1 request(s) without an HTTP answer");

        assertThat(OcspReport.problems(new OcspTally(), new OcspTally(), new OcspTally()))
                .containsExactly("no sound response in the measured window");

        OcspTally unverified = new OcspTally();
        unverified.ok(1_000_000, 124, 500, unknown());
        assertThat(OcspReport.problems(new OcspTally(), unverified, new OcspTally()))
                .containsExactly("no response had its signature verified");
    }

    @Test
    void procStatGivesBusyAndTotalSeconds() {
        double[] cpu = OcspReport.parseProcStat("cpu  1000 50 300 5000 150 10 40 0 0 0");
        assertThat(cpu[0]).isEqualTo(14.0); // user nice system irq softirq steal: 1400 ticks
        assertThat(cpu[1]).isEqualTo(65.5); // plus idle and iowait
        assertThat(OcspReport.parseProcStat("intr 1 2 3 4 5")).isNull();
        assertThat(OcspReport.parseProcStat("cpu a b c d e")).isNull();
    }

    @Test
    void theSummaryAndTheJsonFileSayTheSame() throws IOException {
        OcspTally measured = answers(300);
        measured.httpError(500, 124, 10, "boom");
        Map<String, Object> r = OcspReport.build(
                "2026-01-01T00:00:00Z",
                SETTINGS,
                3_000_000_000L,
                new OcspTally(),
                measured,
                new OcspTally(),
                new OcspReport.Cpu(2, 0.5, 1.5, 5.4, 6.0));

        String summary = OcspReport.summary(r);
        assertThat(summary)
                .contains(
                        "POST http://127.0.0.1:8082/v1/ocsp, nonce, random serials, 16 workers, 30s after a 5s warm-up")
                .contains("300 in 3.0 s = 100.0/s")
                .contains("good 151, unknown 149")
                .contains("200 300, 500 1")
                .contains("revocation-worker 1.5 s (0.50 cores) = 5.00 ms/response")
                .contains("machine 90 % busy (2 cores)")
                .contains("50.0/s per core, x4 cores = 200/s vs published ~3,600/s (ecP256, 4 cores): 6 %")
                .contains("responder CPU alone: 4 cores / 5.00 ms per response = 800/s (22 % of published)")
                // (5.4 - 0.5) s / 300 answers
                .contains("all CPU but this tool's: 4 cores / 16.33 ms per response = 245/s (7 % of published)")
                .contains("HTTP 500: boom")
                .contains("FAILED: 1 HTTP answer(s) other than 200");

        OcspReport.write(r, dir.resolve("out"));
        Map<?, ?> json =
                new ObjectMapper().readValue(dir.resolve("out/report.json").toFile(), Map.class);
        assertThat(json.get("responses")).isEqualTo(300);
        assertThat(json.get("responsesPerSecond")).isEqualTo(100.0);
        assertThat(json.get("ok")).isEqualTo(false);
        assertThat(((Map<?, ?>) json.get("httpStatus")).get("500")).isEqualTo(1);
    }
}
