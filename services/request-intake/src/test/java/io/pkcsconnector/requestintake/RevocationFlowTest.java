package io.pkcsconnector.requestintake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.pkcsconnector.contracts.CertificateRevoked;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.DeviceRetired;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.contracts.RetireAction;
import io.pkcsconnector.contracts.RevocationFailed;
import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.contracts.RevocationRequested;
import io.pkcsconnector.contracts.RevocationTrigger;
import io.pkcsconnector.contracts.Topic;
import io.pkcsconnector.contracts.kafka.DeliveryRequestedDeserializer;
import io.pkcsconnector.contracts.kafka.DeviceRetiredDeserializer;
import io.pkcsconnector.contracts.kafka.RevocationRequestedDeserializer;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.pki.PkiUrls;
import io.pkcsconnector.pki.SerialNumbers;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.TestTokens;
import io.pkcsconnector.testresources.TestTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revocation triggers against the real broker and database: an admin's revocation, a device's retire and wipe,
 * the revocation-worker's outcomes (played here by events published to its topics) and their replays.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class RevocationFlowTest {

    static final String TENANT = "tenant-revoke";
    static final String OTHER_TENANT = "tenant-revoke-other";

    /** The consumer group of request-intake's channels. */
    static final String INTAKE_GROUP = "request-intake";

    static final Duration WAIT = Duration.ofSeconds(30);

    static KeyPair deviceKeys;
    static CertificateAuthority ca;

    @InjectKafka
    String bootstrapServers;

    /** A certificate issued to a device: its request, serial (lower-case hex) and thumbprint. */
    record Issued(String requestId, String serialNumber, String thumbprint) {}

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        deviceKeys = rsa.generateKeyPair();
        ca = CertificateAuthority.generate(CaSettings.defaults(PkiUrls.of("http://pki.test")));
    }

    @Test
    void anAdminRevokesAnIssuedCertificateAndTheOutcomeShowsInBothViews() throws Exception {
        putProfile("p-rv");
        enroll("d-rv");
        Issued cert = issue("d-rv", "p-rv");

        // Pasted as Windows shows it: upper case, colon-separated.
        Response created = revoke(admin(), pasted(cert.serialNumber()), "keyCompromise");
        created.then()
                .statusCode(202)
                .body("serialNumber", equalTo(cert.serialNumber()))
                .body("reason", equalTo("keyCompromise"))
                .body("trigger", equalTo("admin"))
                .body("status", equalTo("pending"))
                .body("deviceId", equalTo("d-rv"))
                .body("certificateRequestId", equalTo(cert.requestId()))
                .body("requestedAt", notNullValue())
                .body("revokedAt", nullValue());
        String id = created.jsonPath().getString("id");
        assertThat(created.header("Location")).endsWith("/v1/revocations/" + id);

        RevocationRequested requested = consume(
                        RevocationRequested.TOPIC,
                        new RevocationRequestedDeserializer(),
                        e -> e.requestId().equals(id),
                        1)
                .get(0);
        assertThat(requested.tenantId()).isEqualTo(TENANT);
        assertThat(requested.serialNumber()).isEqualTo(cert.serialNumber());
        assertThat(requested.reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(requested.trigger()).isEqualTo(RevocationTrigger.ADMIN);
        assertThat(requested.deviceId()).isEqualTo("d-rv");
        assertThat(requested.requestedBy()).isEqualTo("test-admin");

        certificateState("d-rv", cert)
                .body("certificateIssuanceState", equalTo("issued"))
                .body("certificateRevokeStatus", equalTo("pending"));
        revoke(admin(), cert.serialNumber(), "superseded")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/revocation-pending"))
                .body("revocationId", equalTo(id));

        Instant revokedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        CertificateRevoked outcome = CertificateRevoked.of(
                EventEnvelope.newEnvelope(TENANT, id, null),
                cert.serialNumber(),
                ca.caId(),
                RevocationReason.KEY_COMPROMISE,
                revokedAt,
                "d-rv",
                cert.requestId());
        produce(outcome);
        await().atMost(WAIT).untilAsserted(() -> revocation(id).body("status", equalTo("revoked")));
        assertThat(instant(revocation(id).extract().jsonPath().getString("revokedAt")))
                .isEqualTo(revokedAt);
        given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/" + cert.requestId())
                .then()
                .statusCode(200)
                .body("status", equalTo("revoked"))
                .body("serialNumber", equalTo(cert.serialNumber()));
        certificateState("d-rv", cert)
                .body("certificateIssuanceState", equalTo("revoked"))
                .body("certificateRevokeStatus", equalTo("revoked"));
        revoke(admin(), cert.serialNumber(), "keyCompromise")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/already-revoked"));

        // A replayed outcome and a late failure of the same revocation change nothing.
        produceAndAwaitConsumed(outcome);
        produceAndAwaitConsumed(RevocationFailed.of(
                EventEnvelope.newEnvelope(TENANT, id, null), cert.serialNumber(), "caUnavailable", "late failure"));
        revocation(id).body("status", equalTo("revoked")).body("errorCode", nullValue());
        certificateState("d-rv", cert)
                .body("certificateIssuanceState", equalTo("revoked"))
                .body("certificateRevokeStatus", equalTo("revoked"));
    }

    @Test
    void aFailedRevocationLeavesTheCertificateValidAndMayBeAskedForAgain() throws Exception {
        putProfile("p-fail");
        enroll("d-fail");
        Issued cert = issue("d-fail", "p-fail");
        String first = revoke(admin(), cert.serialNumber(), "superseded")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");

        RevocationFailed failure = RevocationFailed.of(
                EventEnvelope.newEnvelope(TENANT, first, null),
                cert.serialNumber(),
                "caUnavailable",
                "The issuing CA's key is not available");
        produce(failure);
        await().atMost(WAIT).untilAsserted(() -> revocation(first)
                .body("status", equalTo("failed"))
                .body("errorCode", equalTo("caUnavailable"))
                .body("errorMessage", equalTo("The issuing CA's key is not available"))
                .body("revokedAt", nullValue()));
        given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/" + cert.requestId())
                .then()
                .statusCode(200)
                .body("status", equalTo("issued"));
        certificateState("d-fail", cert)
                .body("certificateIssuanceState", equalTo("issued"))
                .body("certificateRevokeStatus", equalTo("failed"));

        // Asked for again: the replayed failure of the first attempt must not touch the second.
        String second = revoke(admin(), cert.serialNumber(), "superseded")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        assertThat(second).isNotEqualTo(first);
        produceAndAwaitConsumed(failure);
        revocation(second).body("status", equalTo("pending"));
        revocation(first).body("status", equalTo("failed"));
        certificateState("d-fail", cert).body("certificateRevokeStatus", equalTo("pending"));

        produce(CertificateRevoked.of(
                EventEnvelope.newEnvelope(TENANT, second, null),
                cert.serialNumber(),
                ca.caId(),
                RevocationReason.SUPERSEDED,
                Instant.now(),
                "d-fail",
                cert.requestId()));
        await().atMost(WAIT).untilAsserted(() -> revocation(second).body("status", equalTo("revoked")));
        certificateState("d-fail", cert)
                .body("certificateIssuanceState", equalTo("revoked"))
                .body("certificateRevokeStatus", equalTo("revoked"));
    }

    @Test
    void aRevocationThatDidNotStartHereStillRevokesTheCertificateOfItsTenantOnly() throws Exception {
        putProfile("p-ext");
        enroll("d-ext");
        Issued cert = issue("d-ext", "p-ext");
        Issued other = issue("d-ext", "p-ext");

        // The same serial in another tenant's event is not this tenant's certificate.
        produceAndAwaitConsumed(CertificateRevoked.of(
                EventEnvelope.newEnvelope(OTHER_TENANT, UUID.randomUUID().toString(), null),
                other.serialNumber(),
                ca.caId(),
                RevocationReason.UNSPECIFIED,
                Instant.now(),
                null,
                null));
        certificateState("d-ext", other)
                .body("certificateIssuanceState", equalTo("issued"))
                .body("certificateRevokeStatus", equalTo("none"));

        produce(CertificateRevoked.of(
                EventEnvelope.newEnvelope(TENANT, UUID.randomUUID().toString(), null),
                cert.serialNumber(),
                ca.caId(),
                RevocationReason.AFFILIATION_CHANGED,
                Instant.now(),
                null,
                null));
        await().atMost(WAIT).untilAsserted(() -> certificateState("d-ext", cert)
                .body("certificateIssuanceState", equalTo("revoked"))
                .body("certificateRevokeStatus", equalTo("revoked")));
        revoke(admin(), cert.serialNumber(), "keyCompromise")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/already-revoked"));
        certificateState("d-ext", other).body("certificateRevokeStatus", equalTo("none"));
    }

    @Test
    void retiringADeviceRevokesAndRemovesEachValidCertificateOnce() throws Exception {
        putProfile("p-ret");
        enroll("d-ret");
        Issued first = issue("d-ret", "p-ret");
        Issued second = issue("d-ret", "p-ret");
        // Already being revoked by an admin: the retire leaves it to that revocation.
        Issued inFlight = issue("d-ret", "p-ret");
        String adminRevocation = revoke(admin(), inFlight.serialNumber(), "keyCompromise")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        // Never issued: no serial, nothing to revoke.
        request("d-ret", "p-ret");

        JsonPath retired = given().auth()
                .oauth2(admin())
                .post("/v1/devices/d-ret/retire")
                .then()
                .statusCode(202)
                .body("deviceId", equalTo("d-ret"))
                .body("action", equalTo("retire"))
                .body("retiredAt", notNullValue())
                .body("revocations", hasSize(2))
                .body("revocations.trigger", everyItem(equalTo("retire")))
                .body("revocations.reason", everyItem(equalTo("cessationOfOperation")))
                .body("revocations.status", everyItem(equalTo("pending")))
                .body("revocations.deviceId", everyItem(equalTo("d-ret")))
                .extract()
                .jsonPath();
        assertThat(retired.getList("revocations.serialNumber", String.class))
                .containsExactlyInAnyOrder(first.serialNumber(), second.serialNumber());
        assertThat(retired.getList("revocations.certificateRequestId", String.class))
                .containsExactlyInAnyOrder(first.requestId(), second.requestId());
        List<String> ids = retired.getList("revocations.id", String.class);

        // Again (before the events are counted below, so that a duplicate would be among them): the stored state.
        JsonPath again = given().auth()
                .oauth2(admin())
                .post("/v1/devices/d-ret/retire")
                .then()
                .statusCode(200)
                .body("action", equalTo("retire"))
                .body("revocations.id", equalTo(ids))
                .extract()
                .jsonPath();
        assertThat(instant(again.getString("retiredAt"))).isEqualTo(instant(retired.getString("retiredAt")));
        given().auth()
                .oauth2(admin())
                .post("/v1/devices/d-ret/wipe")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/already-retired"))
                .body("action", equalTo("retire"));

        List<RevocationRequested> revocations = consume(
                RevocationRequested.TOPIC,
                new RevocationRequestedDeserializer(),
                e -> "d-ret".equals(e.deviceId()) && e.trigger() == RevocationTrigger.RETIRE,
                2);
        assertThat(revocations).extracting(RevocationRequested::requestId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(revocations)
                .extracting(RevocationRequested::serialNumber)
                .containsExactlyInAnyOrder(first.serialNumber(), second.serialNumber());
        assertThat(revocations).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(RevocationReason.CESSATION_OF_OPERATION);
            assertThat(e.requestedBy()).isEqualTo("test-admin");
            assertThat(e.tenantId()).isEqualTo(TENANT);
        });

        List<DeliveryRequested> removals = consume(
                DeliveryRequested.TOPIC,
                new DeliveryRequestedDeserializer(),
                e -> "d-ret".equals(e.deviceId()) && e.kind() == DeliveryKind.REMOVE,
                2);
        assertThat(removals)
                .extracting(
                        DeliveryRequested::serialNumber,
                        DeliveryRequested::thumbprint,
                        DeliveryRequested::issuanceRequestId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                first.serialNumber(), first.thumbprint(), first.requestId()),
                        org.assertj.core.groups.Tuple.tuple(
                                second.serialNumber(), second.thumbprint(), second.requestId()));
        assertThat(removals).allSatisfy(e -> {
            assertThat(e.deliveryId()).isNotIn(first.requestId(), second.requestId());
            assertThat(e.encryptedPfxBlob()).isNull();
        });

        List<DeviceRetired> departures =
                consume(DeviceRetired.TOPIC, new DeviceRetiredDeserializer(), e -> "d-ret".equals(e.deviceId()), 1);
        assertThat(departures.get(0).action()).isEqualTo(RetireAction.RETIRE);
        assertThat(departures.get(0).userId()).isEqualTo("user-jane");
        assertThat(departures.get(0).tenantId()).isEqualTo(TENANT);

        certificateState("d-ret", first).body("certificateRevokeStatus", equalTo("pending"));
        revocation(adminRevocation).body("status", equalTo("pending")).body("trigger", equalTo("admin"));
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", "d-ret", "profileId", "p-ret"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/device-retired"));
    }

    @Test
    void wipingADeviceRevokesWithTriggerWipe() throws Exception {
        putProfile("p-wipe");
        enroll("d-wipe");
        Issued cert = issue("d-wipe", "p-wipe");
        given().auth()
                .oauth2(admin())
                .post("/v1/devices/d-wipe/wipe")
                .then()
                .statusCode(202)
                .body("action", equalTo("wipe"))
                .body("revocations", hasSize(1))
                .body("revocations[0].trigger", equalTo("wipe"))
                .body("revocations[0].serialNumber", equalTo(cert.serialNumber()));
        RevocationRequested requested = consume(
                        RevocationRequested.TOPIC,
                        new RevocationRequestedDeserializer(),
                        e -> "d-wipe".equals(e.deviceId()),
                        1)
                .get(0);
        assertThat(requested.trigger()).isEqualTo(RevocationTrigger.WIPE);
        assertThat(consume(DeviceRetired.TOPIC, new DeviceRetiredDeserializer(), e -> "d-wipe".equals(e.deviceId()), 1)
                        .get(0)
                        .action())
                .isEqualTo(RetireAction.WIPE);
        consume(
                DeliveryRequested.TOPIC,
                new DeliveryRequestedDeserializer(),
                e -> "d-wipe".equals(e.deviceId()) && e.kind() == DeliveryKind.REMOVE,
                1);
        given().auth()
                .oauth2(admin())
                .post("/v1/devices/d-wipe/retire")
                .then()
                .statusCode(409)
                .body("type", endsWith("/already-retired"));

        // A device without certificates still leaves, with nothing to revoke.
        enroll("d-empty");
        given().auth()
                .oauth2(admin())
                .post("/v1/devices/d-empty/wipe")
                .then()
                .statusCode(202)
                .body("revocations", hasSize(0));
        consume(DeviceRetired.TOPIC, new DeviceRetiredDeserializer(), e -> "d-empty".equals(e.deviceId()), 1);
    }

    @Test
    void badRevocationInputIsAProblemNeverA500() {
        postRevocation(admin(), ContentType.JSON, null).then().statusCode(400).contentType("application/problem+json");
        postRevocation(admin(), ContentType.JSON, "{not json")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        postRevocation(admin(), ContentType.JSON, "{\"serialNumber\": [], \"reason\": {}}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        postRevocation(admin(), ContentType.TEXT, "serialNumber=01")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        postRevocation(admin(), ContentType.JSON, "{}")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/validation-failed"));
        postRevocation(admin(), ContentType.JSON, "{\"serialNumber\": \"0a1b\"}")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/validation-failed"));

        String unknownSerial = SerialNumbers.toHex(SerialNumbers.random());
        for (String hold : List.of("certificateHold", "removeFromCRL")) {
            revoke(admin(), unknownSerial, hold)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/unsupported-reason"));
        }
        revoke(admin(), unknownSerial, "KeyCompromise")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-reason"))
                .body("allowedReasons", hasItem("keyCompromise"))
                .body("allowedReasons", hasItem("cACompromise"))
                .body("allowedReasons", not(hasItem("certificateHold")))
                .body("allowedReasons", not(hasItem("removeFromCRL")));
        revoke(admin(), "not-hex", "keyCompromise")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-serial"));
        revoke(admin(), "1".repeat(41), "keyCompromise")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-serial"));
        revoke(admin(), unknownSerial, "keyCompromise")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/unknown-serial"));

        given().auth()
                .oauth2(admin())
                .get("/v1/revocations/not-a-uuid")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .get("/v1/revocations/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        for (String action : List.of("retire", "wipe")) {
            given().auth()
                    .oauth2(admin())
                    .post("/v1/devices/no-such-device/" + action)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/unknown-device"));
        }
    }

    @Test
    void onlyAnAdminOfTheCertificatesTenantMayRevoke() throws Exception {
        putProfile("p-auth");
        enroll("d-auth");
        Issued cert = issue("d-auth", "p-auth");
        Issued revokedByAdmin = issue("d-auth", "p-auth");
        String id = revoke(admin(), revokedByAdmin.serialNumber(), "keyCompromise")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");

        String device = TestTokens.device(TENANT, "d-auth");
        revoke(device, cert.serialNumber(), "keyCompromise")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(device)
                .get("/v1/revocations/" + id)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(device)
                .post("/v1/devices/d-auth/retire")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(Map.of("serialNumber", cert.serialNumber(), "reason", "keyCompromise"))
                .post("/v1/revocations")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");

        String stranger = TestTokens.admin(OTHER_TENANT);
        revoke(stranger, cert.serialNumber(), "keyCompromise")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/unknown-serial"));
        given().auth()
                .oauth2(stranger)
                .get("/v1/revocations/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(stranger)
                .post("/v1/devices/d-auth/retire")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        // None of it left a trace.
        certificateState("d-auth", cert)
                .body("certificateIssuanceState", equalTo("issued"))
                .body("certificateRevokeStatus", equalTo("none"));
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", "d-auth", "profileId", "p-auth"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(202);
    }

    // --- the caller's side --------------------------------------------------------------------------------------

    static String admin() {
        return TestTokens.admin(TENANT);
    }

    static String pasted(String serial) {
        return serial.toUpperCase().replaceAll("(..)(?!$)", "$1:");
    }

    static void putProfile(String id) {
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "displayName", "Wi-Fi users",
                        "platform", "windows10",
                        "renewalThresholdPercentage", 20,
                        "certificateValidityPeriodValue", 1,
                        "certificateValidityPeriodScale", "years",
                        "certificateTemplateName", "PkcsUser",
                        "subjectNameFormat", "commonName",
                        "subjectAlternativeNameType", "userPrincipalName",
                        "keyAlgorithm", "ecP256"))
                .put("/v1/profiles/pkcs/" + id)
                .then()
                .statusCode(anyOf(equalTo(201), equalTo(200)));
    }

    static void enroll(String deviceId) {
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "deviceId", deviceId,
                        "platform", "windows10",
                        "userPrincipalName", "jane.doe@contoso.test",
                        "userId", "user-jane",
                        "deviceName", "JANE-LAPTOP",
                        "managementPublicKey", Pem.publicKey(deviceKeys.getPublic())))
                .post("/v1/devices")
                .then()
                .statusCode(201);
    }

    static String request(String deviceId, String profileId) {
        return given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", deviceId, "profileId", profileId))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
    }

    static Instant instant(String dateTime) {
        return OffsetDateTime.parse(dateTime).toInstant();
    }

    static Response revoke(String token, String serialNumber, String reason) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("serialNumber", serialNumber, "reason", reason))
                .post("/v1/revocations");
    }

    static Response postRevocation(String token, ContentType type, String body) {
        var spec = given().auth().oauth2(token).contentType(type);
        return (body == null ? spec : spec.body(body)).post("/v1/revocations");
    }

    static io.restassured.response.ValidatableResponse revocation(String id) {
        return given().auth()
                .oauth2(admin())
                .get("/v1/revocations/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
    }

    /** The device's certificate state of {@code cert}, as Graph shows it. */
    static io.restassured.response.ValidatableResponse certificateState(String deviceId, Issued cert) {
        return given().auth()
                .oauth2(admin())
                .get("/v1/devices/" + deviceId + "/certificate-states")
                .then()
                .statusCode(200)
                .rootPath("find { it.requestId == '" + cert.requestId() + "' }")
                .body("certificateSerialNumber", equalTo(cert.serialNumber()));
    }

    // --- the connector's and the revocation-worker's side -----------------------------------------------------

    /**
     * A certificate request that the connector answered the way IntakeFlowTest has it answer: a real certificate
     * in a CertificateIssued event, applied once the request shows {@code issued}.
     */
    Issued issue(String deviceId, String profileId) throws Exception {
        String requestId = request(deviceId, profileId);
        ConnectorAnswers.Issued answer =
                ConnectorAnswers.issued(ca, deviceKeys.getPublic(), TENANT, requestId, deviceId, profileId);
        IssuedCertificate cert = answer.certificate();
        produce(answer.event());
        JsonPath issued = await().atMost(WAIT)
                .until(
                        () -> given().auth()
                                .oauth2(admin())
                                .get("/v1/certificate-requests/" + requestId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        view -> "issued".equals(view.getString("status")));
        assertThat(issued.getString("serialNumber")).isEqualTo(cert.serialHex());
        return new Issued(requestId, cert.serialHex(), issued.getString("thumbprint"));
    }

    private RecordMetadata produce(PkiEvent event) {
        return TestTopics.produce(bootstrapServers, event);
    }

    /**
     * Publishes {@code event} and waits until request-intake has committed its offset, i.e. has applied it: how a
     * test tells "changed nothing" from "not yet processed".
     */
    private void produceAndAwaitConsumed(PkiEvent event) throws Exception {
        RecordMetadata sent = produce(event);
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = kafka.listConsumerGroupOffsets(INTAKE_GROUP)
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(partition);
                return committed != null && committed.offset() > sent.offset();
            });
        }
    }

    /** The records of {@code topic} that match, asserting that exactly {@code expected} arrive (no duplicate). */
    private <T extends PkiEvent> List<T> consume(
            Topic topic, Deserializer<T> deserializer, Predicate<T> match, int expected) {
        return TestTopics.consume(bootstrapServers, topic.name(), deserializer, match, expected, WAIT);
    }
}
