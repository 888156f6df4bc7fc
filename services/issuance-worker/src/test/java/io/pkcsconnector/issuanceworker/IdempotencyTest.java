package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A request id seen before never produces a second certificate, whatever was delivered twice or crashed. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class IdempotencyTest {

    @InjectKafka
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    ConnectorIdentity identity;

    Requests requests;
    TopicRecorder topics;
    IssuanceTables tables;

    @BeforeEach
    void connect() {
        requests = new Requests(bootstrapServers);
        topics = TopicRecorder.forBroker(bootstrapServers);
        tables = new IssuanceTables(dataSource);
    }

    @AfterEach
    void disconnect() {
        requests.close();
    }

    @Test
    void aRequestDeliveredAgainIsAcknowledgedWithoutASecondCertificateOrASecondPublication() {
        String requestId = Requests.newRequestId();
        CertificateRequested request = Requests.request(requestId);
        double deduplicatedBefore = counter("pkcs.issuance.deduplicated");

        // Twice back to back: the second delivery races the first on the same partition.
        requests.send(request);
        requests.send(request);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.issued(requestId).isEmpty()
                        && counter("pkcs.issuance.deduplicated") >= deduplicatedBefore + 1);
        // And once more long after completion, e.g. a consumer group reset to the earliest offset.
        requests.send(request);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> counter("pkcs.issuance.deduplicated") >= deduplicatedBefore + 2);
        // Once a later request made it through the outbox, a re-publication of the duplicates would have too.
        String later = Requests.newRequestId();
        requests.send(Requests.request(later));
        await().atMost(Duration.ofSeconds(30)).until(() -> !topics.issued(later).isEmpty());

        List<CertificateIssued> published = topics.issued(requestId);
        CertificateIssued first = published.get(0);
        assertThat(published)
                .as("the outcome is published once; duplicates do not carry on to the consumers")
                .hasSize(1);
        assertThat(tables.requests(requestId)).singleElement().satisfies(row -> assertThat(row.get("status"))
                .isEqualTo("issued"));
        assertThat(tables.serials(requestId)).singleElement().satisfies(serial -> {
            assertThat(serial.get("serial_number")).isEqualTo(first.serialNumber());
            assertThat(serial.get("status")).isEqualTo("issued");
        });
        assertThat(topics.failed(requestId)).isEmpty();
    }

    @Test
    void aReservationLeftByACrashIsTakenOverUnderANewSerialAndTheOldSerialIsAbandoned() {
        String requestId = Requests.newRequestId();
        CertificateRequested request = Requests.request(requestId);
        String crashedSerial = randomSerial();
        // A worker reserved this serial, maybe signed under it, and died before recording: its lease ran out.
        tables.reserve(request, crashedSerial, -60);

        requests.send(request);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "issued".equals(tables.requests(requestId).get(0).get("status")));

        CertificateIssued issued = awaitIssued(requestId);
        assertThat(issued.serialNumber()).isNotEqualTo(crashedSerial);
        assertThat(topics.issued(requestId)).hasSize(1);
        Map<String, Object> row = tables.requests(requestId).get(0);
        assertThat(row.get("serial_number")).isEqualTo(issued.serialNumber());
        assertThat(row.get("attempts")).isEqualTo(2);
        List<Map<String, Object>> serials = tables.serials(requestId);
        assertThat(serials).hasSize(2);
        assertThat(serials)
                .filteredOn(serial -> crashedSerial.equals(serial.get("serial_number")))
                .singleElement()
                .satisfies(serial -> {
                    assertThat(serial.get("status")).isEqualTo("abandoned");
                    assertThat(serial.get("closed_by")).isEqualTo(identity.connectorId());
                    assertThat((String) serial.get("reason")).contains("taken over", issued.serialNumber());
                });
        assertThat(serials)
                .filteredOn(serial -> issued.serialNumber().equals(serial.get("serial_number")))
                .singleElement()
                .satisfies(serial -> assertThat(serial.get("status")).isEqualTo("issued"));
    }

    @Test
    void aRequestHeldByALiveAttemptIsRetriedLaterWithoutHoldingUpTheRecordsBehindIt() {
        String heldId = Requests.newRequestId();
        CertificateRequested held = Requests.request(heldId);
        String heldSerial = randomSerial();
        // Another live attempt holds this request for two more seconds.
        tables.reserve(held, heldSerial, 2.0);
        double retriedBefore = counter("pkcs.issuance.retried");

        int partition = requests.send(held).partition();
        String behindId = Requests.newRequestId();
        requests.send(Requests.request(behindId), partition);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.issued(behindId).isEmpty());
        assertThat(topics.issued(heldId))
                .as("the held request is still waiting")
                .isEmpty();
        assertThat(tables.requests(heldId).get(0))
                .containsEntry("status", "in_progress")
                .containsEntry("owner_token", "token-of-another-attempt");

        // Once the lease has run out without a record, the holder is presumed dead and the request taken over.
        CertificateIssued issued = awaitIssued(heldId);
        assertThat(issued.serialNumber()).isNotEqualTo(heldSerial);
        assertThat(counter("pkcs.issuance.retried")).isGreaterThan(retriedBefore);
        assertThat(topics.deadLetters(heldId)).isEmpty();
    }

    private CertificateIssued awaitIssued(String requestId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.issued(requestId).isEmpty());
        return topics.issued(requestId).get(0);
    }

    private double counter(String name) {
        return registry.counter(name).count();
    }

    /** 159 bits, like the CA's own serials, so it fits the table's format. */
    static String randomSerial() {
        String hex = Requests.newRequestId().replace("-", "")
                + Requests.newRequestId().replace("-", "");
        return "4" + hex.substring(0, 39);
    }
}
