package io.pkcsconnector.requestintake.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.Map;

/** Settings of request-intake, prefix {@code pkcs.intake}. */
@ConfigMapping(prefix = "pkcs.intake")
public interface IntakeConfig {

    /** Longest accepted {@code Idempotency-Key} header. */
    @WithDefault("128")
    int maxIdempotencyKeyLength();

    /** Renewal of issued certificates, prefix {@code pkcs.intake.renewal}. */
    Renewal renewal();

    interface Renewal {

        /**
         * Certificates are renewed at their profile's threshold plus a jitter drawn evenly from this window (fixed
         * per certificate: derived from its request id), so that certificates issued together are renewed spread
         * over the window rather than all at once. Never more than half the threshold period (lifetime ×
         * renewalThresholdPercentage %), so that a short-lived certificate still renews well before it expires.
         * {@code 0s} renews exactly at the threshold.
         */
        @WithDefault("24h")
        Duration jitterWindow();

        /** Whether this instance runs the renewal sweep (every instance may; they share the work). */
        @WithDefault("true")
        boolean sweepEnabled();

        /** How often the sweep schedules new certificates and marks due ones {@code renewalRequested}. */
        @WithDefault("1m")
        Duration sweepInterval();

        /** Rows per sweep transaction. */
        @WithDefault("1000")
        int batchSize();
    }

    /** The connector fleet view ({@code GET /v1/connectors}), prefix {@code pkcs.intake.connectors}. */
    Connectors connectors();

    interface Connectors {

        /**
         * The known connector releases: version → release date (UTC), e.g. {@code
         * pkcs.intake.connectors.releases."1.0.0"=2026-11-01}. A version is deprecated (status {@code warning}) from
         * the date the first newer release came out, and unsupported ({@code error}) once {@link #supportWindow()}
         * has passed since. A release dated in the future is announced, not yet out: it deprecates nothing. Versions
         * compare semantically (1.10.0 is newer than 1.9.0); a running version missing here is judged by the
         * releases newer than it. The default lists the version this repository builds, which every service
         * reports as {@code quarkus.application.version}, so that a fresh stack shows {@code active}.
         */
        Map<String, LocalDate> releases();

        /**
         * A connector that has not checked in for this long is {@code inactive}. A few heartbeat intervals
         * ({@code pkcs.issuance.heartbeat.interval}, 30 s), so that one lost heartbeat does not flap the status.
         */
        @WithDefault("2m")
        Duration inactiveAfter();

        /** How long a superseded version stays supported ({@code warning}) before it is {@code error}. */
        @WithDefault("P6M")
        Period supportWindow();

        /**
         * A connector silent for this long is dropped from the view (a replaced pod never checks in again), unless
         * a newer heartbeat brings it back.
         */
        @WithDefault("30d")
        Duration forgetAfter();

        /** How often the {@code pkcs_connectors} gauges are recomputed from the database. */
        @WithDefault("15s")
        Duration metricsRefresh();

        /** The per-connector success/failure time series. */
        HealthMetrics healthMetrics();
    }

    interface HealthMetrics {

        /**
         * Outcome buckets older than this are deleted, and outcome events older than this are not counted (so
         * the de-duplication records of those events can be deleted with them).
         */
        @WithDefault("30d")
        Duration retention();

        /** The most buckets one response holds; a wider range must use a coarser interval or is a 400. */
        @WithDefault("1440")
        int maxBuckets();
    }
}
