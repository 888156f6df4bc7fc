package io.pkcsconnector.loadgenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Per-second counts and latency percentiles of a run, second 0 starting at the first measured submission. A
 * second's histograms are reduced to their percentiles once it is {@link #OPEN_SECONDS} old, so an hour-long
 * run keeps a few numbers per second, not a histogram; a delivery that arrives later still counts, without a
 * latency.
 */
final class TimeSeries {

    static final int OPEN_SECONDS = 10;

    /** One second of the run. */
    static final class Second {
        int submitted;
        int issued;
        int delivered;
        int failed;
        IntCountsHistogram latency = new IntCountsHistogram(2);
        IntCountsHistogram issueLatency = new IntCountsHistogram(2);
        Double latencyP50;
        Double latencyP99;
        Double issueLatencyP50;
        Double issueLatencyP99;
        final Map<String, Double> gauges = new TreeMap<>();

        void close() {
            if (latency != null) {
                latencyP50 = LatencyStats.percentileMs(latency, 50);
                latencyP99 = LatencyStats.percentileMs(latency, 99);
                issueLatencyP50 = LatencyStats.percentileMs(issueLatency, 50);
                issueLatencyP99 = LatencyStats.percentileMs(issueLatency, 99);
                latency = null;
                issueLatency = null;
            }
        }
    }

    private final long startNanos;
    private final List<Second> seconds = new ArrayList<>();
    private int closedUpTo;

    TimeSeries(long startNanos) {
        this.startNanos = startNanos;
    }

    long startNanos() {
        return startNanos;
    }

    synchronized void submitted(long nanos) {
        Second second = at(nanos);
        if (second != null) {
            second.submitted++;
        }
    }

    synchronized void issued(long nanos, long latencyNanos) {
        Second second = at(nanos);
        if (second != null) {
            second.issued++;
            if (second.issueLatency != null) {
                LatencyStats.record(second.issueLatency, latencyNanos);
            }
        }
    }

    synchronized void delivered(long nanos, long latencyNanos) {
        Second second = at(nanos);
        if (second != null) {
            second.delivered++;
            if (second.latency != null) {
                LatencyStats.record(second.latency, latencyNanos);
            }
        }
    }

    synchronized void failed(long nanos) {
        Second second = at(nanos);
        if (second != null) {
            second.failed++;
        }
    }

    /** A sampled value (e.g. the worker's deduplicated count) for the second of {@code nanos}; the last one wins. */
    synchronized void gauge(String name, long nanos, double value) {
        Second second = at(nanos);
        if (second != null) {
            second.gauges.put(name, value);
        }
    }

    /** Issued per second over the last completed second before {@code nowNanos}. */
    synchronized int issuedInLastSecond(long nowNanos) {
        long index = (nowNanos - startNanos) / 1_000_000_000L - 1;
        return index >= 0 && index < seconds.size() ? seconds.get((int) index).issued : 0;
    }

    /** The series as report rows, one per second from 0 to the last second with anything in it. */
    synchronized List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < seconds.size(); i++) {
            Second second = seconds.get(i);
            second.close();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", i);
            row.put("submitted", second.submitted);
            row.put("issued", second.issued);
            row.put("delivered", second.delivered);
            row.put("failed", second.failed);
            row.put("latencyP50Ms", second.latencyP50);
            row.put("latencyP99Ms", second.latencyP99);
            row.put("issueLatencyP50Ms", second.issueLatencyP50);
            row.put("issueLatencyP99Ms", second.issueLatencyP99);
            row.putAll(second.gauges);
            rows.add(row);
        }
        return rows;
    }

    private Second at(long nanos) {
        if (nanos < startNanos) {
            return null;
        }
        long index = (nanos - startNanos) / 1_000_000_000L;
        if (index > 366L * 24 * 3600) {
            return null;
        }
        while (seconds.size() <= index) {
            seconds.add(new Second());
        }
        while (closedUpTo < seconds.size() - OPEN_SECONDS) {
            seconds.get(closedUpTo++).close();
        }
        return seconds.get((int) index);
    }
}
