package io.pkcsconnector.issuanceworker.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.issuanceworker.CertificateConnector;
import io.pkcsconnector.issuanceworker.CertificateConnector.Busy;
import io.pkcsconnector.issuanceworker.CertificateConnector.Misrouted;
import io.pkcsconnector.issuanceworker.CertificateConnector.Outcome;
import io.pkcsconnector.issuanceworker.ConnectorIdentity;
import io.pkcsconnector.issuanceworker.ConnectorInstance;
import io.pkcsconnector.issuanceworker.IssuanceMetrics;
import io.pkcsconnector.issuanceworker.RequestAttempt;
import io.pkcsconnector.issuanceworker.RetryPolicy;
import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import io.pkcsconnector.issuanceworker.persistence.IdempotencyKeys;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes {@code pki.cert-requested.v1} (consumer group {@code issuance-worker}, any instance any partition) and
 * hands each request to the {@link CertificateConnector} on a pool of worker threads, so that the CPU-bound
 * crypto never runs on an event loop and several requests (of any partitions) are worked on at once.
 *
 * <p>A record is acknowledged only when its outcome is durable: recorded (issued, refused) or found recorded
 * (a duplicate). The throttled commit strategy commits a partition's offset only up to its oldest
 * unacknowledged record, so a crash redelivers whatever had no durable outcome. A transient failure is retried
 * after a backoff without holding a thread or the partition: later records go on being processed meanwhile.
 * When the retries run out the record is nacked, which the {@code dead-letter-queue} failure strategy parks on
 * {@code pki.cert-requested.v1.dlq} before committing past it.
 */
@ApplicationScoped
public class CertificateRequestConsumer {

    private static final Logger LOG = Logger.getLogger(CertificateRequestConsumer.class);

    static final String RETRIES_EXHAUSTED = "retriesExhausted";

    /** One delivered record and its attempt, across retries. */
    private record Delivery(Message<CertificateRequested> message, RequestAttempt attempt) {}

    private final CertificateConnector connector;
    private final IssuanceMetrics metrics;
    private final ConnectorIdentity identity;
    private final IdempotencyKeys keys;
    private final RetryPolicy retryPolicy;
    private final Emitter<Record<String, CertificateIssuanceFailed>> failures;
    private final InFlightLimit inFlight;
    private final ExecutorService workers;
    private final ScheduledExecutorService retries;

    CertificateRequestConsumer(
            CertificateConnector connector,
            IssuanceMetrics metrics,
            ConnectorIdentity identity,
            IdempotencyKeys keys,
            IssuanceConfig config,
            MeterRegistry registry,
            @Channel("cert-failed") Emitter<Record<String, CertificateIssuanceFailed>> failures) {
        this.connector = connector;
        this.metrics = metrics;
        this.identity = identity;
        this.keys = keys;
        this.retryPolicy = connector.retryPolicy();
        this.failures = failures;
        this.inFlight = new InFlightLimit(config.processing().maxInFlight());
        int threads = config.processing().threadCount();
        this.workers = Executors.newFixedThreadPool(threads, named("issuance-worker"));
        this.retries = Executors.newSingleThreadScheduledExecutor(named("issuance-retry"));
        Gauge.builder("pkcs.issuance.in.flight", inFlight, InFlightLimit::inFlight)
                .description("Requests taken from Kafka and not yet acknowledged, retries included")
                .register(registry);
        LOG.infof(
                "Issuing with %d threads, at most %d requests in flight, %d retries over %s",
                threads, config.processing().maxInFlight(), retryPolicy.maxRetries(), retryPolicy.window());
    }

