package io.pkcsconnector.requestintake.messaging;

import io.pkcsconnector.contracts.ConnectorHeartbeat;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.pkcsconnector.requestintake.persistence.ConnectorInstanceEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Projects {@code pki.connector-heartbeat.v1} (compacted, key = connectorId) into {@code connector_instance}, the
 * fleet view's source. A heartbeat only ever moves a connector forward in time, so a replay of the topic or a late
 * redelivery cannot make a live connector look stale. A tombstone (null value) decommissions the connector: it
 * leaves the view, and compaction removes it from the topic.
 */
@ApplicationScoped
public class ConnectorHeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(ConnectorHeartbeatConsumer.class);

    // As for the other consumers: about 40 s of database trouble before the record is parked on the DLQ.
    private static final int RETRIES = 8;
    private static final Duration RETRY_INITIAL = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);

    /** Set by SmallRye on a record whose value could not be read; such a value is null but no tombstone. */
    private static final String DESERIALIZATION_FAILURE = "deserialization-failure-reason";

    private final IntakeConfig config;
    private final Clock clock = Clock.systemUTC();

    ConnectorHeartbeatConsumer(IntakeConfig config) {
        this.config = config;
    }

    @Incoming("connector-heartbeat")
    public Uni<Void> heartbeat(ConsumerRecord<String, ConnectorHeartbeat> record) {
        ConnectorHeartbeat heartbeat = record.value();
        Uni<?> work;
        if (heartbeat == null) {
            if (record.key() == null || record.headers().lastHeader(DESERIALIZATION_FAILURE) != null) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("Connector %s decommissioned (tombstone)", record.key());
            work = Panache.withTransaction(() -> ConnectorInstanceEntity.forget(record.key()));
        } else if (heartbeat
                .lastCheckinDateTime()
                .isBefore(clock.instant().minus(config.connectors().forgetAfter()))) {
            // Replaying the topic must not bring back connectors the retention sweep forgot.
            return Uni.createFrom().voidItem();
        } else {
            work = Panache.withTransaction(() -> ConnectorInstanceEntity.recordIfNewer(heartbeat));
        }
        return work.onFailure()
                .retry()
                .withBackOff(RETRY_INITIAL, RETRY_MAX)
                .atMost(RETRIES)
                .replaceWithVoid();
    }
}
