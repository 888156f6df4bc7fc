package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy defaults = new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(10));

    @Test
    void backoffDoublesUpToItsCap() {
        assertThat(defaults.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.backoff(5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(defaults.backoff(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.backoff(60)).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.window()).isEqualTo(Duration.ofMillis(45_500));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        for (int i = 0; i < 1000; i++) {
            assertThat(defaults.jittered(3)).isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        }
    }

    @Test
    void retriesAreBounded() {
        assertThat(defaults.mayRetry(7)).isTrue();
        assertThat(defaults.mayRetry(8)).isFalse();
    }

    @Test
    void theDefaultWindowOutlastsTheDefaultLease() {
        assertThat(defaults.requireOutlasts(Duration.ofSeconds(30))).isSameAs(defaults);
    }

    @Test
    void aWindowShorterThanTheLeaseIsRefusedAtStart() {
        // A request whose owner crashed would be dead-lettered before its lease ran out.
        RetryPolicy impatient = new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThatThrownBy(() -> impatient.requireOutlasts(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pkcs.issuance.reservation.lease");
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
