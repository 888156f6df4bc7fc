package io.pkcsconnector.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.kafka.CertificateIssuedDeserializer;
import io.pkcsconnector.pki.Pem;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the end-to-end tests do against the running processes, as one tenant's admin and one device: set up a
 * profile and the device, request certificates, read the device's inbox, and check that every request got exactly
 * one certificate serial and exactly one delivery.
 */
final class PipelineClient {

    final ServiceProcesses stack;
    final String tenant;
    final String deviceId;
    final String profileId;
    final KeyPair deviceKeys;
    final List<String> requestIds = Collections.synchronizedList(new ArrayList<>());

    PipelineClient(ServiceProcesses stack, String tenant, String deviceId, String profileId) {
        this.stack = stack;
        this.tenant = tenant;
        this.deviceId = deviceId;
        this.profileId = profileId;
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            this.deviceKeys = rsa.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EC P-256 profile of the built-in PkcsUser template and the device, enrolled with its management key. */
    PipelineClient setUp() {
        return setUp(null);
    }

    /**
     * As {@link #setUp()}, with the profile's {@code assignments} (Graph assignment targets, which a check-in
     * follows); null sends none, as {@link #setUp()} does.
     */
    PipelineClient setUp(List<Map<String, Object>> assignments) {
        Map<String, Object> profile = new HashMap<>(Map.of(
                "displayName", "E2E Wi-Fi",
                "platform", "windows10",
                "certificateValidityPeriodValue", 1,
                "certificateValidityPeriodScale", "years",
                "certificateTemplateName", "PkcsUser",
                "keyAlgorithm", "ecP256"));
        if (assignments != null) {
            profile.put("assignments", assignments);
        }
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(profile)
                .put(stack.url("request-intake") + "/v1/profiles/pkcs/" + profileId)
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "deviceId", deviceId,
                        "platform", "windows10",
                        "userId", "user-e2e",
                        "userPrincipalName", "e2e.user@contoso.test",
                        "managementPublicKey", Pem.publicKey(deviceKeys.getPublic())))
                .post(stack.url("request-intake") + "/v1/devices")
                .then()
                .statusCode(201);
        return this;
    }

    String admin() {
        return stack.token(tenant, "admin", "e2e-admin");
    }

    String device() {
        return stack.token(tenant, "device", deviceId);
    }

    String request() {
        String id = given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("deviceId", deviceId, "profileId", profileId))
                .post(stack.url("request-intake") + "/v1/certificate-requests")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        requestIds.add(id);
        return id;
    }

    String status(String requestId) {
        return given().auth()
                .oauth2(admin())
                .get(stack.url("request-intake") + "/v1/certificate-requests/" + requestId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("status");
    }

    /** The device checks in on request-intake with its own token: 200 and the answer. */
    JsonPath checkIn() {
        return given().auth()
                .oauth2(device())
                .post(stack.url("request-intake") + "/v1/devices/" + deviceId + "/checkin")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The admin's view of a certificate request ({@code GET /v1/certificate-requests/{id}}). */
    JsonPath requestView(String requestId) {
        return given().auth()
                .oauth2(admin())
                .get(stack.url("request-intake") + "/v1/certificate-requests/" + requestId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The admin's view of the device's certificates (Graph {@code managedDeviceCertificateState}). */
    List<Map<String, Object>> certificateStates() {
        return given().auth()
                .oauth2(admin())
                .get(stack.url("request-intake") + "/v1/devices/" + deviceId + "/certificate-states")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** The device reports what became of a delivery: 200 and the answer. */
    JsonPath ack(String deliveryId, String status) {
        return given().auth()
                .oauth2(device())
                .contentType(ContentType.JSON)
                .body(Map.of("status", status))
                .post(stack.url("notifier") + "/v1/devices/" + deviceId + "/deliveries/" + deliveryId + "/ack")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    List<Map<String, Object>> deliveries() {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            var spec = given().auth().oauth2(device()).queryParam("limit", 500);
            if (cursor != null) {
                spec = spec.queryParam("after", cursor);
            }
            JsonPath page = spec.get(stack.url("notifier") + "/v1/devices/" + deviceId + "/deliveries")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            all.addAll(items);
            if (items.isEmpty() || page.getString("nextCursor") == null) {
                return all;
            }
            cursor = page.getString("nextCursor");
        }
    }

    Map<String, Object> awaitDelivery(String requestId) {
        Map<String, Object>[] found = new Map[1];
        // Until the notifier has seen the device's enrolment, its inbox answers 404.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(AssertionError.class)
                .until(() -> {
                    found[0] = deliveries().stream()
                            .filter(d -> requestId.equals(d.get("requestId")))
                            .findFirst()
                            .orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    /** Every CertificateIssued ever published, by request id → the distinct serials it carried. */
    Map<String, Set<String>> serialsByRequest() {
        Map<String, Set<String>> serials = new HashMap<>();
        try (KafkaConsumer<String, CertificateIssued> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "e2e-audit-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new CertificateIssuedDeserializer())) {
            consumer.subscribe(List.of(CertificateIssued.TOPIC.name()));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(300));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                records.forEach(r -> serials.computeIfAbsent(r.value().requestId(), k -> new HashSet<>())
                        .add(r.value().serialNumber()));
            }
        }
        return serials;
    }

    /** Each of {@code ids} is issued, was published with one serial only, and is in the inbox exactly once. */
    void assertExactlyOnce(List<String> ids, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(status(id)).as("status of " + id).isIn("issued", "installed");
            }
        });
        Map<String, Set<String>> serials = serialsByRequest();
        Map<String, Long> deliveriesPerRequest = new HashMap<>();
        deliveries().forEach(d -> deliveriesPerRequest.merge((String) d.get("requestId"), 1L, Long::sum));
        for (String id : ids) {
            assertThat(serials.get(id)).as("serials published for " + id).hasSize(1);
            assertThat(deliveriesPerRequest.get(id)).as("deliveries for " + id).isEqualTo(1L);
        }
    }
}
