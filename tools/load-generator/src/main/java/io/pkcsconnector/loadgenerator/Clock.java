package io.pkcsconnector.loadgenerator;

import java.time.Instant;

/**
 * Maps wall-clock instants (a server's timestamps; the stack runs on this machine) onto the monotonic {@link
 * System#nanoTime()} line that every measurement uses.
 */
final class Clock {

    private final long baseNanos;
    private final Instant baseInstant;

    Clock(long baseNanos, Instant baseInstant) {
        this.baseNanos = baseNanos;
        this.baseInstant = baseInstant;
    }

    static Clock now() {
        return new Clock(System.nanoTime(), Instant.now());
    }

    long nanosOf(Instant instant) {
        long seconds = instant.getEpochSecond() - baseInstant.getEpochSecond();
        long nanos = instant.getNano() - baseInstant.getNano();
        return baseNanos + seconds * 1_000_000_000L + nanos;
    }

    Instant instantOf(long nanos) {
        return baseInstant.plusNanos(nanos - baseNanos);
    }
}
