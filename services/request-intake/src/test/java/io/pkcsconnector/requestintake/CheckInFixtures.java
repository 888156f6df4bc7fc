package io.pkcsconnector.requestintake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import io.pkcsconnector.contracts.CaCertificatesPublished;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.Certificates;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.pki.PkiUrls;
import io.pkcsconnector.testresources.TestTokens;
import io.pkcsconnector.testresources.TestTopics;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One tenant's admin and devices in check-in and renewal tests: profiles, enrolment, check-in, a movable clock. */
final class CheckInFixtures {

    /** One management key for every test device (RSA key generation is slow) and one CA for every test. */
    static final KeyPair DEVICE_KEYS = rsa2048();

    static final CertificateAuthority CA =
            CertificateAuthority.generate(CaSettings.defaults(PkiUrls.of("http://pki.test")));

    final String tenant;
    final String device;
    final KeyPair deviceKeys = DEVICE_KEYS;

    private CheckInFixtures(String tenant, String device) {
        this.tenant = tenant;
        this.device = device;
    }

    /**
     * A new tenant with one enrolled device, the CA published (check-in delivers the CA's certificates first, so
     * it needs them: 503 otherwise).
     */
    static CheckInFixtures newTenantWithDevice(String bootstrapServers) {
        CheckInFixtures fx = new CheckInFixtures("tenant-" + UUID.randomUUID(), "laptop-" + UUID.randomUUID());
        publishCa(bootstrapServers, CA);
        fx.enroll(fx.device, "jane.doe@contoso.test");
        return fx;
    }

    private static KeyPair rsa2048() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            return rsa.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String admin() {
        return TestTokens.admin(tenant);
    }

    JsonPath checkIn(String deviceId) {
        return given().auth()
                .oauth2(TestTokens.device(tenant, deviceId))
                .post("/v1/devices/" + deviceId + "/checkin")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    JsonPath request(String requestId) {
        return given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/" + requestId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    void awaitStatus(String requestId, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(admin())
                .get("/v1/certificate-requests/" + requestId)
                .then()
                .statusCode(200)
                .body("status", equalTo(status)));
    }

    static void moveClockTo(Instant instant) {
        QuarkusMock.installMockForType(
                new TimeSource() {
                    @Override
                    public Instant now() {
                        return instant;
                    }
                },
                TimeSource.class);
    }

    /** Publishes the CA's certificates as an issuance worker does, unless request-intake already serves this root. */
    static void publishCa(String bootstrapServers, CertificateAuthority authority) {
        byte[] served = given().get("/v1/ca/root.cer").then().extract().asByteArray();
        if (java.util.Arrays.equals(served, Certificates.der(authority.rootCertificate()))) {
            return;
        }
        TestTopics.produce(
                bootstrapServers,
                CaCertificatesPublished.of(
                        EventEnvelope.newEnvelope("system", authority.caId(), null),
                        authority.caId(),
                        Pem.certificate(authority.rootCertificate()),
                        Pem.certificate(authority.issuingCertificate()),
                        authority.urls().crl(authority.caId()),
                        authority.urls().ocsp()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(given().get("/v1/ca/root.cer")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray())
                .isEqualTo(Certificates.der(authority.rootCertificate())));
    }

    static Map<String, Object> target(String type) {
        return Map.of("target", Map.of("@odata.type", type));
    }

    static Map<String, Object> profile(List<Map<String, Object>> assignments, String keyAlgorithm) {
        Map<String, Object> profile = new HashMap<>();
        profile.put("displayName", "Check-in profile");
        profile.put("platform", "windows10");
        profile.put("renewalThresholdPercentage", 20);
        profile.put("certificateValidityPeriodValue", 1);
        profile.put("certificateValidityPeriodScale", "years");
        profile.put("certificateTemplateName", "PkcsUser");
        profile.put("subjectNameFormat", "commonName");
        profile.put("subjectAlternativeNameType", "userPrincipalName");
        profile.put("keyAlgorithm", keyAlgorithm);
        profile.put("assignments", assignments);
        return profile;
    }

    void putProfile(String id, List<Map<String, Object>> assignments, String keyAlgorithm) {
        putProfile(id, profile(assignments, keyAlgorithm));
    }

    void putProfile(String id, Map<String, Object> profile) {
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(profile)
                .put("/v1/profiles/pkcs/" + id)
                .then()
                .log()
                .ifValidationFails()
                .statusCode(anyOf(equalTo(201), equalTo(200)));
    }

    void enroll(String deviceId, String upn) {
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "deviceId",
                        deviceId,
                        "platform",
                        "windows10",
                        "userPrincipalName",
                        upn,
                        "userId",
                        "user-jane",
                        "emailAddress",
                        upn,
                        "managementPublicKey",
                        Pem.publicKey(deviceKeys.getPublic())))
                .post("/v1/devices")
                .then()
                .statusCode(201);
    }
}
