package io.pkcsconnector.requestintake;

import io.pkcsconnector.servicecommon.api.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The buckets of a connector health time series: from {@code start} (floored to the interval, buckets are aligned
 * to the interval since the epoch, in UTC) up to {@code end} (exclusive). Outcomes are stored per minute, so every
 * interval is a whole number of minutes. The number of buckets is bounded, because the answer lists empty ones
 * too.
 */
public record HealthMetricRange(Instant start, Instant end, Duration interval) {

    public static final List<Duration> INTERVALS = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofDays(1));

    /** The range when the caller names none: the last hour. */
    public static final Duration DEFAULT_SPAN = Duration.ofHours(1);

    /**
     * @param start null for {@code end} minus {@link #DEFAULT_SPAN}
     * @param end null for {@code now}
     * @param interval null for the finest interval that fits in {@code maxBuckets}
     */
    public static HealthMetricRange of(Instant start, Instant end, Duration interval, Instant now, int maxBuckets) {
        Instant to = end != null ? end : now;
        Instant from = start != null ? start : to.minus(DEFAULT_SPAN);
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("invalid-time-range", "start must be before end");
        }
        if (interval != null) {
            if (!INTERVALS.contains(interval)) {
                throw ProblemException.badRequest(
                        "invalid-interval", "interval must be one of " + names() + ", got " + interval);
            }
            HealthMetricRange range = new HealthMetricRange(floor(from, interval), to, interval);
            if (range.bucketCount() > maxBuckets) {
                throw tooWide(range.bucketCount(), maxBuckets);
            }
            return range;
        }
        for (Duration candidate : INTERVALS) {
            HealthMetricRange range = new HealthMetricRange(floor(from, candidate), to, candidate);
            if (range.bucketCount() <= maxBuckets) {
                return range;
            }
        }
        Duration coarsest = INTERVALS.get(INTERVALS.size() - 1);
        throw tooWide(new HealthMetricRange(floor(from, coarsest), to, coarsest).bucketCount(), maxBuckets);
    }

    /** An ISO-8601 date-time with offset ({@code 2026-11-24T20:00:00Z}), or null when absent. */
    public static Instant parseTime(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(
                    "invalid-time-range",
                    name + " must be an ISO-8601 date-time with offset, e.g. 2026-11-24T20:00:00Z");
        }
    }

    /** An ISO-8601 duration ({@code PT1M}), or null when absent. */
    public static Duration parseInterval(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-interval", "interval must be one of " + names());
        }
    }

    public int bucketCount() {
        long step = interval.getSeconds();
        long span = end.getEpochSecond() - start.getEpochSecond() + (end.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, (span + step - 1) / step);
    }

    public List<Instant> bucketStarts() {
        List<Instant> starts = new ArrayList<>();
        for (Instant at = start; at.isBefore(end); at = at.plus(interval)) {
            starts.add(at);
        }
        return starts;
    }

    private static Instant floor(Instant at, Duration interval) {
        long step = interval.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), step) * step);
    }

    private static ProblemException tooWide(int buckets, int maxBuckets) {
        return ProblemException.badRequest(
                "time-range-too-wide",
                "the range needs " + buckets + " buckets, at most " + maxBuckets
                        + " are served: narrow it or choose a coarser interval");
    }

    private static String names() {
        return "PT1M, PT5M, PT15M, PT1H, P1D";
    }
}
