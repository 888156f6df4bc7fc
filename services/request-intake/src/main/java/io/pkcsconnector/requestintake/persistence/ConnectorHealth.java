package io.pkcsconnector.requestintake.persistence;

import io.pkcsconnector.requestintake.HealthMetricRange;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Issuance outcomes per tenant, connector and minute (table {@code connector_health_bucket}). Each method runs in
 * the caller's session, so a count commits together with the request transition (or the de-duplication record)
 * that decided it is new.
 */
@ApplicationScoped
public class ConnectorHealth {

    /** The {@code processed_event.consumer} of outcome events of requests this service does not know. */
    static final String DEDUP_CONSUMER = "connector-health";

    // Concurrent outcomes of one connector in one minute add to one row: the row lock serialises them briefly.
    private static final String ADD =
            """
            INSERT INTO {h-schema}connector_health_bucket AS b (tenant_id, connector_id, bucket_start,
                    success_count, failure_count)
            VALUES (:tenantId, :connectorId, :bucketStart, :success, :failure)
            ON CONFLICT (tenant_id, connector_id, bucket_start) DO UPDATE
            SET success_count = b.success_count + excluded.success_count,
                failure_count = b.failure_count + excluded.failure_count
            """;

    private static final String FIRST_SEEN =
            """
            INSERT INTO {h-schema}processed_event (consumer, event_id) VALUES (:consumer, CAST(:eventId AS uuid))
            ON CONFLICT DO NOTHING
            """;

    private static final String SERIES =
            """
            SELECT CAST(floor(extract(epoch FROM bucket_start) / CAST(:step AS bigint)) * CAST(:step AS bigint) AS bigint) AS slot,
                   CAST(sum(success_count) AS bigint), CAST(sum(failure_count) AS bigint)
            FROM {h-schema}connector_health_bucket
            WHERE tenant_id = :tenantId AND bucket_start >= :start AND bucket_start < :end %s
            GROUP BY slot
            """;

    private static final String SERIES_OF_ONE = SERIES.formatted("AND connector_id = :connectorId");
    private static final String SERIES_OF_ALL = SERIES.formatted("");

    private static final String FORGET_BUCKETS =
            "DELETE FROM {h-schema}connector_health_bucket WHERE bucket_start < :cutoff";

    private static final String FORGET_EVENTS =
            "DELETE FROM {h-schema}processed_event WHERE consumer = :consumer AND processed_at < :cutoff";

    /** Counts per bucket start. */
    public record Counts(long success, long failure) {}

    private final IntakeConfig config;
    private final Clock clock;

    ConnectorHealth(IntakeConfig config) {
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * Counts one outcome the caller knows to be new (its request just moved). An outcome older than the retention
     * is not counted: its bucket is being deleted anyway.
     */
    public Uni<Void> count(String tenantId, String connectorId, Instant occurredAt, boolean success) {
        if (tooOld(occurredAt)) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime bucket = OffsetDateTime.ofInstant(occurredAt.truncatedTo(ChronoUnit.MINUTES), ZoneOffset.UTC);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(ADD)
                        .setParameter("tenantId", tenantId)
                        .setParameter("connectorId", connectorId)
                        .setParameter("bucketStart", bucket)
                        .setParameter("success", success ? 1L : 0L)
                        .setParameter("failure", success ? 0L : 1L)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Counts an outcome of a request this service does not know (a load generator produced it) the first time its
     * event id is seen: the request's state cannot tell a redelivery apart, the inbox can.
     */
    public Uni<Void> countOnce(
            String eventId, String tenantId, String connectorId, Instant occurredAt, boolean success) {
        if (tooOld(occurredAt)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(FIRST_SEEN)
                        .setParameter("consumer", DEDUP_CONSUMER)
                        .setParameter("eventId", eventId)
                        .executeUpdate())
                .chain(inserted -> inserted == 1
                        ? count(tenantId, connectorId, occurredAt, success)
                        : Uni.createFrom().voidItem());
    }

    /**
     * The tenant's counts in {@code range}, one entry per bucket start (empty buckets included, in order).
     *
     * @param connectorId null for the whole fleet
     */
    public Uni<Map<Instant, Counts>> series(String tenantId, String connectorId, HealthMetricRange range) {
        long step = range.interval().getSeconds();
        return Panache.getSession()
                .chain(session -> {
                    var query = session.createNativeQuery(
                                    connectorId == null ? SERIES_OF_ALL : SERIES_OF_ONE, Object[].class)
                            .setParameter("step", step)
                            .setParameter("tenantId", tenantId)
                            .setParameter("start", OffsetDateTime.ofInstant(range.start(), ZoneOffset.UTC))
                            .setParameter("end", OffsetDateTime.ofInstant(range.end(), ZoneOffset.UTC));
                    if (connectorId != null) {
                        query.setParameter("connectorId", connectorId);
                    }
                    return query.getResultList();
                })
                .map(rows -> {
                    Map<Instant, Counts> series = new LinkedHashMap<>();
                    range.bucketStarts().forEach(start -> series.put(start, new Counts(0, 0)));
                    for (Object[] row : rows) {
                        Instant slot = Instant.ofEpochSecond(((Number) row[0]).longValue());
                        series.computeIfPresent(
                                slot,
                                (at, zero) -> new Counts(((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
                    }
                    return series;
                });
    }

    /** Deletes the buckets and de-duplication records past the retention; run in a transaction. */
    public Uni<Void> forgetOld() {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(
                clock.instant().minus(config.connectors().healthMetrics().retention()), ZoneOffset.UTC);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(FORGET_BUCKETS)
                        .setParameter("cutoff", cutoff)
                        .executeUpdate()
                        .chain(ignored -> session.createNativeQuery(FORGET_EVENTS)
                                .setParameter("consumer", DEDUP_CONSUMER)
                                .setParameter("cutoff", cutoff)
                                .executeUpdate()))
                .replaceWithVoid();
    }

    private boolean tooOld(Instant occurredAt) {
        return occurredAt.isBefore(
                clock.instant().minus(config.connectors().healthMetrics().retention()));
    }
}
