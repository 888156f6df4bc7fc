package io.pkcsconnector.requestintake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.pkcsconnector.contracts.CaCertificatesPublished;
import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.DeliveryAcknowledged;
import io.pkcsconnector.contracts.DeliveryStatus;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.contracts.kafka.CertificateRequestedDeserializer;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.pki.PkiUrls;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.TestTokens;
import io.pkcsconnector.testresources.TestTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** request-intake against a real broker and database: profiles, devices, requests, outcomes, CA download. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class IntakeFlowTest {

    static final String TENANT = "tenant-flow";

    static KeyPair deviceKeys;
    static CertificateAuthority ca;

    @InjectKafka
    String bootstrapServers;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        deviceKeys = rsa.generateKeyPair();
        ca = CertificateAuthority.generate(CaSettings.defaults(PkiUrls.of("http://pki.test")));
    }

    static String admin() {
        return TestTokens.admin(TENANT);
    }

    static Map<String, Object> profile(String template) {
        return Map.of(
                "displayName", "Wi-Fi users",
                "platform", "windows10",
                "renewalThresholdPercentage", 20,
                "certificateValidityPeriodValue", 1,
                "certificateValidityPeriodScale", "years",
                "certificateTemplateName", template,
                "subjectNameFormat", "commonName",
                "subjectAlternativeNameType", "userPrincipalName",
                "keyAlgorithm", "ecP256");
    }

    static void putProfile(String id) {
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(profile("PkcsUser"))
                .put("/v1/profiles/pkcs/" + id)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));
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
                        "emailAddress", "jane.doe@contoso.test",
                        "deviceName", "JANE-LAPTOP",
                        "managementPublicKey", Pem.publicKey(deviceKeys.getPublic())))
                .post("/v1/devices")
                .then()
                .statusCode(201);
    }

    @Test
    void profileIsValidatedAndVersioned() {
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(profile("PkcsUser"))
                .put("/v1/profiles/pkcs/p-versioned")
                .then()
                .statusCode(201)
                .body("version", equalTo(1));
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(profile("PkcsUser"))
                .put("/v1/profiles/pkcs/p-versioned")
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        given().auth()
                .oauth2(admin())
                .get("/v1/profiles/pkcs/p-versioned")
                .then()
                .statusCode(200)
                .body("certificateTemplateName", equalTo("PkcsUser"))
                .body("extendedKeyUsages.objectIdentifier", hasItem("1.3.6.1.4.1.311.10.3.4"));
        // Another tenant does not see it.
        given().auth()
                .oauth2(TestTokens.admin("other-tenant"))
                .get("/v1/profiles/pkcs/p-versioned")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void unknownTemplateIsRefusedByName() {
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(profile("NoSuchTemplate"))
                .put("/v1/profiles/pkcs/p-bad")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("NoSuchTemplate"));
    }

    @Test
    void profileRulesAreEnforced() {
        Map<String, Object> bad = new java.util.HashMap<>(profile("PkcsUser"));
        bad.put("platform", "ios");
        bad.put("renewalThresholdPercentage", 100);
        bad.put("certificateValidityPeriodValue", 3);
        bad.put("keyUsage", List.of("digitalSignature", "nonRepudiation"));
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(bad)
                .put("/v1/profiles/pkcs/p-rules")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("renewalThresholdPercentage"))
                .body("violations.field", hasItem("certificateValidityPeriodValue"))
                .body("violations.message", hasItem("nonRepudiation is not allowed for iOS"));
    }

    @Test
    void deviceKeyMustBeRsa2048OrMore() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        String weak = Pem.publicKey(rsa.generateKeyPair().getPublic());
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", "d-weak", "platform", "windows10", "userId", "u", "managementPublicKey", weak))
                .post("/v1/devices")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "deviceId",
                        "d-garbage",
                        "platform",
                        "windows10",
                        "userId",
                        "u",
                        "managementPublicKey",
                        "not a key"))
                .post("/v1/devices")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void requestIsIdempotentAndPublishedOnceThroughTheOutbox() {
        putProfile("p-idem");
        enroll("d-idem");
        String key = "key-" + UUID.randomUUID();
        Response first = given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("deviceId", "d-idem", "profileId", "p-idem"))
                .post("/v1/certificate-requests");
        first.then().statusCode(202).body("status", equalTo("issuePending"));
        String id = first.jsonPath().getString("id");
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("deviceId", "d-idem", "profileId", "p-idem"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("deviceId", "d-other", "profileId", "p-idem"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");

        List<CertificateRequested> events =
                consume(CertificateRequested.TOPIC.name(), new CertificateRequestedDeserializer(), id, 1);
        CertificateRequested event = events.get(0);
        assertThat(event.tenantId()).isEqualTo(TENANT);
        assertThat(event.subjectName()).isEqualTo("CN=jane.doe@contoso.test");
        assertThat(event.subjectAlternativeNames()).extracting(s -> s.value()).containsExactly("jane.doe@contoso.test");
        assertThat(event.templateName()).isEqualTo("PkcsUser");
        assertThat(event.validityDays()).isBetween(365, 366);
        assertThat(event.deviceManagementPublicKey()).contains("BEGIN PUBLIC KEY");
    }

    @Test
    void outcomesMoveTheRequestAndReplaysDoNotMoveItBack() throws Exception {
        putProfile("p-out");
        enroll("d-out");
        String id = given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", "d-out", "profileId", "p-out"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");

        ConnectorAnswers.Issued issuedNow = issue(id, "d-out", "p-out");
        IssuedCertificate cert = issuedNow.certificate();
        CertificateIssued issued = issuedNow.event();
        produce(issued);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("issued"))
                .body("serialNumber", equalTo(cert.serialHex())));

        // The device acknowledges; a late failure event must not move an issued request back.
        produce(DeliveryAcknowledged.of(
                EventEnvelope.newEnvelope(TENANT, id, null), "d-out", DeliveryStatus.INSTALLED, null));
        produce(CertificateIssuanceFailed.of(
                EventEnvelope.newEnvelope(TENANT, id, null), "d-out", "p-out", "late", "late failure", true, 1, "c"));
        produce(issued);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(admin())
                .get("/v1/devices/d-out/certificate-states")
                .then()
                .statusCode(200)
                .body("[0].certificateIssuanceState", equalTo("installed"))
                .body("[0].certificateSerialNumber", equalTo(cert.serialHex()))
                .body("[0].certificateProfileDisplayName", equalTo("Wi-Fi users")));

        // The device itself may read its states; another device may not.
        given().auth()
                .oauth2(TestTokens.device(TENANT, "d-out"))
                .get("/v1/devices/d-out/certificate-states")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.device(TENANT, "d-idem"))
                .get("/v1/devices/d-out/certificate-states")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void anAckThatOvertakesTheIssuedEventIsKeptAndTheCertificateDataStillArrives() throws Exception {
        putProfile("p-race");
        enroll("d-race");
        String id = given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", "d-race", "profileId", "p-race"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        produce(DeliveryAcknowledged.of(
                EventEnvelope.newEnvelope(TENANT, id, null), "d-race", DeliveryStatus.INSTALLED, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("installed")));
        ConnectorAnswers.Issued issued = issue(id, "d-race", "p-race");
        IssuedCertificate cert = issued.certificate();
        produce(issued.event());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("installed"))
                .body("serialNumber", equalTo(cert.serialHex())));
    }

    @Test
    void absurdValidityIsA422NotA500() {
        Map<String, Object> bad = new java.util.HashMap<>(profile("PkcsUser"));
        bad.put("certificateValidityPeriodValue", 1_000_000_000);
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(bad)
                .put("/v1/profiles/pkcs/p-absurd")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void caCertificatesAreServedFromThePublishedEvent() {
        produce(CaCertificatesPublished.of(
                EventEnvelope.newEnvelope("system", ca.caId(), null), ca.caId(),
                Pem.certificate(ca.rootCertificate()), Pem.certificate(ca.issuingCertificate()),
                ca.urls().crl(ca.caId()), ca.urls().ocsp()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            byte[] der = given().get("/v1/ca/root.cer")
                    .then()
                    .statusCode(200)
                    .contentType("application/pkix-cert")
                    .extract()
                    .asByteArray();
            assertThat(der).isEqualTo(ca.rootCertificate().getEncoded());
        });
        given().get("/v1/ca/chain.pem")
                .then()
                .statusCode(200)
                .body(containsString("BEGIN CERTIFICATE"))
                .body(not(containsString("PRIVATE")));
    }

    @Test
    void badInputIsProblemJsonNeverA500() {
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body("{not json")
                .post("/v1/certificate-requests")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body("{\"deviceId\": 5, \"profileId\": []}")
                .post("/v1/certificate-requests")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/certificate-requests")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.TEXT)
                .body("deviceId=x")
                .post("/v1/certificate-requests")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", "nope", "profileId", "nope"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/not-a-uuid")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().contentType(ContentType.JSON)
                .body(Map.of("deviceId", "x", "profileId", "y"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.device(TENANT, "d-1"))
                .contentType(ContentType.JSON)
                .body(Map.of("deviceId", "x", "profileId", "y"))
                .post("/v1/certificate-requests")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        String big = "{\"deviceId\":\"" + "x".repeat(1_100_000) + "\",\"profileId\":\"p\"}";
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(big)
                .post("/v1/certificate-requests")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
    }

    /** A real certificate for {@code requestId} and the CertificateIssued event the connector would publish. */
    private ConnectorAnswers.Issued issue(String requestId, String deviceId, String profileId) {
        return ConnectorAnswers.issued(ca, deviceKeys.getPublic(), TENANT, requestId, deviceId, profileId);
    }

    private void produce(PkiEvent event) {
        TestTopics.produce(bootstrapServers, event);
    }

    private <T extends PkiEvent> List<T> consume(
            String topic,
            org.apache.kafka.common.serialization.Deserializer<T> deserializer,
            String requestId,
            int expected) {
        return TestTopics.consume(
                bootstrapServers,
                topic,
                deserializer,
                event -> event.requestId().equals(requestId),
                expected,
                Duration.ofSeconds(20));
    }
}
