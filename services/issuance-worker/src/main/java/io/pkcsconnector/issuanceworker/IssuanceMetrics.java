package io.pkcsconnector.issuanceworker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pkcsconnector.contracts.KeyAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The connector's outcomes as Prometheus metrics ({@code pkcs_issuance_*}) and as the counts its heartbeat
 * reports. Counters without tags are registered at start, so dashboards and alerts see a 0, not a gap.
 */
@ApplicationScoped
public class IssuanceMetrics {

    /** Issuance takes ~5 ms (EC) to ~0.5 s (RSA-4096 key generation); a retry after a DB outage seconds. */
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final Counter issued;
    private final Counter deduplicated;
    private final Counter retried;
    private final Counter deadLettered;
    private final Counter abandoned;
    private final Map<KeyAlgorithm, Timer> durations = new EnumMap<>(KeyAlgorithm.class);

    IssuanceMetrics(MeterRegistry registry) {
        this.registry = registry;
        issued = Counter.builder("pkcs.issuance.issued")
                .description("Certificates issued and recorded (each request at most once)")
                .register(registry);
        deduplicated = Counter.builder("pkcs.issuance.deduplicated")
                .description("Requests seen before, answered by re-publishing their recorded outcome")
                .register(registry);
        retried = Counter.builder("pkcs.issuance.retried")
                .description("Retries scheduled after a transient failure or while another attempt held the request")
                .register(registry);
        deadLettered = Counter.builder("pkcs.issuance.dead.lettered")
                .description("Requests parked on the dead-letter topic: unreadable, or retries exhausted")
                .register(registry);
        abandoned = Counter.builder("pkcs.issuance.serials.abandoned")
                .description("Reserved serials given up because their attempt crashed (or failed) before recording")
                .register(registry);
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            durations.put(
                    algorithm,
                    Timer.builder("pkcs.issuance.duration")
                            .description("From taking a request to committing its certificate")
                            .tag("keyAlgorithm", algorithm.wireName())
                            .serviceLevelObjectives(DURATION_BUCKETS)
                            .register(registry));
        }
    }

    public void issued(KeyAlgorithm algorithm, Duration took) {
        issued.increment();
        durations.get(algorithm).record(took);
    }

    public void failed(String errorCode) {
        Counter.builder("pkcs.issuance.failed")
                .description("Requests refused for good, by errorCode")
                .tag("errorCode", errorCode)
                .register(registry)
                .increment();
    }

    public void deduplicated() {
        deduplicated.increment();
    }

    public void retried() {
        retried.increment();
    }

    /** A request the connector could not complete, which an operator has to look at. */
    public void deadLettered() {
        deadLettered.increment();
    }

    public void abandoned() {
        abandoned.increment();
    }

    /** The pre-generated key pairs: how many are ready, and how often a request found one. */
    public void keyPool(KeyPairPool pool) {
        for (io.pkcsconnector.pki.KeyAlgorithm algorithm : io.pkcsconnector.pki.KeyAlgorithm.values()) {
            Gauge.builder("pkcs.issuance.key.pool.available", pool, p -> p.available(algorithm))
                    .description("Key pairs generated in advance and ready for a request")
                    .tag("keyAlgorithm", algorithm.wireName())
                    .register(registry);
        }
        FunctionCounter.builder("pkcs.issuance.key.pool.hits", pool, KeyPairPool::hits)
                .description("Requests that took a key pair from the pool")
                .register(registry);
        FunctionCounter.builder("pkcs.issuance.key.pool.misses", pool, KeyPairPool::misses)
                .description("Requests of a pooled algorithm that found the pool empty and generated their own key")
                .register(registry);
    }
}
