package io.pkcsconnector.loadgenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one worker saw in one phase of an {@link OcspLoad} run (warm-up, measured window, tail), merged across
 * workers at the end. Not thread-safe: each worker owns its tallies until the run is over.
 *
 * <p>An exchange is one HTTP request sent and finished, answered or not. It is <em>ok</em> when it came back 200 with
 * a sound OCSP answer (and, for the sampled ones, a valid signature); only those make the rate and the latency
 * histogram, so that fast errors cannot make a responder look fast. Everything else is a failure: a status other
 * than 200, a transport error (no answer, timeout), or an invalid answer.
 */
final class OcspTally {

    /** Problem messages kept verbatim, for the report; the counts by problem are complete. */
    static final int MAX_EXAMPLES = 10;

    final Histogram latency = LatencyStats.newHistogram();
    long exchanges;
    long ok;
    long transportErrors;
    long invalid;
    long signaturesChecked;
    long signaturesFailed;
    long requestBytes;
    long responseBytes;
    final Map<String, Long> httpStatus = new TreeMap<>();
    final Map<String, Long> certStatus = new TreeMap<>();
    final Map<String, Long> problems = new TreeMap<>();
    final Map<String, Long> signers = new TreeMap<>();
    final List<String> examples = new ArrayList<>();

    /** A 200 with a sound answer. */
    void ok(long latencyNanos, int sentBytes, int receivedBytes, OcspCheck.Result result) {
        exchange(200, sentBytes, receivedBytes);
        ok++;
        LatencyStats.record(latency, latencyNanos);
        increment(certStatus, result.certStatus());
        if (result.signatureChecked()) {
            signaturesChecked++;
            increment(signers, result.signer() + " (" + result.algorithm() + ")");
        }
    }

    /** A 200 whose body is not a sound answer, or whose signature failed when checked. */
    void invalid(int sentBytes, int receivedBytes, OcspCheck.Result result) {
        exchange(200, sentBytes, receivedBytes);
        invalid++;
        if (result.signatureChecked()) {
            signaturesChecked++;
            signaturesFailed++;
        }
        problem(result.problem(), null);
    }

    /** Any status but 200. */
    void httpError(int status, int sentBytes, int receivedBytes, String detail) {
        exchange(status, sentBytes, receivedBytes);
        problem("HTTP " + status, detail);
    }

    /** No HTTP answer at all. */
    void transportError(Exception error) {
        exchanges++;
        transportErrors++;
        increment(httpStatus, "none");
        problem("transport: " + error.getClass().getSimpleName(), error.getMessage());
    }

    /** Exchanges that count against the responder: anything that was not a 200 with a sound answer. */
    long failures() {
        return exchanges - ok;
    }

    /** Non-200 answers, transport errors excluded. */
    long non200() {
        long n = 0;
        for (Map.Entry<String, Long> entry : httpStatus.entrySet()) {
            if (!"200".equals(entry.getKey()) && !"none".equals(entry.getKey())) {
                n += entry.getValue();
            }
        }
        return n;
    }

    void merge(OcspTally other) {
        latency.add(other.latency);
        exchanges += other.exchanges;
        ok += other.ok;
        transportErrors += other.transportErrors;
        invalid += other.invalid;
        signaturesChecked += other.signaturesChecked;
        signaturesFailed += other.signaturesFailed;
        requestBytes += other.requestBytes;
        responseBytes += other.responseBytes;
        other.httpStatus.forEach((k, v) -> httpStatus.merge(k, v, Long::sum));
        other.certStatus.forEach((k, v) -> certStatus.merge(k, v, Long::sum));
        other.problems.forEach((k, v) -> problems.merge(k, v, Long::sum));
        other.signers.forEach((k, v) -> signers.merge(k, v, Long::sum));
        for (String example : other.examples) {
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(example);
            }
        }
    }

    static OcspTally merged(Iterable<OcspTally> tallies) {
        OcspTally total = new OcspTally();
        for (OcspTally tally : tallies) {
            total.merge(tally);
        }
        return total;
    }

    /** {@code count} per second over {@code nanos}; 0 for an empty window. */
    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    /** Mean bytes per exchange, one decimal; null when none. */
    static Double mean(long bytes, long exchanges) {
        return exchanges == 0 ? null : LatencyStats.round1((double) bytes / exchanges);
    }

    private void exchange(int status, int sentBytes, int receivedBytes) {
        exchanges++;
        requestBytes += sentBytes;
        responseBytes += receivedBytes;
        increment(httpStatus, String.valueOf(status));
    }

    private void problem(String kind, String detail) {
        increment(problems, kind);
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(detail == null || detail.isBlank() ? kind : kind + ": " + abbreviate(detail));
        }
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private static void increment(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
    }
}
