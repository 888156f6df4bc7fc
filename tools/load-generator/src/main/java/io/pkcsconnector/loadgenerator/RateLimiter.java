package io.pkcsconnector.loadgenerator;

/**
 * Open-loop pacing: request {@code i} is due at {@code start + i / rate}, whatever happened to the requests
 * before it. A sender that falls behind (because {@code --concurrency} requests are outstanding) sends at once
 * when it can, and the lag is recorded instead of silently stretching the schedule.
 */
final class RateLimiter {

    private final double perSecond;
    private final long startNanos;
    private long maxLagNanos;

    RateLimiter(double perSecond, long startNanos) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + perSecond);
        }
        this.perSecond = perSecond;
        this.startNanos = startNanos;
    }

    /** When request {@code index} (0-based) is due. */
    long dueNanos(long index) {
        return startNanos + Math.round(index * 1_000_000_000d / perSecond);
    }

    /** How long to wait from {@code nowNanos} until request {@code index} is due; 0 when due or late. */
    long waitNanos(long index, long nowNanos) {
        return Math.max(0, dueNanos(index) - nowNanos);
    }

    /** Records that request {@code index} actually went out at {@code sentNanos}; returns its lag. */
    long sent(long index, long sentNanos) {
        long lag = Math.max(0, sentNanos - dueNanos(index));
        maxLagNanos = Math.max(maxLagNanos, lag);
        return lag;
    }

    /** How many requests are due by {@code nowNanos} (the schedule's count, not what was sent). */
    long dueBy(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        return (long) Math.floor((nowNanos - startNanos) * perSecond / 1_000_000_000d) + 1;
    }

    long maxLagNanos() {
        return maxLagNanos;
    }

    double perSecond() {
        return perSecond;
    }
}
