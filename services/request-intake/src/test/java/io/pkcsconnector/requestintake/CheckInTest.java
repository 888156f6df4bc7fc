package io.pkcsconnector.requestintake;

import static io.pkcsconnector.requestintake.CheckInFixtures.moveClockTo;
import static io.pkcsconnector.requestintake.CheckInFixtures.profile;
import static io.pkcsconnector.requestintake.CheckInFixtures.target;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.pkcsconnector.contracts.CertificateDestinationStore;
import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.CertificateRequestedDeserializer;
import io.pkcsconnector.contracts.kafka.DeliveryRequestedDeserializer;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.Certificates;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device check-in against a real broker and database: assigned profiles get exactly one request however often and
 * however concurrently the device checks in; failures and revocations are retried once; a changed profile and the
 * renewal threshold (with the clock moved forward) bring exactly one successor.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class CheckInTest {

    static final KeyPair deviceKeys = CheckInFixtures.DEVICE_KEYS;
    static final CertificateAuthority ca = CheckInFixtures.CA;

    @InjectKafka
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    String tenant;
    String device;
    CheckInFixtures fx;

    @BeforeEach
    void tenantWithDevice() {
        fx = CheckInFixtures.newTenantWithDevice(bootstrapServers);
        tenant = fx.tenant;
        device = fx.device;
    }

    @Test
    void checkingInAgainAndAgainCreatesOneRequestPerAssignedProfile() {
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES)), "ecP256");
        fx.putProfile(
                "vpn",
                List.of(Map.of(
                        "target",
                        Map.of(
                                "@odata.type",
                                Assignments.USERS,
                                "userPrincipalNames",
                                List.of("JANE.DOE@contoso.test")))),
                "ecP256");
        fx.putProfile(
                "other-device",
                List.of(Map.of(
                        "target", Map.of("@odata.type", Assignments.DEVICES, "deviceIds", List.of("someone-else")))),
                "ecP256");
        fx.putProfile("on-request-only", List.of(), "ecP256");

        JsonPath first = fx.checkIn(device);
        assertThat(first.getList("profiles.profileId")).containsExactly("vpn", "wifi");
        assertThat(first.getList("profiles.action")).containsOnly("requested");
        assertThat(first.getList("profiles.reason")).containsOnly("initial");
        List<String> ids = first.getList("profiles.requestId");

        // 100 more check-ins, 20 of them at once: the same two requests, nothing new.
        for (int i = 0; i < 80; i++) {
            assertThat(fx.checkIn(device).getList("profiles.requestId")).isEqualTo(ids);
        }
        List<CompletableFuture<List<String>>> concurrent = IntStream.range(0, 20)
                .mapToObj(i ->
                        CompletableFuture.supplyAsync(() -> fx.checkIn(device).<String>getList("profiles.requestId")))
                .toList();
        concurrent.forEach(future -> assertThat(future.join()).isEqualTo(ids));

        given().auth()
                .oauth2(fx.admin())
                .get("/v1/devices/" + device + "/certificate-states")
                .then()
                .statusCode(200)
                .body("size()", equalTo(2));
        // The profile's report (Graph managedDeviceCertificateState) shows the one request of this device.
        given().auth()
                .oauth2(fx.admin())
                .get("/v1/profiles/pkcs/wifi/certificate-states")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].certificateIssuanceState", equalTo("issuePending"))
                .body("[0].id", org.hamcrest.Matchers.startsWith(device + "_wifi_"));
        given().auth()
                .oauth2(fx.admin())
                .get("/v1/profiles/pkcs/no-such-profile/certificate-states")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        List<CertificateRequested> published = TestTopics.consume(
                bootstrapServers,
                Topics.CERT_REQUESTED.name(),
                new CertificateRequestedDeserializer(),
                event -> event.tenantId().equals(tenant),
                2,
                Duration.ofSeconds(30));
        assertThat(published).extracting(CertificateRequested::profileId).containsExactlyInAnyOrder("vpn", "wifi");
    }

    @Test
    void theCaCertificatesAreDeliveredOnceBeforeTheFirstCertificateAndAgainWhenTheCaChanges() throws Exception {
        CheckInFixtures.publishCa(bootstrapServers, ca);
        String unassigned = "kiosk-" + UUID.randomUUID();
        fx.enroll(unassigned, "kiosk@contoso.test");
        fx.putProfile(
                "wifi",
                List.of(Map.of("target", Map.of("@odata.type", Assignments.DEVICES, "deviceIds", List.of(device)))),
                "ecP256");

        JsonPath first = fx.checkIn(device);
        assertThat(first.getList("trustedCertificates.store"))
                .containsExactly("computerCertStoreRoot", "computerCertStoreIntermediate");
        assertThat(first.getList("trustedCertificates.action")).containsOnly("delivered");
        assertThat(first.getList("trustedCertificates.thumbprint"))
                .containsExactly(
                        Certificates.thumbprint(ca.rootCertificate()),
                        Certificates.thumbprint(ca.issuingCertificate()));
        JsonPath again = fx.checkIn(device);
        assertThat(again.getList("trustedCertificates.action")).containsOnly("present");
        assertThat(again.getList("trustedCertificates.deliveryId"))
                .isEqualTo(first.getList("trustedCertificates.deliveryId"));
        // A device with no PKCS profile gets no trust store changes either.
        assertThat(fx.checkIn(unassigned).getList("trustedCertificates")).isEmpty();

        List<DeliveryRequested> deliveries = TestTopics.consume(
                bootstrapServers,
                Topics.DELIVERY_REQUESTED.name(),
                new DeliveryRequestedDeserializer(),
                event -> event.tenantId().equals(tenant),
                2,
                Duration.ofSeconds(30));
        assertThat(deliveries).extracting(DeliveryRequested::kind).containsOnly(DeliveryKind.TRUSTED_ROOT);
        assertThat(deliveries).extracting(DeliveryRequested::deviceId).containsOnly(device);
        assertThat(deliveries)
                .extracting(DeliveryRequested::destinationStore)
                .containsExactlyInAnyOrder(
                        CertificateDestinationStore.COMPUTER_CERT_STORE_ROOT,
                        CertificateDestinationStore.COMPUTER_CERT_STORE_INTERMEDIATE);
        assertThat(deliveries)
                .extracting(DeliveryRequested::deliveryId)
                .containsExactlyInAnyOrderElementsOf(first.getList("trustedCertificates.deliveryId"));
        // What the device gets is the CA's certificate, which chains the way OpenSSL expects.
        Path dir = Files.createTempDirectory("trust");
        Path root = dir.resolve("root.pem");
        Path intermediate = dir.resolve("intermediate.pem");
        for (DeliveryRequested delivery : deliveries) {
            Files.writeString(
                    delivery.thumbprint().equals(Certificates.thumbprint(ca.rootCertificate())) ? root : intermediate,
                    delivery.certificatePem());
        }
        Process verify = new ProcessBuilder("openssl", "verify", "-CAfile", root.toString(), intermediate.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertThat(verify.waitFor()).as(output).isZero();

        // The CA publishes new certificates: the next check-in delivers them, and only them.
        CertificateAuthority renewedCa =
                CertificateAuthority.generate(CaSettings.defaults(PkiUrls.of("http://pki.test")));
        try {
            CheckInFixtures.publishCa(bootstrapServers, renewedCa);
            JsonPath afterRollover = fx.checkIn(device);
            assertThat(afterRollover.getList("trustedCertificates.action")).containsOnly("delivered");
            assertThat(afterRollover.getList("trustedCertificates.thumbprint"))
                    .containsExactly(
                            Certificates.thumbprint(renewedCa.rootCertificate()),
                            Certificates.thumbprint(renewedCa.issuingCertificate()));
        } finally {
            CheckInFixtures.publishCa(bootstrapServers, ca);
        }
    }

    @Test
    void withoutPublishedCaCertificatesACheckInRequestsNothingAndAnswers503() throws Exception {
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES)), "ecP256");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM intake.ca_certificate");
        }
        try {
            given().auth()
                    .oauth2(TestTokens.device(tenant, device))
                    .post("/v1/devices/" + device + "/checkin")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://pkcs-connector.dev/problems/ca-not-published"));
            given().auth()
                    .oauth2(fx.admin())
                    .get("/v1/devices/" + device + "/certificate-states")
                    .then()
                    .statusCode(200)
                    .body("size()", equalTo(0));
        } finally {
            CheckInFixtures.publishCa(bootstrapServers, ca);
        }
        assertThat(fx.checkIn(device).getString("profiles[0].action")).isEqualTo("requested");
    }

    @Test
    void aFailedOrRevokedCertificateIsRequestedAgainOnce() {
        fx.putProfile("wifi", List.of(target(Assignments.ALL_USERS)), "ecP256");
        String failedId = fx.checkIn(device).getString("profiles[0].requestId");
        TestTopics.produce(
                bootstrapServers,
                CertificateIssuanceFailed.of(
                        EventEnvelope.newEnvelope(tenant, failedId, null),
                        device,
                        "wifi",
                        "caUnavailable",
                        "no CA",
                        false,
                        1,
                        "c"));
        fx.awaitStatus(failedId, "issueFailed");

        JsonPath retried = fx.checkIn(device);
        assertThat(retried.getString("profiles[0].reason")).isEqualTo("retry");
        String retryId = retried.getString("profiles[0].requestId");
        assertThat(retryId).isNotEqualTo(failedId);
        assertThat(fx.checkIn(device).getString("profiles[0].requestId")).isEqualTo(retryId);
        // Still being issued: pending, with the reason it was requested for; nothing new either way.
        JsonPath inProgress = fx.checkIn(device);
        assertThat(inProgress.getString("profiles[0].action")).isEqualTo("pending");
        assertThat(inProgress.getString("profiles[0].reason")).isEqualTo("retry");
        assertThat(inProgress.getString("profiles[0].requestId")).isEqualTo(retryId);
    }

    @Test
    void renewalComesAtTheThresholdAndAProfileChangeReissuesButANewAssignmentDoesNot() {
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES)), "ecP256");
        String id = fx.checkIn(device).getString("profiles[0].requestId");
        ConnectorAnswers.Issued issued =
                ConnectorAnswers.issued(ca, deviceKeys.getPublic(), tenant, id, device, "wifi");
        CertificateIssued event = issued.event();
        TestTopics.produce(bootstrapServers, event);
        fx.awaitStatus(id, "issued");

        // 20 % of the lifetime left is the threshold: one second before it nothing, at it one renewal.
        Instant lifetimeStart = event.notBefore();
        Duration lifetime = Duration.between(lifetimeStart, event.notAfter());
        Instant threshold = event.notAfter()
                .minus(lifetime.multipliedBy(20).dividedBy(100))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        moveClockTo(threshold.minusSeconds(1));
        assertThat(fx.checkIn(device).getString("profiles[0].action")).isEqualTo("none");

        // A new assignment changes the profile's version but not its certificates.
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES), target(Assignments.ALL_USERS)), "ecP256");
        assertThat(fx.checkIn(device).getString("profiles[0].action")).isEqualTo("none");

        moveClockTo(threshold);
        JsonPath renewal = fx.checkIn(device);
        assertThat(renewal.getString("profiles[0].reason")).isEqualTo("renewal");
        String renewalId = renewal.getString("profiles[0].requestId");
        assertThat(renewalId).isNotEqualTo(id);
        assertThat(fx.checkIn(device).getString("profiles[0].requestId")).isEqualTo(renewalId);

        // The renewal is issued; then the profile's key algorithm changes: one re-issue for the change.
        TestTopics.produce(
                bootstrapServers,
                ConnectorAnswers.issued(ca, deviceKeys.getPublic(), tenant, renewalId, device, "wifi")
                        .event());
        fx.awaitStatus(renewalId, "issued");
        moveClockTo(Instant.now());
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES)), "ecP384");
        JsonPath changed = fx.checkIn(device);
        assertThat(changed.getString("profiles[0].reason")).isEqualTo("profileChanged");
        assertThat(fx.checkIn(device).getString("profiles[0].requestId"))
                .isEqualTo(changed.getString("profiles[0].requestId"));
    }

    @Test
    void aProfileTheDeviceCannotGetIsReportedWithoutStoppingTheOthers() {
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES)), "ecP256");
        Map<String, Object> bySerial = new HashMap<>(profile(List.of(target(Assignments.ALL_DEVICES)), "ecP256"));
        bySerial.put("subjectNameFormat", "commonNameAsSerialNumber");
        given().auth()
                .oauth2(fx.admin())
                .contentType(ContentType.JSON)
                .body(bySerial)
                .put("/v1/profiles/pkcs/by-serial")
                .then()
                .statusCode(201);

        JsonPath result = fx.checkIn(device);
        assertThat(result.getString("profiles.find { it.profileId == 'by-serial' }.action"))
                .isEqualTo("failed");
        assertThat(result.getString("profiles.find { it.profileId == 'by-serial' }.errorCode"))
                .isEqualTo("missingVariable.SerialNumber");
        assertThat(result.getString("profiles.find { it.profileId == 'wifi' }.action"))
                .isEqualTo("requested");
    }

    @Test
    void onlyTheDeviceItselfOrAnAdminChecksIn() {
        given().auth()
                .oauth2(TestTokens.device(tenant, device))
                .post("/v1/devices/" + device + "/checkin")
                .then()
                .statusCode(200)
                .body("deviceId", equalTo(device));
        given().auth()
                .oauth2(TestTokens.device(tenant, "another-device"))
                .post("/v1/devices/" + device + "/checkin")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(fx.admin())
                .post("/v1/devices/no-such-device/checkin")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.admin("another-tenant"))
                .post("/v1/devices/" + device + "/checkin")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(fx.admin())
                .post("/v1/devices/" + device + "/retire")
                .then()
                .statusCode(202);
        given().auth()
                .oauth2(fx.admin())
                .post("/v1/devices/" + device + "/checkin")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://pkcs-connector.dev/problems/device-retired"));
        given().auth()
                .oauth2(fx.admin())
                .contentType(ContentType.JSON)
                .body(profile(
                        List.of(Map.of("target", Map.of("@odata.type", "#microsoft.graph.groupAssignmentTarget"))),
                        "ecP256"))
                .put("/v1/profiles/pkcs/by-group")
                .then()
                .statusCode(422)
                .body("violations[0].field", equalTo("assignments[0].target.@odata.type"));
    }
}
