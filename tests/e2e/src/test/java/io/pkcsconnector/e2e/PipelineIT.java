package io.pkcsconnector.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.Pem;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole issuance pipeline across process boundaries: request-intake → Kafka → issuance-worker → Kafka
 * → notifier, with OpenSSL as the device. Then the faults the historic reprocessing-loop bug was about:
 * duplicate request events, a consumer group reset to the earliest offset, and a worker SIGKILLed mid-load.
 * After each, every request has exactly one certificate serial and exactly one delivery. Then revocation to OCSP
 * and the CRL, and an imported PFX (pfx-import) reaching both devices of the user through the notifier.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    static final String TENANT = "tenant-e2e";
    static final String DEVICE = "e2e-device";

    static ServiceProcesses stack;
    static PipelineClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        stack = new ServiceProcesses();
        stack.startAll();
        client = new PipelineClient(stack, TENANT, DEVICE, "e2e-wifi").setUp();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    static String admin() {
        return client.admin();
    }

    static String device() {
        return client.device();
    }

    static String request() {
        return client.request();
    }

    static Map<String, Object> awaitDelivery(String requestId) {
        return client.awaitDelivery(requestId);
    }

    static void assertExactlyOnce(List<String> ids) {
        client.assertExactlyOnce(ids, Duration.ofSeconds(120));
    }

    @Test
    @Order(1)
    void aDeviceReceivesAPfxThatOpenSslOpensAndVerifies() throws Exception {
        List<Long> latencies = new ArrayList<>();
        Map<String, Object> delivery = null;
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            String id = request();
            delivery = awaitDelivery(id);
            latencies.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(latencies);
        System.out.printf(
                "request -> delivery latency over %d sequential requests: p50 %d ms, max %d ms%n",
                latencies.size(), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));

        Path leaf = OpenSsl.openDelivery(dir, client.deviceKeys.getPrivate(), delivery);

        byte[] rootDer = given().get(stack.url("request-intake") + "/v1/ca/root.cer")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        Path rootCer = Files.write(dir.resolve("root.cer"), rootDer);
        Path root = dir.resolve("root.pem");
        OpenSsl.run("x509", "-inform", "DER", "-in", rootCer.toString(), "-out", root.toString());
        Path chain = Files.writeString(
                dir.resolve("chain.pem"),
                given().get(stack.url("request-intake") + "/v1/ca/chain.pem")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(OpenSsl.run(
                        "verify",
                        "-x509_strict",
                        "-CAfile",
                        root.toString(),
                        "-untrusted",
                        chain.toString(),
                        leaf.toString()))
                .contains(": OK");
        assertThat(OpenSsl.run("x509", "-in", leaf.toString(), "-noout", "-ext", "subjectAltName,extendedKeyUsage"))
                .contains("e2e.user@contoso.test")
                .contains("TLS Web Client Authentication");

        String deliveryId = (String) delivery.get("deliveryId");
        given().auth()
                .oauth2(device())
                .contentType(ContentType.JSON)
                .body(Map.of("status", "installed"))
                .post(stack.url("notifier") + "/v1/devices/" + DEVICE + "/deliveries/" + deliveryId + "/ack")
                .then()
                .statusCode(200);
        String lastId = client.requestIds.get(client.requestIds.size() - 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "installed"
                .equals(given().auth()
                        .oauth2(admin())
                        .get(stack.url("request-intake") + "/v1/certificate-requests/" + lastId)
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("status")));
    }

    @Test
    @Order(2)
    void duplicateRequestEventsProduceNoSecondCertificate() {
        String id = request();
        awaitDelivery(id);
        // Redeliver the original request event twice, byte for byte, as a broker or a replaying producer would.
        byte[][] original = new byte[1][];
        String[] key = new String[1];
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "e2e-copy-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(CertificateRequested.TOPIC.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains(id)) {
                        original[0] = r.value();
                        key[0] = r.key();
                    }
                });
                return original[0] != null;
            });
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(CertificateRequested.TOPIC.name(), key[0], original[0]));
            producer.send(new ProducerRecord<>(CertificateRequested.TOPIC.name(), key[0], original[0]));
        }
        String after = request();
        awaitDelivery(after);
        assertExactlyOnce(List.copyOf(client.requestIds));
    }

    @Test
    @Order(3)
    void consumerGroupResetToEarliestReissuesNothing() throws Exception {
        List<String> before = List.copyOf(client.requestIds);
        stack.stop("issuance-worker");
        try (var admin = stack.kafka().admin()) {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(List.of(CertificateRequested.TOPIC.name()))
                    .allTopicNames()
                    .get()
                    .get(CertificateRequested.TOPIC.name())
                    .partitions()
                    .forEach(p -> partitions.add(new TopicPartition(CertificateRequested.TOPIC.name(), p.partition())));
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(p -> earliest.put(p, OffsetSpec.earliest()));
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            admin.listOffsets(earliest).all().get().forEach((p, o) -> reset.put(p, new OffsetAndMetadata(o.offset())));
            admin.alterConsumerGroupOffsets("issuance-worker", reset).all().get();
        }
        stack.start("issuance-worker");
        stack.awaitReady("issuance-worker");
        String fresh = request();
        awaitDelivery(fresh);
        assertThat(before).isNotEmpty();
        assertExactlyOnce(List.copyOf(client.requestIds));
    }

    @Test
    @Order(4)
    void aWorkerKilledMidLoadLosesNothingAndIssuesNothingTwice() throws Exception {
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(request());
        }
        awaitDelivery(burst.get(0));
        stack.kill("issuance-worker");
        for (int i = 0; i < 5; i++) {
            burst.add(request());
        }
        stack.start("issuance-worker");
        stack.awaitReady("issuance-worker");
        assertExactlyOnce(List.copyOf(client.requestIds));
    }

    @Test
    @Order(5)
    void anAdminRevocationReachesOcspAndTheCrlAcrossProcesses() throws Exception {
        String id = request();
        awaitDelivery(id);
        String serial = given().auth()
                .oauth2(admin())
                .get(stack.url("request-intake") + "/v1/certificate-requests/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("serialNumber");
        byte[] issuingDer = given().get(stack.url("revocation-worker") + "/v1/ca/issuing.cer")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        Path issuingCer = Files.write(dir.resolve("issuing.cer"), issuingDer);
        Path issuing = dir.resolve("issuing.pem");
        OpenSsl.run("x509", "-inform", "DER", "-in", issuingCer.toString(), "-out", issuing.toString());
        String ocspUrl = stack.url("revocation-worker") + "/v1/ocsp";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ocsp(issuing, serial, ocspUrl).contains(": good"));

        long t0 = System.nanoTime();
        String revocation = given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("serialNumber", serial, "reason", "keyCompromise"))
                .post(stack.url("request-intake") + "/v1/revocations")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ocsp(issuing, serial, ocspUrl).contains(": revoked"));
        long ocspMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ocsp(issuing, serial, ocspUrl)).contains("Reason: keyCompromise");
        await().atMost(Duration.ofSeconds(30)).until(() -> "revoked"
                .equals(given().auth()
                        .oauth2(admin())
                        .get(stack.url("request-intake") + "/v1/revocations/" + revocation)
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("status")));
        long intakeMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(given().auth()
                        .oauth2(admin())
                        .get(stack.url("request-intake") + "/v1/certificate-requests/" + id)
                        .then()
                        .extract()
                        .jsonPath()
                        .getString("status"))
                .isEqualTo("revoked");
        // A CRL of the revocation worker (the issuing CA's; it also publishes the root's) lists the serial.
        List<String> caIds = given()
                .get(stack.url("revocation-worker") + "/q/health/ready")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("checks.find { it.name == 'crl' }.data")
                .keySet()
                .stream()
                .map(Object::toString)
                .toList();
        assertThat(caIds).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> caIds.stream().anyMatch(ca -> crlLists(ca, serial)));
        System.out.printf(
                "revocation -> OCSP revoked %d ms, -> request-intake shows revoked %d ms%n", ocspMs, intakeMs);
    }

    @Test
    @Order(6)
    void anImportedPfxReachesEveryDeviceOfTheUserAcrossProcesses() throws Exception {
        // The user's second device, enrolled through request-intake like the first.
        KeyPair phoneKeys = KeyAlgorithm.RSA_2048.generateKeyPair();
        String phone = "e2e-phone";
        given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "deviceId", phone,
                        "platform", "android",
                        "userId", "user-e2e",
                        "userPrincipalName", "e2e.user@contoso.test",
                        "managementPublicKey", Pem.publicKey(phoneKeys.getPublic())))
                .post(stack.url("request-intake") + "/v1/devices")
                .then()
                .statusCode(201);

        // The admin's side, all OpenSSL: the PFX, and its password encrypted with the import key (OAEP SHA-256).
        OpenSsl.run(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=E2E User",
                "-addext",
                "extendedKeyUsage=emailProtection",
                "-keyout",
                dir.resolve("smime.key").toString(),
                "-out",
                dir.resolve("smime.crt").toString());
        Files.writeString(dir.resolve("smime.pass"), "e2e-smime-password");
        OpenSsl.run(
                "pkcs12",
                "-export",
                "-inkey",
                dir.resolve("smime.key").toString(),
                "-in",
                dir.resolve("smime.crt").toString(),
                "-passout",
                "file:" + dir.resolve("smime.pass"),
                "-out",
                dir.resolve("smime.pfx").toString());
        String thumbprint = fingerprint(dir.resolve("smime.crt"));
        String importKey = given().auth()
                .oauth2(admin())
                .contentType(ContentType.JSON)
                .body(Map.of("providerName", "e2e", "keyName", "smime"))
                .post(stack.url("pfx-import") + "/v1/pfx-import/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("publicKey");
        Files.writeString(dir.resolve("import.pub"), importKey);
        OpenSsl.run(
                "pkeyutl",
                "-encrypt",
                "-pubin",
                "-inkey",
                dir.resolve("import.pub").toString(),
                "-in",
                dir.resolve("smime.pass").toString(),
                "-out",
                dir.resolve("smime.enc").toString(),
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-pkeyopt",
                "rsa_oaep_md:sha256",
                "-pkeyopt",
                "rsa_mgf1_md:sha256");
        Map<String, Object> body = Map.of(
                "@odata.type", "#microsoft.graph.userPFXCertificate",
                "intendedPurpose", "smimeEncryption",
                "userPrincipalName", "e2e.user@contoso.test",
                "providerName", "e2e",
                "keyName", "smime",
                "paddingScheme", "oaepSha256",
                "encryptedPfxBlob", Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("smime.pfx"))),
                "encryptedPfxPassword",
                        Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("smime.enc"))));
        // pfx-import knows the user once it has read an enrolment from pki.device-enrolled.v1.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth()
                                .oauth2(admin())
                                .contentType(ContentType.JSON)
                                .body(body)
                                .post(stack.url("pfx-import") + "/beta/deviceManagement/userPfxCertificates")
                                .statusCode()
                        == 201);

        // Each device finds its own copy in the notifier's inbox and opens it with its own key.
        for (Map.Entry<String, KeyPair> device :
                Map.of(DEVICE, client.deviceKeys, phone, phoneKeys).entrySet()) {
            String token = stack.token(TENANT, "device", device.getKey());
            Map<String, Object>[] item = new Map[1];
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        List<Map<String, Object>> items = given().auth()
                                .oauth2(token)
                                .queryParam("limit", 500)
                                .get(stack.url("notifier") + "/v1/devices/" + device.getKey() + "/deliveries")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("items");
                        item[0] = items == null
                                ? null
                                : items.stream()
                                        .filter(i -> "importedPfx".equals(i.get("kind"))
                                                && thumbprint.equals(i.get("thumbprint")))
                                        .findFirst()
                                        .orElse(null);
                        return item[0] != null;
                    });
            String name = device.getKey();
            Files.writeString(
                    dir.resolve(name + ".key"), Pem.privateKey(device.getValue().getPrivate()));
            Files.write(
                    dir.resolve(name + ".pfx"), Base64.getDecoder().decode((String) item[0].get("encryptedPfxBlob")));
            Files.write(dir.resolve(name + ".enc"), Base64.getDecoder().decode((String)
                    item[0].get("encryptedPfxPassword")));
            OpenSsl.run(
                    "pkeyutl",
                    "-decrypt",
                    "-inkey",
                    dir.resolve(name + ".key").toString(),
                    "-in",
                    dir.resolve(name + ".enc").toString(),
                    "-out",
                    dir.resolve(name + ".pass").toString(),
                    "-pkeyopt",
                    "rsa_padding_mode:oaep",
                    "-pkeyopt",
                    "rsa_oaep_md:sha256",
                    "-pkeyopt",
                    "rsa_mgf1_md:sha256");
            OpenSsl.run(
                    "pkcs12",
                    "-in",
                    dir.resolve(name + ".pfx").toString(),
                    "-passin",
                    "file:" + dir.resolve(name + ".pass"),
                    "-nokeys",
                    "-clcerts",
                    "-out",
                    dir.resolve(name + ".crt").toString());
            assertThat(fingerprint(dir.resolve(name + ".crt"))).as(name).isEqualTo(thumbprint);
        }
    }

    private String fingerprint(Path certificate) throws Exception {
        String output = OpenSsl.run("x509", "-in", certificate.toString(), "-noout", "-fingerprint", "-sha1");
        return output.substring(output.indexOf('=') + 1).strip().replace(":", "");
    }

    private boolean crlLists(String caId, String serial) {
        try {
            return crlText(caId).toUpperCase(java.util.Locale.ROOT).contains(serial.toUpperCase(java.util.Locale.ROOT));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String crlText(String caId) throws Exception {
        Path file = Files.write(
                dir.resolve(caId + ".crl"),
                given().get(stack.url("revocation-worker") + "/v1/crl/" + caId + ".crl")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        return OpenSsl.run("crl", "-inform", "DER", "-in", file.toString(), "-noout", "-text");
    }

    private String ocsp(Path issuing, String serial, String url) throws Exception {
        List<String> command = List.of(
                "openssl", "ocsp", "-issuer", issuing.toString(), "-serial", "0x" + serial, "-url", url, "-noverify");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }
}
