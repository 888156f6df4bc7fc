package io.pkcsconnector.servicecommon.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka on one background thread: claim a batch with {@code FOR UPDATE SKIP
 * LOCKED} (so several instances share the work without publishing a row twice concurrently), send it with
 * an idempotent producer, wait for the acknowledgements, then mark the rows published in the same
 * transaction. If anything fails the transaction rolls back and the batch is retried later: at-least-once.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    /** The service's own schema; JDBC connections do not get Hibernate's default schema. */
    @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema")
    String schema;

    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;
    private Counter published;
    private Counter failures;
    private Instant lastCleanup = Instant.EPOCH;

    void onStart(@Observes StartupEvent event) {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        applicationName + "-outbox",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        1),
                new StringSerializer(),
                new ByteArraySerializer());
        published = Counter.builder("pkcs.outbox.published")
                .description("Events published from the transactional outbox")
                .register(registry);
        failures = Counter.builder("pkcs.outbox.publish.failures")
                .description("Outbox batches that failed and will be retried")
                .register(registry);
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        wakeUps.release();
        try {
            if (thread != null) {
                thread.join(config.sendTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close();
        }
    }

    /** Asks for a publish pass now (after a commit that added rows). */
    public void wake() {
        wakeUps.release();
    }

    private void run() {
        long backoffMs = 0;
        while (running) {
            try {
                wakeUps.tryAcquire(Math.max(backoffMs, config.pollInterval().toMillis()), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                while (publishBatch() == config.batchSize()) {
                    // A full batch means more are waiting: keep going before sleeping again.
                }
                cleanupOccasionally();
                backoffMs = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.increment();
                backoffMs = Math.min(Math.max(backoffMs * 2, 200), 10_000);
                LOG.warnf("Outbox publish failed, retrying in %d ms: %s", backoffMs, e.toString());
            }
        }
        // Last pass so that a graceful shutdown leaves nothing behind that it could have sent.
        try {
            publishBatch();
        } catch (Exception e) {
            LOG.warnf("Final outbox pass failed; rows stay for the next start: %s", e.toString());
        }
    }

    /** @return how many rows were claimed (published or rescheduled) */
    int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<UUID> ids = new ArrayList<>();
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                try (PreparedStatement select =
                        connection.prepareStatement("SELECT event_id, topic, message_key, payload FROM "
                                + schema
                                + ".outbox_event WHERE published_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())"
                                + " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
                    select.setInt(1, config.batchSize());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getObject(1, UUID.class));
                            sends.add(send(rows.getString(2), rows.getString(3), rows.getString(4)));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    connection.rollback();
                    return 0;
                }
                producer.flush();
                // Each row succeeds or fails on its own, so one the broker refuses cannot hold back the rest.
                List<UUID> done = new ArrayList<>();
                try (PreparedStatement retry = connection.prepareStatement("UPDATE " + schema
                        + ".outbox_event SET attempts = attempts + 1, last_error = ?,"
                        + " next_attempt_at = now() + make_interval(secs => least(300, power(2, attempts)))"
                        + " WHERE event_id = ?")) {
                    for (int i = 0; i < ids.size(); i++) {
                        try {
                            sends.get(i).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                            done.add(ids.get(i));
                        } catch (ExecutionException | TimeoutException e) {
                            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                            retry.setString(1, cause.getClass().getSimpleName() + ": " + cause.getMessage());
                            retry.setObject(2, ids.get(i));
                            retry.addBatch();
                            failures.increment();
                            LOG.warnf("Outbox event %s not published, will retry: %s", ids.get(i), cause.toString());
                        }
                    }
                    retry.executeBatch();
                }
                try (PreparedStatement mark = connection.prepareStatement("UPDATE " + schema
                        + ".outbox_event SET published_at = now(), attempts = attempts + 1, last_error = NULL"
                        + " WHERE event_id = ANY (?)")) {
                    mark.setArray(1, connection.createArrayOf("uuid", done.toArray()));
                    mark.executeUpdate();
                }
                connection.commit();
                published.increment(done.size());
                return ids.size();
            } catch (Exception e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private Future<RecordMetadata> send(String topic, String key, String payload) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            // Refused before it left (e.g. larger than max.request.size): a failed send like any other.
            return CompletableFuture.failedFuture(e);
        }
    }

    private void cleanupOccasionally() throws SQLException {
        Instant now = Instant.now();
        if (now.isBefore(lastCleanup.plusSeconds(300))) {
            return;
        }
        lastCleanup = now;
        try (Connection connection = dataSource.getConnection();
                Statement delete = connection.createStatement()) {
            delete.executeUpdate("DELETE FROM " + schema + ".outbox_event WHERE published_at < now() - interval '"
                    + config.publishedRetention().toSeconds() + " seconds'");
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debugf("Rollback failed: %s", e.toString());
        }
    }
}
