package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a request that could not be completed is tried again, and when it is given up (dead-lettered).
 * Validated from configuration at start: a retry window shorter than a reservation lease would dead-letter
 * every request whose previous owner crashed, instead of taking it over once the lease expires.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("pkcs.issuance.retry.max-retries must not be negative");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("pkcs.issuance.retry needs 0 < initial-backoff <= max-backoff, got "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    public static RetryPolicy from(IssuanceConfig config) {
        IssuanceConfig.Retry retry = config.retry();
        return new RetryPolicy(retry.maxRetries(), retry.initialBackoff(), retry.maxBackoff())
                .requireOutlasts(config.reservation().lease());
    }

    /**
     * @throws IllegalArgumentException unless even the shortest retry window (every delay jittered 20 % early)
     *     outlasts {@code lease}
     */
    public RetryPolicy requireOutlasts(Duration lease) {
        Duration shortest = window().multipliedBy(4).dividedBy(5);
        if (shortest.compareTo(lease) <= 0) {
            throw new IllegalArgumentException("the retry window (" + window() + " with " + maxRetries
                    + " retries) must outlast pkcs.issuance.reservation.lease (" + lease
                    + "), or requests whose owner crashed are dead-lettered instead of taken over");
        }
        return this;
    }

    /** Whether an attempt numbered {@code retriesSoFar + 1} may still be made. */
    public boolean mayRetry(int retriesSoFar) {
        return retriesSoFar < maxRetries;
    }

    /** The nominal delay before retry number {@code retry} (1-based): exponential, capped. */
    public Duration backoff(int retry) {
        Duration delay = initialBackoff;
        for (int i = 1; i < retry && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    /**
     * The delay actually waited: the backoff with ±20 % jitter, so that the duplicates of one request (and the
     * requests of one outage) do not all come back at the same instant.
     */
    public Duration jittered(int retry) {
        long nominal = backoff(retry).toMillis();
        long spread = nominal / 5;
        return Duration.ofMillis(nominal
                - spread
                + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * spread + 1)));
    }

    /** Sum of all nominal delays: how long a request may stay unacknowledged while it is retried. */
    public Duration window() {
        Duration total = Duration.ZERO;
        for (int retry = 1; retry <= maxRetries; retry++) {
            total = total.plus(backoff(retry));
        }
        return total;
    }
}
