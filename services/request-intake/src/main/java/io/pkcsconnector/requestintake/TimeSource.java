package io.pkcsconnector.requestintake;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The current time for renewal decisions, at second precision (renewal times are stored and compared in whole
 * seconds). A bean of its own so that tests can move time forward instead of waiting for certificates to age.
 */
@ApplicationScoped
public class TimeSource {

    public Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
