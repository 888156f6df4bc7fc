package io.pkcsconnector.notifier;

import static io.pkcsconnector.notifier.TestEvents.certificateIssued;
import static io.pkcsconnector.notifier.TestEvents.deliveryRequested;
import static io.pkcsconnector.notifier.TestEvents.id;
import static io.pkcsconnector.notifier.TestInbox.ackPath;
import static io.pkcsconnector.notifier.TestInbox.awaitItems;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.pkcsconnector.contracts.DeliveryAcknowledged;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.DeliveryStatus;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.DeliveryAcknowledgedDeserializer;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device's acknowledgement: recorded once, published once through the outbox, sticky once terminal. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class DeliveryAckTest {

    private static final String ACKNOWLEDGED = "pkcs_notifier_deliveries_acknowledged_total";

    @InjectKafka
    String bootstrapServers;

    @TestHTTPResource("/")
    URI baseUri;

    private TestKafka kafka;
    private final String tenant = "tenant-" + id();
    private final String device = "device-" + id();
    private String deviceToken;
    private String deliveryId;

    @BeforeEach
    void deliverOneCertificate() {
        kafka = new TestKafka(bootstrapServers);
        deviceToken = TestTokens.device(tenant, device);
        deliveryId = id();
        kafka.send(certificateIssued(tenant, deliveryId, device));
        awaitItems(deviceToken, device, 1);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void installedIsRecordedAndPublishedExactlyOnceEvenWhenAcknowledgedTwice() {
        double installedBefore = TestMetrics.counter(ACKNOWLEDGED, "status", "installed");

        Map<String, Object> first = ack(deliveryId, "{\"status\":\"installed\"}")
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("deliveryId", equalTo(deliveryId))
                .body("status", equalTo("installed"))
                .body("errorCode", nullValue())
                .extract()
                .jsonPath()
                .getMap("");
        Map<String, Object> again = ack(deliveryId, "{\"status\":\"installed\"}")
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        assertThat(again).isEqualTo(first);
        assertThat(awaitItems(deviceToken, device, 1).get(0))
                .containsEntry("status", "installed")
                .containsEntry("acknowledgedDateTime", first.get("acknowledgedDateTime"));

        // A later acknowledgement of the same device lands behind any second event on the same partition
        // (key = deviceId): once it has arrived, a duplicate would have arrived too.
        String marker = deliverAnother();
        ack(marker, "{\"status\":\"installFailed\",\"errorCode\":\"0x80092004\"}")
                .statusCode(200);

        List<ConsumerRecord<String, DeliveryAcknowledged>> events = kafka.readUntil(
                Topics.DELIVERY_ACKNOWLEDGED.name(),
                new DeliveryAcknowledgedDeserializer(),
                record -> tenant.equals(record.value().tenantId()),
                seen -> seen.stream().anyMatch(r -> r.value().deliveryId().equals(marker)));
        assertThat(events).extracting(r -> r.value().deliveryId()).containsExactly(deliveryId, marker);
        ConsumerRecord<String, DeliveryAcknowledged> installed = events.get(0);
        assertThat(installed.key()).isEqualTo(device);
        assertThat(installed.value().requestId()).isEqualTo(deliveryId);
        assertThat(installed.value().deviceId()).isEqualTo(device);
        assertThat(installed.value().status()).isEqualTo(DeliveryStatus.INSTALLED);
        assertThat(installed.value().errorCode()).isNull();
        assertThat(installed.value().traceId()).isEqualTo(TestEvents.TRACE_ID);
        assertThat(events.get(1).value().status()).isEqualTo(DeliveryStatus.INSTALL_FAILED);
        assertThat(events.get(1).value().errorCode()).isEqualTo("0x80092004");
        assertThat(TestMetrics.counter(ACKNOWLEDGED, "status", "installed")).isEqualTo(installedBefore + 1);
    }

    @Test
    void anotherTerminalStatusAfterATerminalOneIsAConflict() {
        ack(deliveryId, "{\"status\":\"installFailed\",\"errorCode\":\"0x8009000B\"}")
                .statusCode(200);

        ack(deliveryId, "{\"status\":\"installed\"}")
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("currentStatus", equalTo("installFailed"));
        ack(deliveryId, "{\"status\":\"installFailed\",\"errorCode\":\"0x8009000B\"}")
                .statusCode(200)
                .body("status", equalTo("installFailed"))
                .body("errorCode", equalTo("0x8009000B"));
    }

    @Test
    void concurrentConflictingAcknowledgementsRecordExactlyOneStatus() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String status = i % 2 == 0 ? "installed" : "installFailed";
                Callable<Integer> call = () -> ack(deliveryId, "{\"status\":\"" + status + "\"}")
                        .extract()
                        .statusCode();
                calls.add(pool.submit(call));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> call : calls) {
                codes.add(call.get());
            }
            assertThat(codes)
                    .containsOnly(200, 409)
                    .filteredOn(code -> code == 200)
                    .hasSize(4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheDeviceItselfMayAcknowledgeAndOnlyItsOwnDeliveries() {
        String body = "{\"status\":\"installed\"}";
        String otherDevice = "device-" + id();
        String otherTenant = "tenant-" + id();

        given().auth()
                .oauth2(TestTokens.device(tenant, otherDevice))
                .contentType(ContentType.JSON)
                .body(body)
                .post(ackPath(device, deliveryId))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType(ContentType.JSON)
                .body(body)
                .post(ackPath(device, deliveryId))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        // The other device reaches its own path, where this delivery does not exist.
        given().auth()
                .oauth2(TestTokens.device(tenant, otherDevice))
                .contentType(ContentType.JSON)
                .body(body)
                .post(ackPath(otherDevice, deliveryId))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.device(otherTenant, device))
                .contentType(ContentType.JSON)
                .body(body)
                .post(ackPath(device, deliveryId))
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body(not(containsString(tenant)));
        ack(id(), body).statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().contentType(ContentType.JSON)
                .body(body)
                .post(ackPath(device, deliveryId))
                .then()
                .statusCode(401)
                .contentType("application/problem+json");

        // None of it touched the delivery.
        assertThat(awaitItems(deviceToken, device, 1).get(0)).containsEntry("status", "pending");
    }

    @Test
    void invalidBodiesAre4xxProblemJsonWithoutStackTraces() {
        record Case(String contentType, String body, int status) {}
        List<Case> cases = List.of(
                new Case("application/json", "{}", 422),
                new Case("application/json", "{\"status\":null}", 422),
                new Case("application/json", "{\"status\":\"done\"}", 422),
                new Case("application/json", "{\"status\":\"INSTALLED\"}", 422),
                new Case("application/json", "{\"status\":1}", 422),
                new Case("application/json", "{\"status\":{\"a\":1}}", 400),
                new Case("application/json", "{\"status\":[\"installed\"]}", 400),
                new Case("application/json", "{\"status\":\"installFailed\",\"errorCode\":{}}", 400),
                new Case("application/json", "{\"status\":\"installFailed\",\"errorCode\":\"\"}", 422),
                new Case(
                        "application/json",
                        "{\"status\":\"installFailed\",\"errorCode\":\"" + "x".repeat(257) + "\"}",
                        422),
                new Case("application/json", "{\"status\":\"installed\"", 400),
                new Case("application/json", "not json", 400),
                new Case("application/json", "[]", 400),
                new Case("application/json", "\"installed\"", 400),
                new Case("application/json", "", 422),
                new Case("text/plain", "{\"status\":\"installed\"}", 415),
                new Case("application/xml", "<status>installed</status>", 415));
        for (Case c : cases) {
            given().auth()
                    .oauth2(deviceToken)
                    .contentType(c.contentType())
                    .body(c.body())
                    .post(ackPath(device, deliveryId))
                    .then()
                    .statusCode(c.status())
                    .contentType("application/problem+json")
                    .body("status", equalTo(c.status()))
                    .body(not(containsString("Exception")))
                    .body(not(containsString("\tat ")));
        }
        assertThat(awaitItems(deviceToken, device, 1).get(0)).containsEntry("status", "pending");
    }

    @Test
    void aBodyOverOneMebibyteIs413ProblemJson() {
        String oversize = "{\"status\":\"installFailed\",\"errorCode\":\"" + "x".repeat(1024 * 1024) + "\"}";

        given().auth()
                .oauth2(deviceToken)
                .contentType(ContentType.JSON)
                .body(oversize)
                .post(ackPath(device, deliveryId))
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
        assertThat(awaitItems(deviceToken, device, 1).get(0)).containsEntry("status", "pending");
    }

    @Test
    void aChunkedBodyOverOneMebibyteIs413ProblemJsonAndOneWithinTheLimitIsRead() throws Exception {
        String oversize = "{\"status\":\"installFailed\",\"errorCode\":\"" + "x".repeat(1024 * 1024) + "\"}";

        HttpResponse<String> refused = postChunked(oversize);

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"status\":413").doesNotContain("Exception");
        assertThat(awaitItems(deviceToken, device, 1).get(0)).containsEntry("status", "pending");

        HttpResponse<String> accepted = postChunked("{\"status\":\"installed\"}");

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("\"status\":\"installed\"");
    }

    /** No length known up front: the body goes chunked, and only the server's count can stop it. */
    private HttpResponse<String> postChunked(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve(ackPath(device, deliveryId)))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + deviceToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private ValidatableResponse ack(String delivery, String body) {
        return given().auth()
                .oauth2(deviceToken)
                .contentType(ContentType.JSON)
                .body(body)
                .post(ackPath(device, delivery))
                .then();
    }

    private String deliverAnother() {
        DeliveryRequested event = deliveryRequested(tenant, device, DeliveryKind.IMPORTED_PFX, null);
        kafka.send(event);
        awaitItems(deviceToken, device, 2);
        return event.deliveryId();
    }
}
