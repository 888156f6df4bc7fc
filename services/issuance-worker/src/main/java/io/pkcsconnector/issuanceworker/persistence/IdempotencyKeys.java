package io.pkcsconnector.issuanceworker.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The fast path in front of the database's idempotency record: {@code pkcs:issuance:{tenant}:{requestId}} is
 * {@code in-progress} while an attempt works on a request and {@code done} once its outcome has committed. It
 * only saves work (a duplicate skips key generation, a first delivery skips a lookup); it never decides alone,
 * because the database's unique constraints do. So a Redis outage costs time, never correctness: every call
 * here answers {@link Claim#UNAVAILABLE} or does nothing instead of failing, and for a while after a failure
 * Redis is not asked at all.
 *
 * <p>Blocking API, called from the issuance worker threads, except {@link #isDone}, which the consumer calls on
 * the event loop.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    static final String IN_PROGRESS = "in-progress";
    static final String DONE = "done";

    /** What Redis knows about a request. */
    public enum Claim {
        /** This attempt set the key: no other attempt has announced the request (the database still decides). */
        CLAIMED,
        /** Another attempt announced it and has not finished, or crashed within the key's lifetime. */
        IN_PROGRESS,
        /** An outcome was committed: a duplicate, answered from the database. */
        DONE,
        /** Redis failed or is being skipped after a failure: the database alone decides. */
        UNAVAILABLE
    }

    private final ValueCommands<String, String> values;
    private final ReactiveValueCommands<String, String> reactiveValues;
    private final Duration inProgressTtl;
    private final Duration doneTtl;
    private final long outageBackoffNanos;
    private final Counter fallbacks;
    /** While System.nanoTime() is before this, Redis is skipped; 0 when it is believed to be up. */
    private final AtomicLong skipUntil = new AtomicLong();

    private final AtomicLong fallbacksInOutage = new AtomicLong();

    IdempotencyKeys(
            RedisDataSource redis,
            ReactiveRedisDataSource reactiveRedis,
            IssuanceConfig config,
            MeterRegistry registry) {
        this.values = redis.value(String.class);
        this.reactiveValues = reactiveRedis.value(String.class);
        this.inProgressTtl = config.idempotency().inProgressTtl();
        this.doneTtl = config.idempotency().doneTtl();
        this.outageBackoffNanos = config.idempotency().outageBackoff().toNanos();
        this.fallbacks = Counter.builder("pkcs.issuance.redis.fallbacks")
                .description("Idempotency-key operations that went without Redis (it failed, or is skipped for a"
                        + " while after a failure); the database decided alone")
                .register(registry);
    }

    public static String key(String tenantId, String requestId) {
        return "pkcs:issuance:" + tenantId + ":" + requestId;
    }

    /** {@code SET key in-progress NX PX ttl}, and what the key holds if it was set before. */
    public Claim claim(String tenantId, String requestId) {
        if (skipping()) {
            return Claim.UNAVAILABLE;
        }
        String key = key(tenantId, requestId);
        try {
            if (values.setAndChanged(key, IN_PROGRESS, new SetArgs().nx().px(inProgressTtl))) {
                recovered();
                return Claim.CLAIMED;
            }
            String current = values.get(key);
            recovered();
            // Expired between the two calls: nobody holds it, but claiming again would be a second round trip for
            // a race the database settles anyway.
            return DONE.equals(current) ? Claim.DONE : Claim.IN_PROGRESS;
        } catch (RuntimeException e) {
            failed(e);
            return Claim.UNAVAILABLE;
        }
    }

    /**
     * Whether the request's outcome is known to be committed ({@code done}), asked without blocking: a duplicate
     * is then acknowledged on the event loop, without waiting behind the CPU-bound issuances for a worker thread.
     * False when Redis does not know, fails or is being skipped: the worker threads and the database decide.
     */
    public Uni<Boolean> isDone(String tenantId, String requestId) {
        if (skipping()) {
            return Uni.createFrom().item(false);
        }
        return reactiveValues
                .get(key(tenantId, requestId))
                .map(value -> {
                    recovered();
                    return DONE.equals(value);
                })
                .onFailure()
                .recoverWithItem(e -> {
                    failed(e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e));
                    return false;
                });
    }

    /** After the outcome committed: duplicates go to the re-publish path from now on. Best effort. */
    public void markDone(String tenantId, String requestId) {
        if (skipping()) {
            return;
        }
        try {
            values.set(key(tenantId, requestId), DONE, new SetArgs().px(doneTtl));
            recovered();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private boolean skipping() {
        long until = skipUntil.get();
        if (until != 0 && System.nanoTime() - until < 0) {
            fallbacks.increment();
            fallbacksInOutage.incrementAndGet();
            return true;
        }
        return false;
    }

    private void failed(RuntimeException e) {
        fallbacks.increment();
        fallbacksInOutage.incrementAndGet();
        long previous = skipUntil.getAndSet(System.nanoTime() + outageBackoffNanos);
        if (previous == 0) {
            // Once per outage: every request would log the same line otherwise.
            LOG.warnf(
                    "Redis is unavailable (%s); idempotency falls back to the database alone, Redis is retried every"
                            + " %d ms",
                    e.toString(), Duration.ofNanos(outageBackoffNanos).toMillis());
        } else {
            LOG.debugf("Redis still unavailable: %s", e.toString());
        }
    }

    private void recovered() {
        if (skipUntil.get() != 0 && skipUntil.getAndSet(0) != 0) {
            LOG.infof(
                    "Redis is available again; %d idempotency checks used the database alone meanwhile",
                    fallbacksInOutage.getAndSet(0));
        }
    }
}
