package io.pkcsconnector.issuanceworker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

    @Test
    void admitsUpToTheLimitThenWaitsForARelease() {
        InFlightLimit limit = new InFlightLimit(2);
        assertThat(admitted(limit.admit())).isTrue();
        assertThat(admitted(limit.admit())).isTrue();

        AtomicBoolean third = new AtomicBoolean();
        limit.admit().subscribe().with(ignored -> third.set(true));
        assertThat(third).isFalse();
        assertThat(limit.inFlight()).isEqualTo(2);

        limit.release();
        assertThat(third).as("the released slot passes to the waiting request").isTrue();
        assertThat(limit.inFlight()).isEqualTo(2);

        limit.release();
        limit.release();
        assertThat(limit.inFlight()).isZero();
    }

    private static boolean admitted(Uni<Void> admission) {
        AtomicBoolean done = new AtomicBoolean();
        admission.subscribe().with(ignored -> done.set(true));
        return done.get();
    }
}
