package io.pkcsconnector.requestintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.pkcsconnector.contracts.DeviceRetired;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.RetireAction;
import io.pkcsconnector.contracts.kafka.DeviceRetiredDeserializer;
import io.pkcsconnector.servicecommon.outbox.OutboxRelay;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The outbox relay against the real broker and database: a row the broker refuses holds back nothing. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class OutboxRelayTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxRelay relay;

    @InjectKafka
    String bootstrapServers;

    @Test
    void aRowTheBrokerRefusesIsRetriedOnItsOwnWhileTheRowsBehindItArePublished() throws Exception {
        UUID poison = UUID.randomUUID();
        DeviceRetired good = DeviceRetired.of(
                EventEnvelope.newEnvelope("tenant-outbox", "d-" + UUID.randomUUID(), null),
                "d-outbox",
                "u-1",
                RetireAction.RETIRE);
        try (Connection connection = dataSource.getConnection()) {
            // Older than the good row, so an all-or-nothing batch would be stuck behind it forever.
            insert(connection, poison, "not a valid topic name!", "{}", "now() - interval '1 minute'");
            insert(
                    connection,
                    UUID.fromString(good.eventId()),
                    DeviceRetired.TOPIC.name(),
                    EventJson.toJson(good),
                    "now()");
        }
        relay.wake();

        List<DeviceRetired> seen = new ArrayList<>();
        try (KafkaConsumer<String, DeviceRetired> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "outbox-test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new DeviceRetiredDeserializer())) {
            consumer.subscribe(List.of(DeviceRetired.TOPIC.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().eventId().equals(good.eventId())) {
                        seen.add(r.value());
                    }
                });
                return !seen.isEmpty();
            });
        }
        assertThat(seen.get(0)).isEqualTo(good);

        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT published_at, attempts, last_error, next_attempt_at FROM intake.outbox_event WHERE event_id = ?")) {
            query.setObject(1, poison);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getObject("published_at")).isNull();
                assertThat(row.getInt("attempts")).isGreaterThanOrEqualTo(1);
                assertThat(row.getString("last_error")).isNotBlank();
                assertThat(row.getObject("next_attempt_at")).isNotNull();
            }
        }
    }

    private static void insert(Connection connection, UUID id, String topic, String payload, String createdAt)
            throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO intake.outbox_event (event_id, tenant_id, topic, message_key, payload, created_at)"
                        + " VALUES (?, 'tenant-outbox', ?, 'k', ?, " + createdAt + ")")) {
            insert.setObject(1, id);
            insert.setString(2, topic);
            insert.setString(3, payload);
            insert.executeUpdate();
        }
    }
}