    @Incoming("cert-requested")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<CertificateRequested> message) {
        CertificateRequested request = message.getPayload();
        if (request == null) {
            // Unreadable records are dead-lettered by the failure strategy before they get here; a null is a
            // tombstone, which this topic never carries on purpose.
            metrics.deadLettered();
            return Uni.createFrom()
                    .completionStage(message.nack(new IllegalArgumentException("empty certificate request record")));
        }
        Context context = Vertx.currentContext();
        Uni<Void> admitted = inFlight.admit();
        if (context != null) {
            admitted = admitted.emitOn(command -> context.runOnContext(ignored -> command.run()));
        }
        ConnectorInstance instance = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> identity.instanceFor(metadata.getPartition()))
                .orElseGet(() -> identity.instances().get(0));
        return admitted.chain(() -> keys.isDone(request.tenantId(), request.requestId()))
                .invoke(done -> {
                    if (done) {
                        acknowledgeDuplicate(message, request);
                    } else {
                        submit(new Delivery(message, new RequestAttempt(request, instance)));
                    }
                })
                .replaceWithVoid();
    }

    /**
     * A request whose outcome is committed (Redis says {@code done}) is acknowledged here, on the event loop: in a
     * replay storm the duplicates drain at the speed of one Redis round trip each, without taking a worker thread
     * from the new requests queued behind them. Its outcome was published through the outbox when it committed.
     */
    private void acknowledgeDuplicate(Message<CertificateRequested> message, CertificateRequested request) {
        metrics.deduplicated();
        LOG.debugf("Request %s (tenant %s) was answered before; acknowledged", request.requestId(), request.tenantId());
        message.ack().whenComplete((ignored, failure) -> inFlight.release());
    }

    private void submit(Delivery delivery) {
        try {
            workers.execute(() -> process(delivery));
        } catch (RejectedExecutionException e) {
            // Shutting down: the record stays unacknowledged and is redelivered to whoever takes the partition.
            inFlight.release();
        }
    }

    private void process(Delivery delivery) {
        RequestAttempt attempt = delivery.attempt();
        Outcome outcome;
        try {
            outcome = connector.attempt(attempt);
        } catch (RuntimeException e) {
            retryOrGiveUp(delivery, e, retryPolicy.jittered(attempt.retries() + 1), true);
            return;
        }
        if (outcome instanceof Busy busy) {
            LOG.debugf(
                    "%s: %s, checking again in %d ms",
                    attempt, busy.reason(), busy.retryIn().toMillis());
            retryOrGiveUp(delivery, new IllegalStateException(busy.reason()), busy.retryIn(), false);
        } else if (outcome instanceof Misrouted misrouted) {
            LOG.errorf("%s cannot be answered: %s; dead-lettering it", attempt, misrouted.reason());
            attempt.instance().failed();
            deadLetter(delivery, new IllegalStateException(misrouted.reason()));
        } else {
            delivery.message().ack().whenComplete((ignored, failure) -> inFlight.release());
        }
    }

    private void retryOrGiveUp(Delivery delivery, Throwable cause, Duration delay, boolean failed) {
        RequestAttempt attempt = delivery.attempt();
        if (!retryPolicy.mayRetry(attempt.retries())) {
            GaveUp gaveUp = new GaveUp(attempt.retries() + 1, cause);
            LOG.errorf("%s: %s; dead-lettering it", attempt, gaveUp.getMessage());
            attempt.instance().failed();
            deadLetter(delivery, gaveUp);
            notifyGaveUp(attempt, gaveUp);
            return;
        }
        if (failed) {
            LOG.warnf(
                    "%s failed, retry %d of %d in %d ms: %s",
                    attempt, attempt.retries() + 1, retryPolicy.maxRetries(), delay.toMillis(), brief(cause));
        }
        attempt.retrying();
        metrics.retried();
        try {
            retries.schedule(() -> submit(delivery), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            inFlight.release();
        }
    }

    private void deadLetter(Delivery delivery, Throwable cause) {
        metrics.deadLettered();
        delivery.message().nack(cause).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.errorf("Could not dead-letter %s: %s", delivery.attempt(), failure.toString());
            }
            inFlight.release();
        });
    }

    /**
     * Tells the requester the connector gave up for now ({@code permanent=false}), so the request does not wait
     * for an outcome forever; a later check-in (or an operator replaying the dead letter) may ask again. Sent
     * directly, not through the outbox: the database is typically what failed. Nothing is recorded, so a replay
     * can still issue.
     */
    private void notifyGaveUp(RequestAttempt attempt, GaveUp gaveUp) {
        CertificateRequested request = attempt.request();
        CertificateIssuanceFailed failed = CertificateIssuanceFailed.of(
                EventEnvelope.causedBy(request),
                request.deviceId(),
                request.profileId(),
                RETRIES_EXHAUSTED,
                gaveUp.getMessage() + "; the request is parked on the dead-letter topic",
                false,
                gaveUp.attempts,
                attempt.instance().connectorId());
        try {
            failures.send(Record.of(failed.partitionKey(), failed)).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.errorf("Could not announce that %s was given up: %s", attempt, failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf("Could not announce that %s was given up: %s", attempt, e.toString());
        }
    }

    /**
     * Exception class and message, cut short: a driver's message may quote statement parameters, and those
     * belong neither in logs nor in the dead-letter headers.
     */
    static String brief(Throwable cause) {
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return text.length() > 300 ? text.substring(0, 299) + "…" : text;
    }

    /** Why a record was dead-lettered after its retries; its message becomes the dead letter's reason header. */
    static final class GaveUp extends RuntimeException {
        final int attempts;

        GaveUp(int attempts, Throwable cause) {
            super("gave up after " + attempts + " attempts, last: " + brief(cause), null, false, false);
            this.attempts = attempts;
        }
    }

    @PreDestroy
    void stop() {
        // Pending retries are dropped: their records are unacknowledged and come back after a rebalance.
        retries.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
