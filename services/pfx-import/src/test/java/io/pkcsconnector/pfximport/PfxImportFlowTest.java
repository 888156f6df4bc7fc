package io.pkcsconnector.pfximport;

import static io.pkcsconnector.pfximport.Fixtures.PROVIDER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.DeviceRetired;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.PfxDeleted;
import io.pkcsconnector.contracts.PfxImported;
import io.pkcsconnector.contracts.RetireAction;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.DeliveryRequestedDeserializer;
import io.pkcsconnector.contracts.kafka.PfxDeletedDeserializer;
import io.pkcsconnector.contracts.kafka.PfxImportedDeserializer;
import io.pkcsconnector.pfximport.Fixtures.Device;
import io.pkcsconnector.pfximport.Fixtures.Pfx;
import io.pkcsconnector.pkcsctl.Pkcsctl;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.OpenSsl;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.TestTokens;
import io.pkcsconnector.testresources.TestTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import path end to end inside the service, against real Kafka and PostgreSQL, with OpenSSL making the PFX
 * and opening what each device receives: import over the Graph API, fan-out to the user's devices (before and
 * after enrolment), exactly one delivery per device, removal on deletion and retirement.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class PfxImportFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectKafka
    String bootstrapServers;

    @TestHTTPResource("/")
    URL base;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @TempDir
    Path dir;

    @Test
    void deliversAnImportToEveryDeviceOfTheUserAndEachOpensItWithItsOwnKey() throws IOException {
        String tenant = "tenant-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        String upn = "alice-" + UUID.randomUUID() + "@contoso.test";
        Device laptop = Fixtures.device(userId, upn);
        Device phone = Fixtures.device(userId, upn);
        TestTopics.produce(bootstrapServers, Fixtures.enrolled(tenant, laptop));
        String publicKey = Fixtures.importKey(tenant, "smime-2026");
        Pfx pfx = Fixtures.pfx(dir, "Alice Smime", "Pässwörd-1");

        // The import can only find the user once the laptop's enrolment has been read.
        JsonPath created = org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> Fixtures.importPfx(
                                tenant, Fixtures.body(pfx, upn, "smime-2026", publicKey, "oaepSha512")),
                        response -> response.statusCode() != 422
                                || !response.body().asString().contains("unknown-user"))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String id = userId + "-" + pfx.thumbprint();
        assertThat(created.getString("id")).isEqualTo(id);
        assertThat(created.getString("thumbprint")).isEqualTo(pfx.thumbprint());
        assertThat(created.getString("encryptedPfxBlob")).isEqualTo(pfx.base64());

        List<PfxImported> imported = TestTopics.consume(
                bootstrapServers,
                Topics.PFX_IMPORTED.name(),
                new PfxImportedDeserializer(),
                event -> event.userPfxCertificateId().equals(id),
                1,
                WAIT);
        assertThat(imported.get(0).toString()).doesNotContain(pfx.password());
        assertThat(openDelivery(tenant, laptop, pfx)).isEqualTo(pfx.thumbprint());

        // A device enrolled after the import gets it too; the laptop's enrolment read again sends nothing.
        TestTopics.produce(bootstrapServers, Fixtures.enrolled(tenant, phone));
        TestTopics.produce(bootstrapServers, Fixtures.enrolled(tenant, laptop));
        assertThat(openDelivery(tenant, phone, pfx)).isEqualTo(pfx.thumbprint());
        assertThat(openDelivery(tenant, laptop, pfx)).isEqualTo(pfx.thumbprint());
    }

    @Test
    void deletionAndRetirementTakeTheCertificateOffEachDeviceOnce() throws IOException {
        String tenant = "tenant-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        String upn = "bob-" + UUID.randomUUID() + "@contoso.test";
        Device kept = Fixtures.device(userId, upn);
        Device retired = Fixtures.device(userId, upn);
        String publicKey = Fixtures.importKey(tenant, "smime");
        Pfx pfx = Fixtures.pfx(dir, "Bob", "bob-secret");
        // Imported before any device is known, with the user's id given (the extension for that case).
        Map<String, Object> body = Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256");
        body.put("userId", userId);
        String id = Fixtures.importPfx(tenant, body)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        TestTopics.produce(bootstrapServers, Fixtures.enrolled(tenant, kept));
        TestTopics.produce(bootstrapServers, Fixtures.enrolled(tenant, retired));
        openDelivery(tenant, kept, pfx);
        openDelivery(tenant, retired, pfx);

        TestTopics.produce(
                bootstrapServers,
                DeviceRetired.of(
                        EventEnvelope.newEnvelope(tenant, UUID.randomUUID().toString(), null),
                        retired.deviceId(),
                        userId,
                        RetireAction.RETIRE));
        removals(tenant, retired, pfx, 1);

        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .delete("/beta/deviceManagement/userPfxCertificates('" + id + "')")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(204);
        // The kept device is told to remove it; the retired one is not told twice.
        removals(tenant, kept, pfx, 1);
        removals(tenant, retired, pfx, 1);
        TestTopics.consume(
                bootstrapServers,
                Topics.PFX_DELETED.name(),
                new PfxDeletedDeserializer(),
                (PfxDeleted event) -> event.userPfxCertificateId().equals(id),
                1,
                WAIT);
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get("/beta/deviceManagement/userPfxCertificates('" + id + "')")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pkcs-connector.dev/problems/unknown-user-pfx-certificate"));
    }

    @Test
    void theAdminCliImportsAnOpenSslPfxThatBothDevicesOfTheUserOpen() throws IOException {
        String tenant = "tenant-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        String upn = "frank-" + UUID.randomUUID() + "@contoso.test";
        Device laptop = Fixtures.device(userId, upn);
        Device phone = Fixtures.device(userId, upn);
        TestTopics.produce(bootstrapServers, Fixtures.enrolled(tenant, laptop));
        TestTopics.produce(bootstrapServers, Fixtures.enrolled(tenant, phone));
        Pfx pfx = Fixtures.pfx(dir, "Frank", "frank-Passw0rd");
        Path passwordFile = dir.resolve("frank-password.txt");
        Files.writeString(passwordFile, pfx.password() + "\n");
        String url = base.toString().replaceAll("/$", "");
        String token = TestTokens.admin(tenant);

        assertThat(cli(
                        "--url",
                        url,
                        "--token",
                        token,
                        "pfx",
                        "keys",
                        "create",
                        "--provider",
                        PROVIDER,
                        "--key-name",
                        "cli-key"))
                .contains("-----BEGIN PUBLIC KEY-----");
        // The user is known once the devices' enrolments are read; the CLI is run as an admin would, again.
        String imported = org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(
                        () -> cliResult(
                                "--url",
                                url,
                                "--token",
                                token,
                                "pfx",
                                "import",
                                "--pfx",
                                pfx.file().toString(),
                                "--password-file",
                                passwordFile.toString(),
                                "--upn",
                                upn,
                                "--purpose",
                                "smimeEncryption",
                                "--provider",
                                PROVIDER,
                                "--key-name",
                                "cli-key",
                                "--padding",
                                "oaepSha512"),
                        result -> result.exitCode() == 0)
                .out();
        String id = userId + "-" + pfx.thumbprint();
        assertThat(imported).contains(id);
        assertThat(cli("--url", url, "--token", token, "pfx", "list", "--upn", upn))
                .contains(id, "smimeEncryption");

        assertThat(openDelivery(tenant, laptop, pfx)).isEqualTo(pfx.thumbprint());
        assertThat(openDelivery(tenant, phone, pfx)).isEqualTo(pfx.thumbprint());

        cli("--url", url, "--token", token, "pfx", "delete", id);
        removals(tenant, laptop, pfx, 1);
        removals(tenant, phone, pfx, 1);
        assertThat(cli("--url", url, "--token", token, "pfx", "list", "--upn", upn))
                .doesNotContain(id);
    }

    @Test
    void theSweepSendsWhatNoFanOutSentAndAnotherUsersIdIsRefused() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        String upn = "gina-" + UUID.randomUUID() + "@contoso.test";
        Device device = Fixtures.device(userId, upn);
        TestTopics.produce(bootstrapServers, Fixtures.enrolled(tenant, device));
        String publicKey = Fixtures.importKey(tenant, "smime");
        Pfx pfx = Fixtures.pfx(dir, "Gina", "gina-pass");
        Map<String, Object> body = Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256");
        body.put("userId", userId);
        Fixtures.importPfx(tenant, body).then().statusCode(201);
        openDelivery(tenant, device, pfx);

        // Gina's user id with someone else's UPN would send that person's private key to Gina's devices.
        Pfx other = Fixtures.pfx(dir, "Mallory", "mallory-pass");
        Map<String, Object> stolen = Fixtures.body(other, "mallory@contoso.test", "smime", publicKey, "oaepSha256");
        stolen.put("userId", userId);
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> Fixtures.importPfx(tenant, stolen)
                .then()
                .statusCode(422)
                .body("type", equalTo("https://pkcs-connector.dev/problems/user-id-mismatch")));

        // A fan-out lost without trace (its record dead-lettered, say): the sweep finds the gap and fills it, once.
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(
                        "DELETE FROM pfx_import.pfx_delivery WHERE tenant_id = ? AND device_id = ?")) {
            statement.setString(1, tenant);
            statement.setString(2, device.deviceId());
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
        TestTopics.consume(
                bootstrapServers,
                Topics.DELIVERY_REQUESTED.name(),
                new DeliveryRequestedDeserializer(),
                event -> event.tenantId().equals(tenant)
                        && event.deviceId().equals(device.deviceId())
                        && event.kind() == DeliveryKind.IMPORTED_PFX,
                2,
                WAIT);
    }

    private record CliResult(int exitCode, String out, String err) {}

    private static CliResult cliResult(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Pkcsctl.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliResult(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String cli(String... args) {
        CliResult result = cliResult(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.out();
    }

    /** Waits for the one importedPfx delivery to the device, opens it as the device would, returns the thumbprint. */
    private String openDelivery(String tenant, Device device, Pfx imported) throws IOException {
        DeliveryRequested delivery = TestTopics.consume(
                        bootstrapServers,
                        Topics.DELIVERY_REQUESTED.name(),
                        new DeliveryRequestedDeserializer(),
                        event -> event.tenantId().equals(tenant)
                                && event.deviceId().equals(device.deviceId())
                                && event.kind() == DeliveryKind.IMPORTED_PFX,
                        1,
                        WAIT)
                .get(0);
        assertThat(delivery.thumbprint()).isEqualTo(imported.thumbprint());
        assertThat(delivery.paddingScheme().wireName()).isEqualTo("oaepSha256");
        byte[] password = PasswordWrapper.unwrap(
                Base64.getDecoder().decode(delivery.encryptedPfxPassword()),
                device.managementKey().getPrivate());
        assertThat(new String(password)).isNotEqualTo(imported.password());
        String name = device.deviceId();
        Files.write(dir.resolve(name + ".pass"), password);
        Files.write(dir.resolve(name + ".pfx"), Base64.getDecoder().decode(delivery.encryptedPfxBlob()));
        String info = OpenSsl.run(
                dir, "pkcs12", "-in", name + ".pfx", "-passin", "file:" + name + ".pass", "-info", "-noout");
        assertThat(info).contains("PBES2", "AES-256-CBC");
        OpenSsl.run(
                dir,
                "pkcs12",
                "-in",
                name + ".pfx",
                "-passin",
                "file:" + name + ".pass",
                "-nokeys",
                "-clcerts",
                "-out",
                name + ".crt");
        OpenSsl.run(
                dir,
                "pkcs12",
                "-in",
                name + ".pfx",
                "-passin",
                "file:" + name + ".pass",
                "-nocerts",
                "-nodes",
                "-out",
                name + ".key");
        // The key in the PFX is the certificate's key.
        assertThat(OpenSsl.run(dir, "pkey", "-in", name + ".key", "-pubout"))
                .isEqualTo(OpenSsl.run(dir, "x509", "-in", name + ".crt", "-noout", "-pubkey"));
        String fingerprint = OpenSsl.run(dir, "x509", "-in", name + ".crt", "-noout", "-fingerprint", "-sha1");
        return fingerprint.substring(fingerprint.indexOf('=') + 1).strip().replace(":", "");
    }

    private void removals(String tenant, Device device, Pfx pfx, int expected) {
        List<DeliveryRequested> removals = TestTopics.consume(
                bootstrapServers,
                Topics.DELIVERY_REQUESTED.name(),
                new DeliveryRequestedDeserializer(),
                event -> event.tenantId().equals(tenant)
                        && event.deviceId().equals(device.deviceId())
                        && event.kind() == DeliveryKind.REMOVE,
                expected,
                WAIT);
        assertThat(removals).allSatisfy(removal -> {
            assertThat(removal.thumbprint()).isEqualTo(pfx.thumbprint());
            assertThat(removal.encryptedPfxBlob()).isNull();
            assertThat(removal.cancelsDeliveryId())
                    .as("the install it takes back")
                    .isNotNull();
        });
    }
}
