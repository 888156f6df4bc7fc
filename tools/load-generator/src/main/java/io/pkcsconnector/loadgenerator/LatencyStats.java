package io.pkcsconnector.loadgenerator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds, summarised in milliseconds for people and the report. */
final class LatencyStats {

    private LatencyStats() {}

    /** Auto-resizing, 3 significant digits: exact enough for p99.9 and small for short runs. */
    static Histogram newHistogram() {
        return new Histogram(3);
    }

    static void record(AbstractHistogram histogram, long nanos) {
        histogram.recordValue(Math.max(0, nanos / 1_000));
    }

    /** {@code count, p50, p90, p99, max, mean} in ms (one decimal); percentiles are null when nothing was recorded. */
    static Map<String, Object> summary(AbstractHistogram histogram) {
        Map<String, Object> summary = new LinkedHashMap<>();
        long count = histogram.getTotalCount();
        summary.put("count", count);
        summary.put("p50", count == 0 ? null : ms(histogram.getValueAtPercentile(50)));
        summary.put("p90", count == 0 ? null : ms(histogram.getValueAtPercentile(90)));
        summary.put("p99", count == 0 ? null : ms(histogram.getValueAtPercentile(99)));
        summary.put("max", count == 0 ? null : ms(histogram.getMaxValue()));
        summary.put("mean", count == 0 ? null : round1(histogram.getMean() / 1_000d));
        return summary;
    }

    static Double percentileMs(AbstractHistogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? null : ms(histogram.getValueAtPercentile(percentile));
    }

    static double ms(long micros) {
        return round1(micros / 1_000d);
    }

    static double round1(double value) {
        return Math.round(value * 10d) / 10d;
    }
}
