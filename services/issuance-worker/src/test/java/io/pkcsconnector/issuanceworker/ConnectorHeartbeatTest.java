package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.pkcsconnector.contracts.ConnectorHeartbeat;
import io.pkcsconnector.issuanceworker.messaging.ConnectorHeartbeatPublisher;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Each instance reports itself as a connector: at start, then periodically, keeping its enrollment date. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class ConnectorHeartbeatTest {

    @InjectKafka
    String bootstrapServers;

    @Inject
    ConnectorIdentity identity;

    @Inject
    ConnectorHeartbeatPublisher publisher;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.application.version")
    String version;

    @Test
    void checksInAtStartAndAgainWithItsEnrollmentDateAndItsCounts() {
        TopicRecorder topics = TopicRecorder.forBroker(bootstrapServers);
        String connectorId = identity.connectorId();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.heartbeats(connectorId).isEmpty());
        ConnectorHeartbeat first = topics.heartbeats(connectorId).get(0);
        assertThat(first.connectorName()).isEqualTo("pkcs-connector");
        assertThat(connectorId).startsWith("pkcs-connector-").contains(identity.machineName());
        assertThat(first.machineName()).isEqualTo(identity.machineName());
        assertThat(first.connectorVersion()).isEqualTo(version);
        assertThat(first.enrollmentDateTime()).isBeforeOrEqualTo(first.lastCheckinDateTime());

        String requestId = Requests.newRequestId();
        try (Requests requests = new Requests(bootstrapServers)) {
            requests.send(Requests.request(requestId));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.issued(requestId).isEmpty());

        int seen = topics.heartbeats(connectorId).size();
        publisher.beat();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> topics.heartbeats(connectorId).size() > seen);
        List<ConnectorHeartbeat> heartbeats = topics.heartbeats(connectorId);
        ConnectorHeartbeat latest = heartbeats.get(heartbeats.size() - 1);
        assertThat(latest.enrollmentDateTime()).isEqualTo(first.enrollmentDateTime());
        assertThat(latest.lastCheckinDateTime()).isAfter(first.lastCheckinDateTime());
        assertThat(latest.issuedCount()).isPositive();

        assertThat(new IssuanceTables(dataSource).connector(connectorId))
                .singleElement()
                .satisfies(row -> {
                    assertThat(((Timestamp) row.get("enrolled_at")).toInstant()).isEqualTo(first.enrollmentDateTime());
                    assertThat(row.get("connector_version")).isEqualTo(version);
                });
    }
}
