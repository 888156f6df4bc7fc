package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Permanent refusals are answered at once and stay refused; unreadable records and requests whose retries ran out
 * are parked on the dead-letter topic; none of them holds up the requests behind it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class FailureHandlingTest {

    @InjectKafka
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

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

    static Stream<Arguments> refusals() {
        String smallDeviceKey = Pem.publicKey(Requests.rsa(1024).getPublic());
        return Stream.of(
                Arguments.of(
                        "validity beyond the template's two years",
                        (UnaryOperator<Requests.Builder>) b -> b.validityDays(1000),
                        "templateViolation.validityTooLong"),
                Arguments.of(
                        "nonRepudiation, which PkcsUser refuses (iOS rejects it)",
                        (UnaryOperator<Requests.Builder>) b -> b.nonRepudiation(true),
                        "templateViolation.keyUsageNotAllowed"),
                Arguments.of(
                        "a template the CA does not publish",
                        (UnaryOperator<Requests.Builder>) b -> b.templateName("NoSuchTemplate"),
                        "templateViolation.unknownTemplate"),
                Arguments.of(
                        "an RSA-1024 device key, too small to wrap the password for",
                        (UnaryOperator<Requests.Builder>) b -> b.deviceKeyPem(smallDeviceKey),
                        "invalidDeviceKey"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRequestThatCanNeverSucceedIsRefusedAtOnceAndStaysRefused(
            String description, UnaryOperator<Requests.Builder> change, String errorCode) {
        String requestId = Requests.newRequestId();
        CertificateRequested request = change.apply(Requests.builder(requestId)).build();

        requests.send(request);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.failed(requestId).isEmpty());
        CertificateIssuanceFailed failed = topics.failed(requestId).get(0);
        assertThat(failed.errorCode()).isEqualTo(errorCode);
        assertThat(failed.permanent()).isTrue();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.errorMessage()).isNotBlank().doesNotContain("PUBLIC KEY");
        assertThat(tables.requests(requestId)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("failed");
            assertThat(row.get("error_code")).isEqualTo(errorCode);
            assertThat(row.get("serial_number")).isNull();
        });
        assertThat(tables.serials(requestId))
                .as("no serial reserved, nothing signed")
                .isEmpty();
        assertThat(registry.counter("pkcs.issuance.failed", "errorCode", errorCode)
                        .count())
                .isPositive();

        // Sticky: the same request again is a duplicate of the recorded refusal, not a new decision.
        double deduplicatedBefore =
                registry.counter("pkcs.issuance.deduplicated").count();
        requests.send(request);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.counter("pkcs.issuance.deduplicated").count() > deduplicatedBefore);
        assertThat(topics.failed(requestId))
                .extracting(CertificateIssuanceFailed::eventId)
                .containsOnly(failed.eventId());
        assertThat(tables.requests(requestId)).singleElement().satisfies(row -> assertThat(row.get("status"))
                .isEqualTo("failed"));
        assertThat(topics.issued(requestId)).isEmpty();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAndTheRequestBehindItIsStillIssued() {
        String poisonKey = "poison-" + Requests.newRequestId();
        byte[] garbage = "{\"this is\": \"not a certificate request\"".getBytes(StandardCharsets.UTF_8);
        double deadLetteredBefore =
                registry.counter("pkcs.issuance.dead.lettered").count();

        int partition = requests.sendRaw(poisonKey, garbage).partition();
        String requestId = Requests.newRequestId();
        requests.send(Requests.request(requestId), partition);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.deadLetters(poisonKey).isEmpty()
                        && !topics.issued(requestId).isEmpty());
        ConsumerRecord<String, byte[]> deadLetter =
                topics.deadLetters(poisonKey).get(0);
        assertThat(deadLetter.value()).as("the original bytes, for an operator").isEqualTo(garbage);
        assertThat(deadLetter.headers().lastHeader("dead-letter-reason")).isNotNull();
        assertThat(registry.counter("pkcs.issuance.dead.lettered").count()).isGreaterThan(deadLetteredBefore);
        assertThat(tables.requests(poisonKey)).isEmpty();
    }

    @Test
    void aRequestWhoseRetriesRunOutIsDeadLetteredAndItsRequesterTold() {
        String requestId = Requests.newRequestId();
        CertificateRequested request = Requests.request(requestId);
        // Held by another attempt for an hour: every retry finds it busy until the retries run out.
        tables.reserve(request, IdempotencyTest.randomSerial(), 3600);
        double retriedBefore = registry.counter("pkcs.issuance.retried").count();

        requests.send(request);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.deadLetters(requestId).isEmpty());

        ConsumerRecord<String, byte[]> deadLetter =
                topics.deadLetters(requestId).get(0);
        assertThat(EventJson.fromBytes(deadLetter.value(), CertificateRequested.class))
                .as("replayable as it came")
                .isEqualTo(request);
        assertThat(new String(
                        deadLetter.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("reserved by another attempt");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !topics.failed(requestId).isEmpty());
        List<CertificateIssuanceFailed> failed = topics.failed(requestId);
        assertThat(failed).singleElement().satisfies(f -> {
            assertThat(f.permanent()).isFalse();
            assertThat(f.errorCode()).isEqualTo("retriesExhausted");
            assertThat(f.attempts()).isEqualTo(7);
        });
        assertThat(registry.counter("pkcs.issuance.retried").count()).isGreaterThanOrEqualTo(retriedBefore + 6);
        assertThat(topics.issued(requestId)).isEmpty();
        assertThat(tables.requests(requestId).get(0))
                .as("nothing recorded: a replay from the dead-letter topic can still issue")
                .containsEntry("status", "in_progress")
                .containsEntry("owner_token", "token-of-another-attempt");
    }

    @Test
    void aRequestIdRecordedForAnotherTenantIsNeverAnsweredWithThatTenantsCertificate() {
        String requestId = Requests.newRequestId();
        requests.send(Requests.request(requestId));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.issued(requestId).isEmpty());

        requests.send(Requests.builder(requestId).tenant("tenant-intruder").build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.deadLetters(requestId).isEmpty());
        assertThat(new String(
                        topics.deadLetters(requestId)
                                .get(0)
                                .headers()
                                .lastHeader("dead-letter-reason")
                                .value(),
                        StandardCharsets.UTF_8))
                .contains("another tenant");
        assertThat(topics.issued(requestId))
                .as("the recorded certificate was not re-published for the other tenant")
                .singleElement()
                .satisfies(issued -> assertThat(issued.tenantId()).isEqualTo(Requests.TENANT));
        assertThat(topics.failed(requestId)).isEmpty();
    }

    @Test
    void aTransientDatabaseFailureIsRetriedUntilTheRequestIsIssuedOnce() {
        String requestId = Requests.newRequestId();
        double retriedBefore = registry.counter("pkcs.issuance.retried").count();
        tables.breakRequestsTable();
        try {
            requests.send(Requests.request(requestId));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.counter("pkcs.issuance.retried").count() > retriedBefore);
        } finally {
            tables.restoreRequestsTable();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !topics.issued(requestId).isEmpty());
        assertThat(topics.issued(requestId)).hasSize(1);
        assertThat(tables.serials(requestId)).singleElement().satisfies(serial -> assertThat(serial.get("status"))
                .isEqualTo("issued"));
        assertThat(topics.deadLetters(requestId)).isEmpty();
        assertThat(topics.failed(requestId)).isEmpty();
    }
}
