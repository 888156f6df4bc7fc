package io.pkcsconnector.requestintake;

import static io.pkcsconnector.requestintake.ReleaseCatalogTestResource.CURRENT;
import static io.pkcsconnector.requestintake.ReleaseCatalogTestResource.DEPRECATED;
import static io.pkcsconnector.requestintake.ReleaseCatalogTestResource.UNSUPPORTED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.ConnectorHeartbeat;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.PaddingScheme;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.EventSerializer;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The connector fleet view against the real broker and database: heartbeats become statuses, a summary and
 * gauges; outcomes become health buckets, each counted once. The fleet is deployment-wide, so the tests that
 * assert on the whole fleet run first ({@link Order}).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
@QuarkusTestResource(ReleaseCatalogTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorFleetTest {

    static final String TENANT = "tenant-fleet";
    static final Duration WAIT = Duration.ofSeconds(20);

    static KafkaProducer<String, PkiEvent> producer;

    @InjectKafka
    String bootstrapServers;

    @Inject
    IntakeConfig config;

    @ConfigProperty(name = "quarkus.application.version")
    String applicationVersion;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    static String admin() {
        return TestTokens.admin(TENANT);
    }

    @Test
    @Order(1)
    void statusesSummaryAndGaugesFollowTheHeartbeats() {
        Instant now = Instant.now();
        send(heartbeat("fleet-active", CURRENT, now));
        send(heartbeat("fleet-inactive", DEPRECATED, now.minus(Duration.ofMinutes(10))));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath summary = summary();
            assertThat(summary.getInt("total")).isEqualTo(2);
            assertThat(summary.getInt("active")).isEqualTo(1);
            assertThat(summary.getInt("inactive")).isEqualTo(1);
            // The inactive instance's older version does not make the fleet mixed.
            assertThat(summary.getMap("versions")).containsExactly(Map.entry(CURRENT, 1));
            assertThat(summary.getBoolean("mixedVersions")).isFalse();
        });
        assertThat(summary().getString("latestRelease")).isEqualTo(CURRENT); // 4.0.0 is not out yet
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge("pkcs_connectors", "active")).isEqualTo(1.0);
            assertThat(gauge("pkcs_connectors", "inactive")).isEqualTo(1.0);
            assertThat(gauge("pkcs_connector_fleet_mixed_versions", null)).isZero();
        });

        send(heartbeat("fleet-warning", DEPRECATED, now));
        send(heartbeat("fleet-error", UNSUPPORTED, now));
        send(heartbeat("fleet-unlisted", "2.5.0", now)); // superseded by 3.0.0, a month ago
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(summary().getInt("total")).isEqualTo(5));

        JsonPath summary = summary();
        assertThat(summary.getInt("active")).isEqualTo(1);
        assertThat(summary.getInt("inactive")).isEqualTo(1);
        assertThat(summary.getInt("warning")).isEqualTo(2);
        assertThat(summary.getInt("error")).isEqualTo(1);
        assertThat(summary.getBoolean("mixedVersions")).isTrue();
        assertThat(summary.getMap("versions").keySet()).containsExactly(CURRENT, "2.5.0", DEPRECATED, UNSUPPORTED);
        assertThat(summary.getString("fleetVersion")).isEqualTo(CURRENT);

        JsonPath list = given().auth()
                .oauth2(admin())
                .get("/v1/connectors")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(list.getList("id"))
                .containsExactly("fleet-active", "fleet-error", "fleet-inactive", "fleet-unlisted", "fleet-warning");
        assertThat(list.getList("status")).containsExactly("active", "error", "inactive", "warning", "warning");
        assertThat(list.getList("versionMismatch")).containsExactly(false, true, true, true, true);
        assertThat(list.getString("[0].connectorName")).isEqualTo("pkcs-connector");
        assertThat(list.getString("[0].machineName")).isEqualTo("host-fleet-active");
        assertThat(list.getString("[0].connectorVersion")).isEqualTo(CURRENT);
        assertThat(Instant.parse(list.getString("[0].lastCheckinDateTime")))
                .isEqualTo(now.truncatedTo(ChronoUnit.MICROS));
        assertThat(list.getString("[0].enrollmentDateTime")).isNotBlank();

        given().auth()
                .oauth2(admin())
                .get("/v1/connectors/fleet-error")
                .then()
                .statusCode(200)
                .body("status", equalTo("error"))
                .body("connectorVersion", equalTo(UNSUPPORTED));
        given().auth()
                .oauth2(admin())
                .get("/v1/connectors/no-such-connector")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        // Every tenant's admin sees the shared fleet.
        given().auth()
                .oauth2(TestTokens.admin("another-tenant"))
                .get("/v1/connectors/summary")
                .then()
                .statusCode(200)
                .body("total", equalTo(5));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gauge("pkcs_connectors", "warning")).isEqualTo(2.0);
            assertThat(gauge("pkcs_connectors", "error")).isEqualTo(1.0);
            assertThat(gauge("pkcs_connector_fleet_mixed_versions", null)).isEqualTo(1.0);
        });
    }

    @Test
    @Order(2)
    void aLateHeartbeatNeverMovesAConnectorBackAndATombstoneRemovesIt() {
        Instant now = Instant.now();
        send(0, "fleet-order", heartbeat("fleet-order", CURRENT, now));
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(admin())
                .get("/v1/connectors/fleet-order")
                .then()
                .statusCode(200));

        // A replayed older heartbeat, then a marker behind it on the same partition: once the marker is visible the
        // stale one has been processed.
        send(0, "fleet-order", heartbeat("fleet-order", DEPRECATED, now.minus(Duration.ofMinutes(10))));
        send(0, "fleet-marker", heartbeat("fleet-marker", CURRENT, now));
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(admin())
                .get("/v1/connectors/fleet-marker")
                .then()
                .statusCode(200));
        JsonPath connector = given().auth()
                .oauth2(admin())
                .get("/v1/connectors/fleet-order")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(connector.getString("connectorVersion")).isEqualTo(CURRENT);
        assertThat(connector.getString("status")).isEqualTo("active");
        assertThat(Instant.parse(connector.getString("lastCheckinDateTime")))
                .isEqualTo(now.truncatedTo(ChronoUnit.MICROS));

        send(0, "fleet-marker", null);
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(admin())
                .get("/v1/connectors/fleet-marker")
                .then()
                .statusCode(404));
        given().auth().oauth2(admin()).get("/v1/connectors/fleet-order").then().statusCode(200);
    }

    @Test
    @Order(3)
    void eachOutcomeIsCountedOnceInItsConnectorsBucket() throws Exception {
        String tenant = "tenant-health";
        String connector = "health-connector";
        String marker = "health-marker";
        Instant now = Instant.now();
        send(heartbeat(connector, CURRENT, now));
        send(heartbeat(marker, CURRENT, now));
        String requestId = createRequest(tenant);
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));

        // A known request: its issued event redelivered, then re-published under a new event id. Partition 0 for
        // every outcome here, so that the markers sent last are processed last.
        CertificateIssued issued = issued(tenant, requestId, connector, minute);
        send(0, requestId, issued);
        send(0, requestId, issued);
        send(0, requestId, issued(tenant, requestId, connector, minute));
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get("/v1/certificate-requests/" + requestId)
                .then()
                .statusCode(200)
                .body("status", equalTo("issued")));
        // A late failure of the issued request moves nothing, so it counts nothing.
        send(0, requestId, failed(tenant, requestId, connector, minute));

        // Requests this service does not know (a load generator's): only the event id tells a redelivery.
        CertificateIssued unknownIssued = issued(tenant, UUID.randomUUID().toString(), connector, minute);
        send(0, unknownIssued.requestId(), unknownIssued);
        send(0, unknownIssued.requestId(), unknownIssued);
        CertificateIssuanceFailed unknownFailed =
                failed(tenant, UUID.randomUUID().toString(), connector, minute);
        send(0, unknownFailed.requestId(), unknownFailed);
        send(0, unknownFailed.requestId(), unknownFailed);

        send(0, "m1", issued(tenant, UUID.randomUUID().toString(), marker, minute));
        send(0, "m2", failed(tenant, UUID.randomUUID().toString(), marker, minute));
        String oneMinute = "?start=" + minute + "&end=" + minute.plus(Duration.ofMinutes(1));
        await().atMost(WAIT).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get("/v1/connectors/" + marker + "/health-metrics" + oneMinute)
                .then()
                .statusCode(200)
                .body("value[0].successCount", equalTo(1))
                .body("value[0].failureCount", equalTo(1)));

        JsonPath series = given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get("/v1/connectors/" + connector + "/health-metrics?interval=PT1M&start="
                        + minute.minus(Duration.ofMinutes(2)) + "&end=" + minute.plus(Duration.ofMinutes(3)))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(series.getList("value")).hasSize(5);
        assertThat(Instant.parse(series.getString("value[2].dateTime"))).isEqualTo(minute);
        assertThat(series.getList("value.successCount")).containsExactly(0, 0, 2, 0, 0);
        assertThat(series.getList("value.failureCount")).containsExactly(0, 0, 1, 0, 0);

        // Graph's action answers the same.
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "timeSeries",
                        Map.of(
                                "@odata.type",
                                "microsoft.graph.timeSeriesParameter",
                                "metricName",
                                "issuance",
                                "startDateTime",
                                minute.toString(),
                                "endDateTime",
                                minute.plus(Duration.ofMinutes(1)).toString())))
                .post("/v1/connectors/" + connector + "/getHealthMetricTimeSeries")
                .then()
                .statusCode(200)
                .body("value[0].successCount", equalTo(2))
                .body("value[0].failureCount", equalTo(1));
        // Coarser buckets sum the minutes; the fleet-wide series sums the connectors of the tenant.
        JsonPath fiveMinutes = given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get("/v1/connectors/" + connector + "/health-metrics?interval=PT5M&start="
                        + minute.minus(Duration.ofMinutes(10)) + "&end=" + minute.plus(Duration.ofMinutes(10)))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(fiveMinutes.getList("value.successCount", Integer.class).stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(2);
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get("/v1/connectors/health-metrics" + oneMinute)
                .then()
                .statusCode(200)
                .body("value[0].successCount", equalTo(3))
                .body("value[0].failureCount", equalTo(2));
        // Another tenant's admin sees the connector, but none of this tenant's outcomes.
        given().auth()
                .oauth2(TestTokens.admin("another-tenant"))
                .get("/v1/connectors/" + connector + "/health-metrics" + oneMinute)
                .then()
                .statusCode(200)
                .body("value[0].successCount", equalTo(0))
                .body("value[0].failureCount", equalTo(0));
    }

    @Test
    void badRangesAreProblemJson() {
        String path = "/v1/connectors/health-metrics";
        Instant now = Instant.now();
        for (String query : List.of(
                "?start=" + now + "&end=" + now.minusSeconds(60),
                "?start=yesterday",
                "?interval=PT7M",
                "?interval=often",
                "?interval=PT1M&start=" + now.minus(Duration.ofDays(3)),
                "?start=" + now.minus(Duration.ofDays(2000)))) {
            given().auth()
                    .oauth2(admin())
                    .get(path + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        // Without an interval, the finest that fits is chosen.
        given().auth()
                .oauth2(admin())
                .get(path + "?start=" + now.minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS) + "&end="
                        + now.truncatedTo(ChronoUnit.HOURS))
                .then()
                .statusCode(200)
                .body("value.size()", equalTo(576));
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("timeSeries", Map.of("metricName", "cpuLoad")))
                .post("/v1/connectors/fleet-active/getHealthMetricTimeSeries")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body("{\"timeSeries\": {\"startDateTime\": \"soon\"}}")
                .post("/v1/connectors/fleet-active/getHealthMetricTimeSeries")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .get("/v1/connectors/no-such-connector/health-metrics")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void onlyAdminsSeeTheFleet() {
        for (String path : List.of(
                "/v1/connectors", "/v1/connectors/summary", "/v1/connectors/x", "/v1/connectors/health-metrics")) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
            given().auth()
                    .oauth2(TestTokens.device(TENANT, "d-1"))
                    .get(path)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
            given().auth()
                    .oauth2(TestTokens.connector(TENANT))
                    .get(path)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
        }
        given().auth()
                .oauth2(TestTokens.token(null, Set.of("admin"), "no-tenant"))
                .get("/v1/connectors")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void theDefaultCatalogKnowsTheVersionTheServicesReport() {
        // The issuance-worker reports quarkus.application.version; without it in the catalog a fresh stack would
        // judge its own connectors by the listed releases instead of showing them active.
        assertThat(config.connectors().releases()).containsKey(applicationVersion);
    }

    private JsonPath summary() {
        return given().auth()
                .oauth2(admin())
                .get("/v1/connectors/summary")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** A gauge's value from the Prometheus scrape; {@code status} null for an untagged gauge. */
    private static double gauge(String name, String status) {
        String scrape =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> status == null || line.contains("status=\"" + status + "\""))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the scrape"));
    }

    private static ConnectorHeartbeat heartbeat(String connectorId, String version, Instant lastCheckin) {
        return ConnectorHeartbeat.of(
                new EventEnvelope(UUID.randomUUID().toString(), "system", connectorId, Instant.now(), null),
                connectorId,
                "pkcs-connector",
                "host-" + connectorId,
                version,
                lastCheckin.minus(Duration.ofDays(1)),
                lastCheckin,
                0,
                0);
    }

    /** Structurally valid, which is all the consumer reads; no certificate is needed to count an outcome. */
    private static CertificateIssued issued(String tenant, String requestId, String connectorId, Instant at) {
        byte[] wrapped = new byte[256];
        new SecureRandom().nextBytes(wrapped);
        return CertificateIssued.of(
                new EventEnvelope(UUID.randomUUID().toString(), tenant, requestId, at, null),
                "d-health",
                "p-health",
                "ca-test",
                "0a1b2c",
                "AB".repeat(20),
                "CN=health",
                at,
                at.plus(Duration.ofDays(365)),
                KeyAlgorithm.EC_P256,
                256,
                List.of("1.3.6.1.5.5.7.3.2"),
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
                "MAA=",
                Base64.getEncoder().encodeToString(wrapped),
                PaddingScheme.OAEP_SHA256,
                connectorId);
    }

    private static CertificateIssuanceFailed failed(String tenant, String requestId, String connectorId, Instant at) {
        return CertificateIssuanceFailed.of(
                new EventEnvelope(UUID.randomUUID().toString(), tenant, requestId, at, null),
                "d-health",
                "p-health",
                "caUnavailable",
                "the CA did not answer",
                false,
                3,
                connectorId);
    }

    /** A certificate request of {@code tenant}, through the API. */
    private static String createRequest(String tenant) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String token = TestTokens.admin(tenant);
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "displayName", "Health",
                        "platform", "windows10",
                        "certificateValidityPeriodValue", 1,
                        "certificateValidityPeriodScale", "years",
                        "certificateTemplateName", "PkcsUser",
                        "keyAlgorithm", "ecP256"))
                .put("/v1/profiles/pkcs/p-health")
                .then()
                .statusCode(anyOf(equalTo(200), equalTo(201)));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "deviceId", "d-health",
                        "platform", "windows10",
                        "userId", "u-health",
                        "userPrincipalName", "health@contoso.test",
                        "managementPublicKey",
                                Pem.publicKey(rsa.generateKeyPair().getPublic())))
                .post("/v1/devices")
                .then()
                .statusCode(201);
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", "d-health", "profileId", "p-health"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
    }

    private void send(PkiEvent event) {
        send(null, event.partitionKey(), event);
    }

    /** Sends and waits for the broker's acknowledgement; a null event is a tombstone. */
    private void send(Integer partition, String key, PkiEvent event) {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers,
                            ProducerConfig.LINGER_MS_CONFIG,
                            0),
                    new StringSerializer(),
                    new EventSerializer<>());
        }
        String topic = event != null ? Topics.forEvent(event.getClass()).name() : ConnectorHeartbeat.TOPIC.name();
        try {
            producer.send(new ProducerRecord<>(topic, partition, key, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce onto " + topic, e);
        }
    }
}
