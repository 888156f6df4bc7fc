package io.pkcsconnector.loadgenerator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The issuance worker's counters, read from its Prometheus text ({@code /q/metrics}); a counter with labels is
 * summed over them.
 */
final class WorkerMetrics {

    static final String ISSUED = "pkcs_issuance_issued_total";
    static final String DEDUPLICATED = "pkcs_issuance_deduplicated_total";
    static final String DEAD_LETTERED = "pkcs_issuance_dead_lettered_total";
    static final String RETRIED = "pkcs_issuance_retried_total";
    static final String FAILED = "pkcs_issuance_failed_total";
    /** Requests that took a pre-generated key pair (issuance-worker's key pool), and those that found it empty. */
    static final String KEY_POOL_HITS = "pkcs_issuance_key_pool_hits_total";

    static final String KEY_POOL_MISSES = "pkcs_issuance_key_pool_misses_total";
    static final List<String> COUNTERS =
            List.of(ISSUED, DEDUPLICATED, DEAD_LETTERED, RETRIED, FAILED, KEY_POOL_HITS, KEY_POOL_MISSES);

    /** One scrape. */
    record Sample(long nanos, Map<String, Double> values) {
        double get(String name) {
            return values.getOrDefault(name, 0d);
        }
    }

    private WorkerMetrics() {}

    /** The sums of {@code names} in Prometheus text format; names that do not occur are absent. */
    static Map<String, Double> parse(String text, List<String> names) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            if (!names.contains(name)) {
                continue;
            }
            int valueStart = line.charAt(nameEnd) == '{' ? line.indexOf("} ", nameEnd) + 2 : nameEnd + 1;
            if (valueStart < 2) {
                continue;
            }
            String[] rest = line.substring(valueStart).trim().split("\\s+");
            try {
                values.merge(name, Double.parseDouble(rest[0]), Double::sum);
            } catch (NumberFormatException e) {
                // Not a sample line we understand; skip it.
            }
        }
        return values;
    }

    /** Samples kept in order; the storm watcher and the report read them. */
    static final class Samples {
        private final List<Sample> samples = new ArrayList<>();
        private long errors;

        synchronized void add(Sample sample) {
            samples.add(sample);
        }

        synchronized void error() {
            errors++;
        }

        synchronized long errors() {
            return errors;
        }

        synchronized Sample last() {
            return samples.isEmpty() ? null : samples.get(samples.size() - 1);
        }

        /** The last sample at or before {@code nanos}, else the first one. */
        synchronized Sample atOrBefore(long nanos) {
            Sample found = samples.isEmpty() ? null : samples.get(0);
            for (Sample sample : samples) {
                if (sample.nanos() <= nanos) {
                    found = sample;
                }
            }
            return found;
        }

        /** The first sample that satisfies {@code test}, or null. */
        synchronized Sample first(java.util.function.Predicate<Sample> test) {
            for (Sample sample : samples) {
                if (test.test(sample)) {
                    return sample;
                }
            }
            return null;
        }

        /** When {@code name} last changed, or -1 if it never did. */
        synchronized long lastChangeNanos(String name) {
            long changed = -1;
            for (int i = 1; i < samples.size(); i++) {
                if (samples.get(i).get(name) != samples.get(i - 1).get(name)) {
                    changed = samples.get(i).nanos();
                }
            }
            return changed;
        }
    }
}
