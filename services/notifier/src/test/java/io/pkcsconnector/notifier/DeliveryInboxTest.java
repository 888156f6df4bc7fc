package io.pkcsconnector.notifier;

import static io.pkcsconnector.notifier.TestEvents.certificateIssued;
import static io.pkcsconnector.notifier.TestEvents.deliveryRequested;
import static io.pkcsconnector.notifier.TestEvents.id;
import static io.pkcsconnector.notifier.TestInbox.awaitItems;
import static io.pkcsconnector.notifier.TestInbox.path;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.CertificateIssuedDeserializer;
import io.pkcsconnector.pki.PasswordGenerator;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events in, inbox out: what the notifier stores from Kafka and who may read it. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class DeliveryInboxTest {

    private static final String STORED = "pkcs_notifier_deliveries_stored_total";
    private static final String DUPLICATES = "pkcs_notifier_duplicates_total";

    @InjectKafka
    String bootstrapServers;

    private TestKafka kafka;
    private final String tenant = "tenant-" + id();
    private final String device = "device-" + id();
    private String deviceToken;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        deviceToken = TestTokens.device(tenant, device);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void issuedCertificateBecomesAPkcsDeliveryTheDeviceCanOpen() throws Exception {
        String requestId = id();
        CertificateIssued issued = certificateIssued(tenant, requestId, device);
        double storedBefore = TestMetrics.counter(STORED, "kind", "pkcs");

        kafka.send(issued);

        Map<String, Object> item = awaitItems(deviceToken, device, 1).get(0);
        assertThat(item)
                .containsEntry("deliveryId", requestId)
                .containsEntry("kind", "pkcs")
                .containsEntry("requestId", requestId)
                .containsEntry("serialNumber", issued.serialNumber())
                .containsEntry("thumbprint", issued.thumbprint())
                .containsEntry("encryptedPfxBlob", issued.encryptedPfxBlob())
                .containsEntry("encryptedPfxPassword", issued.encryptedPfxPassword())
                .containsEntry("paddingScheme", "oaepSha256")
                .containsEntry("certificatePem", null)
                .containsEntry("status", "pending")
                .containsEntry("errorCode", null)
                .containsEntry("acknowledgedDateTime", null);
        assertThat(Instant.parse((String) item.get("createdDateTime"))).isBeforeOrEqualTo(Instant.now());
        assertThat((String) item.get("cursor")).isNotBlank();
        assertThat(TestMetrics.counter(STORED, "kind", "pkcs")).isEqualTo(storedBefore + 1);

        // Only the device's private key opens what it received: the bytes passed through untouched.
        byte[] password = PasswordWrapper.unwrap(
                Base64.getDecoder().decode((String) item.get("encryptedPfxPassword")),
                TestPki.deviceKey().getPrivate());
        KeyStore pfx = KeyStore.getInstance("PKCS12");
        pfx.load(
                new ByteArrayInputStream(Base64.getDecoder().decode((String) item.get("encryptedPfxBlob"))),
                PasswordGenerator.fromBytes(password));
        String alias = Collections.list(pfx.aliases()).get(0);
        assertThat(pfx.isKeyEntry(alias)).isTrue();
        X509Certificate leaf = (X509Certificate) pfx.getCertificate(alias);
        assertThat(leaf.getSerialNumber().toString(16))
                .isEqualTo(issued.serialNumber().replaceFirst("^0+", ""));
    }

    @Test
    void redeliveredAndReplayedCertificateEventsMakeOneDelivery() {
        String requestId = id();
        CertificateIssued issued = certificateIssued(tenant, requestId, device);
        double duplicatesBefore = TestMetrics.counter(DUPLICATES, "source", "cert-issued");

        kafka.send(issued);
        kafka.send(issued);
        kafka.send(TestEvents.republished(issued));
        // The same request id re-issued by a connector that lost its state: another certificate, still one delivery.
        kafka.send(certificateIssued(tenant, requestId, device));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestMetrics.counter(DUPLICATES, "source", "cert-issued") >= duplicatesBefore + 3);
        List<Map<String, Object>> items = awaitItems(deviceToken, device, 1);
        assertThat(items.get(0)).containsEntry("deliveryId", requestId);
        assertThat(items.get(0)).containsEntry("serialNumber", issued.serialNumber());
    }

    @Test
    void deliveriesOfEveryKindAreStoredWithTheFieldsOfTheirKind() {
        DeliveryRequested imported = deliveryRequested(tenant, device, DeliveryKind.IMPORTED_PFX, null);
        DeliveryRequested root = deliveryRequested(tenant, device, DeliveryKind.TRUSTED_ROOT, null);
        DeliveryRequested remove = deliveryRequested(tenant, device, DeliveryKind.REMOVE, null);
        String issuanceRequestId = id();
        DeliveryRequested pkcs = deliveryRequested(tenant, device, DeliveryKind.PKCS, issuanceRequestId);

        for (DeliveryRequested event : List.of(imported, root, remove, pkcs)) {
            kafka.send(event);
        }

        List<Map<String, Object>> items = awaitItems(deviceToken, device, 4);
        assertThat(items)
                .extracting(i -> i.get("deliveryId"))
                .containsExactly(imported.deliveryId(), root.deliveryId(), remove.deliveryId(), pkcs.deliveryId());
        assertThat(items.get(0))
                .containsEntry("kind", "importedPfx")
                .containsEntry("requestId", null)
                .containsEntry("encryptedPfxBlob", imported.encryptedPfxBlob())
                .containsEntry("encryptedPfxPassword", imported.encryptedPfxPassword())
                .containsEntry("paddingScheme", "oaepSha256")
                .containsEntry("certificatePem", null)
                .containsEntry("destinationStore", null);
        assertThat(items.get(1))
                .containsEntry("kind", "trustedRoot")
                .containsEntry("certificatePem", root.certificatePem())
                .containsEntry("destinationStore", "computerCertStoreRoot")
                .containsEntry("thumbprint", root.thumbprint())
                .containsEntry("encryptedPfxBlob", null)
                .containsEntry("encryptedPfxPassword", null)
                .containsEntry("paddingScheme", null);
        assertThat(items.get(2))
                .containsEntry("kind", "remove")
                .containsEntry("serialNumber", remove.serialNumber())
                .containsEntry("thumbprint", remove.thumbprint())
                .containsEntry("encryptedPfxBlob", null)
                .containsEntry("certificatePem", null);
        assertThat(items.get(3))
                .containsEntry("kind", "pkcs")
                .containsEntry("requestId", issuanceRequestId)
                .containsEntry("encryptedPfxBlob", pkcs.encryptedPfxBlob());
        assertThat(items).allSatisfy(item -> assertThat(item).containsEntry("status", "pending"));
    }

    @Test
    void aRemovalThatOvertookItsInstallKeepsTheInstallOutOfTheInbox() {
        DeliveryRequested install = deliveryRequested(tenant, device, DeliveryKind.IMPORTED_PFX, null);
        DeliveryRequested removal = DeliveryRequested.removal(
                EventEnvelope.newEnvelope(tenant, id(), null),
                device,
                install.serialNumber(),
                install.thumbprint(),
                install.deliveryId());
        DeliveryRequested other = deliveryRequested(tenant, device, DeliveryKind.IMPORTED_PFX, null);

        // Published out of order: the removal first, then the install it takes back, then an unrelated one.
        kafka.send(removal);
        kafka.send(install);
        kafka.send(other);

        List<Map<String, Object>> items = awaitItems(deviceToken, device, 2);
        assertThat(items)
                .extracting(i -> i.get("deliveryId"))
                .containsExactly(removal.deliveryId(), other.deliveryId());
        assertThat(TestMetrics.counter("pkcs_notifier_deliveries_cancelled_total", "kind", "importedPfx"))
                .isGreaterThanOrEqualTo(1.0);
        // The install redelivered later is still kept out.
        kafka.send(install);
        DeliveryRequested last = deliveryRequested(tenant, device, DeliveryKind.TRUSTED_ROOT, null);
        kafka.send(last);
        assertThat(awaitItems(deviceToken, device, 3))
                .extracting(i -> i.get("deliveryId"))
                .containsExactly(removal.deliveryId(), other.deliveryId(), last.deliveryId());
    }

    @Test
    void aDeliveryIdSeenBeforeAndACertificateDeliveredBeforeAreDuplicates() {
        String requestId = id();
        kafka.send(certificateIssued(tenant, requestId, device));
        awaitItems(deviceToken, device, 1);
        DeliveryRequested imported = deliveryRequested(tenant, device, DeliveryKind.IMPORTED_PFX, null);
        double duplicatesBefore = TestMetrics.counter(DUPLICATES, "source", "delivery-requested");

        kafka.send(imported);
        kafka.send(imported);
        // The same certificate request announced again on the delivery topic, by a producer that sends both.
        kafka.send(deliveryRequested(tenant, device, DeliveryKind.PKCS, requestId));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestMetrics.counter(DUPLICATES, "source", "delivery-requested") >= duplicatesBefore + 2);
        assertThat(awaitItems(deviceToken, device, 2))
                .extracting(i -> i.get("deliveryId"))
                .containsExactly(requestId, imported.deliveryId());
    }

    @Test
    void theCursorPagesThroughTheInboxInOrderAndStaysPutWhenNothingIsNew() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DeliveryRequested event = deliveryRequested(tenant, device, DeliveryKind.REMOVE, null);
            ids.add(event.deliveryId());
            kafka.send(event);
        }
        awaitItems(deviceToken, device, 5);

        JsonPath first = page(null, 2);
        assertThat(first.getList("items.deliveryId")).containsExactlyElementsOf(ids.subList(0, 2));
        assertThat(first.getString("nextCursor")).isEqualTo(first.getString("items[1].cursor"));
        JsonPath second = page(first.getString("nextCursor"), 2);
        assertThat(second.getList("items.deliveryId")).containsExactlyElementsOf(ids.subList(2, 4));
        JsonPath third = page(second.getString("nextCursor"), 2);
        assertThat(third.getList("items.deliveryId")).containsExactlyElementsOf(ids.subList(4, 5));
        JsonPath caughtUp = page(third.getString("nextCursor"), 2);
        assertThat(caughtUp.getList("items")).isEmpty();
        assertThat(caughtUp.getString("nextCursor")).isEqualTo(third.getString("nextCursor"));

        // A new delivery shows up after the cursor the device holds, and only it.
        DeliveryRequested later = deliveryRequested(tenant, device, DeliveryKind.REMOVE, null);
        kafka.send(later);
        JsonPath next = await().atMost(Duration.ofSeconds(30))
                .until(() -> page(caughtUp.getString("nextCursor"), 2), p -> !p.getList("items")
                        .isEmpty());
        assertThat(next.getList("items.deliveryId")).containsExactly(later.deliveryId());

        JsonPath all = given().auth()
                .oauth2(deviceToken)
                .get(path(device))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(all.getList("items")).hasSize(6);
    }

    @Test
    void badCursorsAndLimitsAre400ProblemJson() {
        String notOurs =
                Base64.getUrlEncoder().withoutPadding().encodeToString("v1:-1".getBytes(StandardCharsets.US_ASCII));
        for (String after : List.of("garbage!", "djE6", notOurs, "x".repeat(100))) {
            given().auth()
                    .oauth2(deviceToken)
                    .queryParam("after", after)
                    .get(path(device))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("type", containsString("invalid-cursor"));
        }
        for (String limit : List.of("0", "-1", "501", "abc", "1.5", "99999999999")) {
            given().auth()
                    .oauth2(deviceToken)
                    .queryParam("limit", limit)
                    .get(path(device))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", containsString("invalid-limit"))
                    .body("detail", containsString("500"));
        }
    }

    @Test
    void anotherDeviceOfTheSameTenantIsForbiddenAndAnAdminOfTheTenantMayRead() {
        kafka.send(certificateIssued(tenant, id(), device));
        awaitItems(deviceToken, device, 1);

        given().auth()
                .oauth2(TestTokens.device(tenant, "device-" + id()))
                .get(path(device))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body(not(containsString("encryptedPfx")));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get(path(device))
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
        given().auth()
                .oauth2(TestTokens.connector(tenant))
                .get(path(device))
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().get(path(device)).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theSameDeviceIdInAnotherTenantIsNotFound() {
        kafka.send(certificateIssued(tenant, id(), device));
        awaitItems(deviceToken, device, 1);
        String otherTenant = "tenant-" + id();

        for (String token : List.of(TestTokens.device(otherTenant, device), TestTokens.admin(otherTenant))) {
            given().auth()
                    .oauth2(token)
                    .get(path(device))
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("status", equalTo(404))
                    .body(not(containsString(tenant)))
                    .body(not(containsString("encryptedPfx")));
        }
    }

    @Test
    void anEnrolledDeviceWithoutDeliveriesHasAnEmptyInboxAndAnUnknownOneIsNotFound() {
        given().auth().oauth2(deviceToken).get(path(device)).then().statusCode(404);

        kafka.send(TestEvents.deviceEnrolled(tenant, device));

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        given().auth().oauth2(deviceToken).get(path(device)).statusCode() == 200);
        given().auth()
                .oauth2(deviceToken)
                .get(path(device))
                .then()
                .statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndDoNotBlockTheirPartition() {
        String requestId = id();
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        // Valid JSON, but a clear password where the wrapped one belongs: the contract refuses it.
        String clear = Base64.getEncoder().encodeToString("hunter2".getBytes(StandardCharsets.UTF_8));
        CertificateIssued valid = certificateIssued(tenant, requestId, device);
        byte[] breaksContract = EventJson.toJson(valid)
                .replace(valid.encryptedPfxPassword(), clear)
                .getBytes(StandardCharsets.UTF_8);
        String certIssued = Topics.CERT_ISSUED.name();

        // Same key, so the same partition: the valid event is behind both poison records.
        kafka.sendRaw(certIssued, requestId, notJson);
        kafka.sendRaw(certIssued, requestId, breaksContract);
        kafka.send(valid);

        assertThat(awaitItems(deviceToken, device, 1).get(0)).containsEntry("deliveryId", requestId);
        List<ConsumerRecord<String, byte[]>> parked = kafka.readUntil(
                "pki.cert-issued.v1.notifier.dlq",
                new ByteArrayDeserializer(),
                record -> requestId.equals(record.key()),
                seen -> seen.size() >= 2);
        assertThat(parked).extracting(ConsumerRecord::value).containsExactly(notJson, breaksContract);
        assertThat(parked).allSatisfy(record -> {
            assertThat(record.headers().lastHeader("dead-letter-reason")).isNotNull();
            assertThat(new String(
                            record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                    .doesNotContain("hunter2");
        });
    }

    @Test
    void poisonDeliveryRequestsGoToTheirDeadLetterTopicAndDoNotBlockTheDevice() {
        byte[] notAnEvent = "[]".getBytes(StandardCharsets.UTF_8);
        DeliveryRequested valid = deliveryRequested(tenant, device, DeliveryKind.IMPORTED_PFX, null);

        kafka.sendRaw(Topics.DELIVERY_REQUESTED.name(), device, notAnEvent);
        kafka.send(valid);

        assertThat(awaitItems(deviceToken, device, 1).get(0)).containsEntry("deliveryId", valid.deliveryId());
        List<ConsumerRecord<String, byte[]>> parked = kafka.readUntil(
                Topics.DELIVERY_REQUESTED_DLQ.name(),
                new ByteArrayDeserializer(),
                record -> device.equals(record.key()),
                seen -> !seen.isEmpty());
        assertThat(parked).extracting(ConsumerRecord::value).containsExactly(notAnEvent);
        assertThat(Set.of(new String(
                        parked.get(0).headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8)))
                .containsExactly(Topics.DELIVERY_REQUESTED.name());
    }

    @Test
    void anEventTheDatabaseRefusesIsRetriedThenParkedWithoutBlockingItsPartition() {
        String requestId = id();
        // A valid event that PostgreSQL cannot store (text never holds NUL): a failure on every attempt.
        CertificateIssued unstorable = certificateIssued(tenant + "\u0000", requestId, device);
        CertificateIssued valid = certificateIssued(tenant, requestId, device);

        kafka.send(unstorable);
        kafka.send(valid);

        assertThat(awaitItems(deviceToken, device, 1).get(0))
                .containsEntry("deliveryId", requestId)
                .containsEntry("serialNumber", valid.serialNumber());
        List<ConsumerRecord<String, CertificateIssued>> parked = kafka.readUntil(
                "pki.cert-issued.v1.notifier.dlq",
                new CertificateIssuedDeserializer(),
                record -> requestId.equals(record.key()),
                seen -> !seen.isEmpty());
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).value().eventId()).isEqualTo(unstorable.eventId());
        assertThat(parked.get(0).value().encryptedPfxBlob()).isEqualTo(unstorable.encryptedPfxBlob());
        assertThat(parked.get(0).headers().lastHeader("dead-letter-reason")).isNotNull();
    }

    private JsonPath page(String after, int limit) {
        var request = given().auth().oauth2(deviceToken).queryParam("limit", limit);
        if (after != null) {
            request = request.queryParam("after", after);
        }
        return request.get(path(device)).then().statusCode(200).extract().jsonPath();
    }
}
