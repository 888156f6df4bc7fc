package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static final long MS = 1_000_000L;

    @Test
    void requestsAreDueEvenlyFromTheStart() {
        RateLimiter limiter = new RateLimiter(100, 5_000 * MS);
        assertThat(limiter.dueNanos(0)).isEqualTo(5_000 * MS);
        assertThat(limiter.dueNanos(1)).isEqualTo(5_010 * MS);
        assertThat(limiter.dueNanos(100)).isEqualTo(6_000 * MS);
    }

    @Test
    void fractionalRatesDoNotDrift() {
        RateLimiter limiter = new RateLimiter(3, 0);
        assertThat(limiter.dueNanos(3)).isEqualTo(1_000 * MS);
        assertThat(limiter.dueNanos(3_000)).isEqualTo(1_000_000 * MS);
        assertThat(limiter.dueNanos(1)).isEqualTo(333_333_333L);
    }

    @Test
    void waitsUntilDueAndNeverNegative() {
        RateLimiter limiter = new RateLimiter(10, 0);
        assertThat(limiter.waitNanos(1, 0)).isEqualTo(100 * MS);
        assertThat(limiter.waitNanos(1, 60 * MS)).isEqualTo(40 * MS);
        assertThat(limiter.waitNanos(1, 100 * MS)).isZero();
        assertThat(limiter.waitNanos(1, 500 * MS)).isZero();
    }

    @Test
    void openLoopKeepsTheScheduleWhenTheSenderFallsBehind() {
        RateLimiter limiter = new RateLimiter(10, 0);
        // Request 1 went out 250 ms late: request 2 is still due at 200 ms, not 350 ms.
        assertThat(limiter.sent(1, 350 * MS)).isEqualTo(250 * MS);
        assertThat(limiter.dueNanos(2)).isEqualTo(200 * MS);
        assertThat(limiter.waitNanos(2, 350 * MS)).isZero();
        assertThat(limiter.sent(2, 360 * MS)).isEqualTo(160 * MS);
        assertThat(limiter.sent(3, 300 * MS)).isZero();
        assertThat(limiter.maxLagNanos()).isEqualTo(250 * MS);
    }

    @Test
    void countsWhatIsDueByATime() {
        RateLimiter limiter = new RateLimiter(4, 1_000 * MS);
        assertThat(limiter.dueBy(999 * MS)).isZero();
        assertThat(limiter.dueBy(1_000 * MS)).isEqualTo(1);
        assertThat(limiter.dueBy(2_000 * MS)).isEqualTo(5);
    }

    @Test
    void refusesRatesThatAreNoRate() {
        assertThatThrownBy(() -> new RateLimiter(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.POSITIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
