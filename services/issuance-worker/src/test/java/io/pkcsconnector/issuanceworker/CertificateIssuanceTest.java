package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.PaddingScheme;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.OpenSsl;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request becomes one certificate whose PFX and password only the device can open, checked with OpenSSL. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class CertificateIssuanceTest {

    private static final Logger LOG = Logger.getLogger(CertificateIssuanceTest.class);

    @InjectKafka
    String bootstrapServers;

    @Inject
    IssuingCa ca;

    @Inject
    ConnectorIdentity identity;

    @Inject
    AgroalDataSource dataSource;

    @TempDir
    Path dir;

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
    void issuesOneCertificateThatOnlyTheDeviceCanOpenAndThatChainsToTheCa() throws Exception {
        String requestId = Requests.newRequestId();
        CertificateRequested request = Requests.request(requestId, KeyAlgorithm.RSA_2048);
        requests.send(request);

        CertificateIssued issued = awaitIssued(requestId);
        assertThat(issued.tenantId()).isEqualTo(Requests.TENANT);
        assertThat(issued.deviceId()).isEqualTo(request.deviceId());
        assertThat(issued.caId()).isEqualTo(ca.authority().caId());
        assertThat(issued.connectorId()).isEqualTo(identity.connectorId());
        assertThat(issued.paddingScheme()).isEqualTo(PaddingScheme.OAEP_SHA256);
        assertThat(issued.keyLength()).isEqualTo(2048);
        assertThat(issued.serialNumber()).hasSize(40);
        assertThat(issued.subjectName()).isEqualTo("CN=Jane Doe,OU=Devices,O=Example Corp");
        assertThat(issued.extendedKeyUsages()).contains("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4");

        // The device unwraps the password with its private key: RSA-OAEP, SHA-256 for OAEP and MGF1.
        Files.writeString(dir.resolve("device.key"), Pem.privateKey(Requests.DEVICE_KEY.getPrivate()));
        Files.write(dir.resolve("password.enc"), Base64.getDecoder().decode(issued.encryptedPfxPassword()));
        OpenSsl.run(
                dir,
                "pkeyutl",
                "-decrypt",
                "-inkey",
                "device.key",
                "-in",
                "password.enc",
                "-out",
                "password.txt",
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-pkeyopt",
                "rsa_oaep_md:sha256",
                "-pkeyopt",
                "rsa_mgf1_md:sha256");
        String password = Files.readString(dir.resolve("password.txt"), StandardCharsets.US_ASCII);
        assertThat(password).matches("[A-Za-z0-9_-]{24}");

        // OpenSSL 3 opens the PFX without -legacy: PBES2/AES-256 bags and an HMAC-SHA256 MAC.
        Files.write(dir.resolve("issued.p12"), Base64.getDecoder().decode(issued.encryptedPfxBlob()));
        OpenSsl.run(dir, "pkcs12", "-in", "issued.p12", "-passin", "file:password.txt", "-noout");
        OpenSsl.run(
                dir,
                "pkcs12",
                "-in",
                "issued.p12",
                "-passin",
                "file:password.txt",
                "-nokeys",
                "-clcerts",
                "-out",
                "leaf.pem");
        OpenSsl.run(
                dir,
                "pkcs12",
                "-in",
                "issued.p12",
                "-passin",
                "file:password.txt",
                "-nocerts",
                "-nodes",
                "-out",
                "key.pem");
        String leafKey = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-pubkey");
        String privateKeysPublicHalf = OpenSsl.run(dir, "pkey", "-in", "key.pem", "-pubout");
        assertThat(privateKeysPublicHalf.strip()).isEqualTo(leafKey.strip());
        assertThat(OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-serial"))
                .isEqualToIgnoringCase("serial=" + issued.serialNumber() + "\n");

        Files.writeString(
                dir.resolve("root.pem"), Pem.certificate(ca.authority().rootCertificate()));
        Files.writeString(
                dir.resolve("issuing.pem"), Pem.certificate(ca.authority().issuingCertificate()));
        assertThat(OpenSsl.run(
                        dir,
                        "verify",
                        "-x509_strict",
                        "-purpose",
                        "sslclient",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "issuing.pem",
                        "leaf.pem"))
                .contains("leaf.pem: OK");

        // Recorded once; neither the clear password nor a private key is stored anywhere.
        List<Map<String, Object>> rows = tables.requests(requestId);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("issued");
            assertThat(row.get("serial_number")).isEqualTo(issued.serialNumber());
            assertThat(row.get("thumbprint")).isEqualTo(issued.thumbprint());
            assertThat(row.get("owner_token")).isNull();
        });
        assertThat(tables.serials(requestId)).singleElement().satisfies(serial -> assertThat(serial.get("status"))
                .isEqualTo("issued"));
        String stored = tables.everythingStoredFor(requestId);
        assertThat(stored)
                .contains(issued.serialNumber())
                .doesNotContain(password)
                .doesNotContain("PRIVATE KEY");
        assertThat(topics.issued(requestId)).hasSize(1);
    }

    @Test
    void measuresRequestToIssuedLatency() {
        int count = 20;
        List<Long> latenciesMillis = new ArrayList<>();
        Set<String> serials = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String requestId = Requests.newRequestId();
            long sent = System.nanoTime();
            requests.send(Requests.request(requestId));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() ->
                            !topics.on(Topics.CERT_ISSUED.name(), requestId).isEmpty());
            long seen = topics.on(Topics.CERT_ISSUED.name(), requestId).get(0).seenAtNanos();
            latenciesMillis.add(Duration.ofNanos(seen - sent).toMillis());
            serials.add(topics.issued(requestId).get(0).serialNumber());
        }
        Collections.sort(latenciesMillis);
        LOG.infof(
                "Request produced -> CertificateIssued consumed, %d sequential ecP256 requests: p50 %d ms, p90 %d ms,"
                        + " max %d ms (all: %s)",
                count,
                latenciesMillis.get(count / 2),
                latenciesMillis.get(count * 9 / 10),
                latenciesMillis.get(count - 1),
                latenciesMillis);
        assertThat(serials).as("one new certificate per request").hasSize(count);
    }

    private CertificateIssued awaitIssued(String requestId) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !topics.issued(requestId).isEmpty());
        return topics.issued(requestId).get(0);
    }
}
