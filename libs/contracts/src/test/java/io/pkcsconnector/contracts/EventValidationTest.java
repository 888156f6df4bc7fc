package io.pkcsconnector.contracts;

import static io.pkcsconnector.contracts.GoldenSamples.CERT_REQUEST_ID;
import static io.pkcsconnector.contracts.GoldenSamples.DELIVERY_ID;
import static io.pkcsconnector.contracts.GoldenSamples.DEVICE_CERTIFICATE;
import static io.pkcsconnector.contracts.GoldenSamples.DEVICE_ID;
import static io.pkcsconnector.contracts.GoldenSamples.DEVICE_MANAGEMENT_KEY;
import static io.pkcsconnector.contracts.GoldenSamples.ISSUING_CERTIFICATE;
import static io.pkcsconnector.contracts.GoldenSamples.PFX_BLOB;
import static io.pkcsconnector.contracts.GoldenSamples.ROOT_CERTIFICATE;
import static io.pkcsconnector.contracts.GoldenSamples.SERIAL_NUMBER;
import static io.pkcsconnector.contracts.GoldenSamples.TENANT_ID;
import static io.pkcsconnector.contracts.GoldenSamples.THUMBPRINT;
import static io.pkcsconnector.contracts.GoldenSamples.WRAPPED_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compact constructors, exercised through the JSON reader: a consumer must refuse exactly what a producer
 * cannot build. Each case changes one field of a golden sample.
 */
class EventValidationTest {

    private static final ObjectMapper MAPPER = EventJson.mapper();

    private static final String PRIVATE_KEY_PEM =
            """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIGXx9bnl4fGEBiBxW0ePIN9ZTwP1y3ubMpJxQ3GGtqz1
            -----END PRIVATE KEY-----
            """;
    private static final String CLEAR_PASSWORD = "Summer2026!";
    private static final String ENCODED_CLEAR_PASSWORD =
            Base64.getEncoder().encodeToString(CLEAR_PASSWORD.getBytes(StandardCharsets.UTF_8));

    static Stream<Arguments> invalidFields() {
        List<Arguments> cases = new ArrayList<>();
        for (Topic topic : Topics.all()) {
            if (topic.isDeadLetter()) {
                continue;
            }
            cases.add(arguments(topic, "eventId", "not-a-uuid", "eventId must be a UUID"));
            cases.add(arguments(topic, "eventId", "0D6F1C9E-8A7B-4C5D-9E0F-1A2B3C4D5E6F", "canonical lower-case"));
            cases.add(arguments(topic, "tenantId", " ", "tenantId must not be blank"));
            cases.add(arguments(topic, "requestId", null, "requestId must not be blank"));
            cases.add(arguments(topic, "occurredAt", null, "occurredAt must not be null"));
            cases.add(arguments(topic, "traceId", "4BF92F3577B34DA6A3CE929D0E0E4736", "W3C trace id"));
            cases.add(arguments(topic, "traceId", "", "W3C trace id"));
        }
        Topic requested = Topics.CERT_REQUESTED;
        cases.add(arguments(requested, "deviceId", null, "deviceId must not be blank"));
        cases.add(arguments(requested, "platform", "Windows10", "unknown platform 'Windows10'"));
        cases.add(arguments(requested, "platform", null, "platform must not be null"));
        cases.add(arguments(requested, "keyAlgorithm", "rsa1024", "unknown key algorithm 'rsa1024'"));
        cases.add(arguments(requested, "templateName", "", "templateName must not be blank"));
        cases.add(arguments(requested, "subjectName", null, "subjectName must not be blank"));
        cases.add(arguments(requested, "extendedKeyUsages", List.of("clientAuth"), "dotted OIDs"));
        cases.add(arguments(requested, "extendedKeyUsages", List.of("1.3.6.1.05"), "dotted OIDs"));
        cases.add(arguments(
                requested,
                "subjectAlternativeNames",
                List.of(Map.of("type", "userPrincipalName", "value", "")),
                "subjectAlternativeNames.value must not be blank"));
        cases.add(arguments(
                requested,
                "subjectAlternativeNames",
                List.of(Map.of("type", "otherName", "value", "x")),
                "unknown subject alternative name type"));
        cases.add(arguments(requested, "validityDays", 0, "validityDays must be at least 1"));
        cases.add(arguments(
                requested, "deviceManagementPublicKey", PRIVATE_KEY_PEM, "private keys never go into events"));
        cases.add(arguments(requested, "deviceManagementPublicKey", DEVICE_CERTIFICATE, "found CERTIFICATE"));
        cases.add(arguments(
                requested, "deviceManagementPublicKey", "MIIBIjANBgkqhkiG9w0BAQEFAAOC", "only PEM PUBLIC KEY blocks"));
        cases.add(arguments(
                requested,
                "deviceManagementPublicKey",
                DEVICE_MANAGEMENT_KEY.replace("MIIB", "MI=B"),
                "not valid base64"));
        cases.add(arguments(requested, "supersedesSerialNumber", "4a:3f:9c", "supersedesSerialNumber must be 1 to 40"));

        Topic issued = Topics.CERT_ISSUED;
        cases.add(arguments(issued, "serialNumber", "ab".repeat(20) + "c", "1 to 40 hex digits"));
        cases.add(arguments(issued, "serialNumber", "xyz", "1 to 40 hex digits"));
        cases.add(arguments(issued, "thumbprint", THUMBPRINT.substring(1), "SHA-1 thumbprint"));
        cases.add(arguments(issued, "notAfter", "2026-11-24T19:01:37Z", "must not be before notBefore"));
        cases.add(arguments(issued, "keyLength", 4096, "does not match keyAlgorithm rsa2048"));
        cases.add(arguments(issued, "certificatePem", PRIVATE_KEY_PEM, "private keys never go into events"));
        cases.add(arguments(issued, "certificatePem", DEVICE_MANAGEMENT_KEY, "found PUBLIC KEY"));
        cases.add(arguments(issued, "encryptedPfxBlob", "not base64!", "standard base64"));
        cases.add(arguments(
                issued,
                "encryptedPfxBlob",
                Base64.getEncoder().encodeToString(DEVICE_CERTIFICATE.getBytes(StandardCharsets.US_ASCII)),
                "PKCS#12"));
        cases.add(arguments(issued, "encryptedPfxBlob", "MAQCAQM=", "PKCS#12"));
        cases.add(arguments(issued, "encryptedPfxBlob", null, "encryptedPfxBlob must not be blank"));
        cases.add(arguments(
                issued, "encryptedPfxPassword", ENCODED_CLEAR_PASSWORD, "a clear password never goes into an event"));
        cases.add(arguments(issued, "paddingScheme", "pkcs1", "unknown padding scheme 'pkcs1'"));
        cases.add(arguments(issued, "paddingScheme", "oaepSha1", "unknown padding scheme 'oaepSha1'"));
        cases.add(arguments(issued, "connectorId", "", "connectorId must not be blank"));

        cases.add(arguments(Topics.CERT_FAILED, "attempts", 0, "attempts must be at least 1"));
        cases.add(arguments(Topics.CERT_FAILED, "errorCode", null, "errorCode must not be blank"));

        cases.add(arguments(
                Topics.REVOCATION_REQUESTED, "deviceId", null, "deviceId is required when the trigger is retire"));
        cases.add(arguments(Topics.REVOCATION_REQUESTED, "reason", "KeyCompromise", "unknown revocation reason"));
        cases.add(arguments(Topics.REVOCATION_REQUESTED, "trigger", "expiry", "unknown revocation trigger"));
        cases.add(arguments(Topics.REVOCATION_REQUESTED, "requestedBy", " ", "requestedBy must not be blank"));

        cases.add(arguments(Topics.CERT_REVOKED, "revokedAt", null, "revokedAt must not be null"));
        cases.add(arguments(Topics.CERT_REVOKED, "caId", "", "caId must not be blank"));
        cases.add(arguments(Topics.REVOCATION_FAILED, "serialNumber", null, "serialNumber must not be blank"));

        cases.add(arguments(
                Topics.DEVICE_ENROLLED, "managementPublicKey", null, "managementPublicKey must not be blank"));
        cases.add(arguments(
                Topics.DEVICE_ENROLLED,
                "managementPublicKey",
                DEVICE_MANAGEMENT_KEY.replace("PUBLIC KEY", "RSA PUBLIC KEY"),
                "found RSA PUBLIC KEY"));
        cases.add(arguments(Topics.DEVICE_ENROLLED, "emailAddress", "", "emailAddress must not be blank"));
        cases.add(arguments(Topics.DEVICE_RETIRED, "action", "delete", "unknown retire action"));

        cases.add(arguments(
                Topics.PFX_IMPORTED,
                "userPfxCertificateId",
                "someone-else-" + GoldenSamples.IMPORTED_THUMBPRINT,
                "userPfxCertificateId must be {userId}-{thumbprint}"));
        cases.add(arguments(
                Topics.PFX_IMPORTED, "expirationDateTime", "2025-02-28T00:00:00Z", "must not be before startDateTime"));
        cases.add(arguments(Topics.PFX_IMPORTED, "intendedPurpose", "email", "unknown intended purpose"));
        cases.add(arguments(Topics.PFX_DELETED, "thumbprint", "not-a-thumbprint", "SHA-1 thumbprint"));

        Topic delivery = Topics.DELIVERY_REQUESTED;
        cases.add(arguments(delivery, "deliveryId", CERT_REQUEST_ID, "must equal requestId"));
        cases.add(arguments(delivery, "issuanceRequestId", null, "issuanceRequestId (kind pkcs) must not be null"));
        cases.add(arguments(delivery, "encryptedPfxPassword", null, "encryptedPfxPassword must not be blank"));
        cases.add(arguments(delivery, "paddingScheme", null, "paddingScheme must not be null"));
        cases.add(arguments(delivery, "kind", "trustedRoot", "certificatePem (kind trustedRoot) must not be null"));
        cases.add(arguments(delivery, "kind", "remove", "kind remove must not carry a PFX"));
        cases.add(arguments(delivery, "certificatePem", PRIVATE_KEY_PEM, "private keys never go into events"));
        cases.add(arguments(
                delivery, "encryptedPfxPassword", ENCODED_CLEAR_PASSWORD, "a clear password never goes into an event"));

        cases.add(arguments(Topics.DELIVERY_ACKNOWLEDGED, "status", "ok", "unknown delivery status"));
        cases.add(arguments(Topics.DELIVERY_ACKNOWLEDGED, "deliveryId", "another", "must equal requestId"));

        cases.add(arguments(Topics.CONNECTOR_HEARTBEAT, "issuedCount", -1, "issuedCount must not be negative"));
        cases.add(arguments(
                Topics.CONNECTOR_HEARTBEAT,
                "lastCheckinDateTime",
                "2026-10-31T00:00:00Z",
                "must not be before enrollmentDateTime"));
        cases.add(arguments(Topics.CONNECTOR_HEARTBEAT, "connectorVersion", "", "connectorVersion must not be blank"));

        cases.add(arguments(Topics.CA_CERTIFICATES, "crlUrl", "ldap://ca/crl", "absolute http(s) URL"));
        cases.add(arguments(Topics.CA_CERTIFICATES, "ocspUrl", "/v1/ocsp", "absolute http(s) URL"));
        cases.add(arguments(Topics.CA_CERTIFICATES, "rootCertificatePem", PRIVATE_KEY_PEM, "private keys never"));
        cases.add(arguments(
                Topics.CA_CERTIFICATES,
                "issuingCertificatePem",
                ISSUING_CERTIFICATE + "trailing text",
                "only PEM CERTIFICATE blocks"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidFields")
    void refusesAnEventThatBreaksItsContract(Topic topic, String field, Object value, String expected) {
        ObjectNode json = MAPPER.valueToTree(GoldenSamples.forTopic(topic));
        json.set(field, MAPPER.valueToTree(value));

        assertThatThrownBy(() -> EventJson.fromJson(json.toString(), topic.eventType()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(topic.eventType().getSimpleName())
                .hasMessageContaining(expected);
    }

    @Test
    void messagesNeverQuoteAWrappedPasswordOrAPfx() {
        ObjectNode json = MAPPER.valueToTree(GoldenSamples.certificateIssued());
        json.put("encryptedPfxPassword", ENCODED_CLEAR_PASSWORD);

        assertThatThrownBy(() -> EventJson.fromJson(json.toString(), CertificateIssued.class))
                .hasMessageNotContaining(ENCODED_CLEAR_PASSWORD)
                .hasMessageNotContaining(PFX_BLOB);
    }

    @Test
    void producersGetTheSameCheckFromTheConstructor() {
        EventEnvelope envelope = EventEnvelope.newEnvelope(TENANT_ID, "r-1", null);

        assertThatThrownBy(() -> RevocationFailed.of(envelope, "not hex", "unknownSerial", "no such certificate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serialNumber must be 1 to 40 hex digits");
        assertThatThrownBy(() -> DeviceRetired.of(envelope, DEVICE_ID, "user", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("action must not be null");
    }

    @Test
    void serialNumbersAreLowerCasedAndThumbprintsUpperCased() {
        ObjectNode json = MAPPER.valueToTree(GoldenSamples.certificateIssued());
        json.put("serialNumber", SERIAL_NUMBER.toUpperCase());
        json.put("thumbprint", THUMBPRINT.toLowerCase());

        CertificateIssued read = EventJson.fromJson(json.toString(), CertificateIssued.class);

        assertThat(read.serialNumber()).isEqualTo(SERIAL_NUMBER);
        assertThat(read.thumbprint()).isEqualTo(THUMBPRINT);
        assertThat(read).isEqualTo(GoldenSamples.certificateIssued());
    }

    @Test
    void userPfxCertificateIdFollowsTheThumbprintSpelling() {
        PfxDeleted deleted = new PfxDeleted(
                "9a5c0f8b-7d6e-4f4a-8b9c-a3b4c5d6e7f8",
                TENANT_ID,
                "r-2",
                Instant.parse("2026-12-10T14:45:00Z"),
                null,
                "user-1-" + GoldenSamples.IMPORTED_THUMBPRINT.toLowerCase(),
                "user-1",
                GoldenSamples.IMPORTED_THUMBPRINT.toLowerCase());

        assertThat(deleted.thumbprint()).isEqualTo(GoldenSamples.IMPORTED_THUMBPRINT);
        assertThat(deleted.userPfxCertificateId()).isEqualTo("user-1-" + GoldenSamples.IMPORTED_THUMBPRINT);
        assertThat(PfxDeleted.of(deleted.envelope(), "user-1", GoldenSamples.IMPORTED_THUMBPRINT))
                .isEqualTo(deleted);
    }

    @Test
    void missingListsReadAsEmptyAndListsAreImmutableCopies() {
        ObjectNode json = MAPPER.valueToTree(GoldenSamples.certificateRequested());
        json.remove("subjectAlternativeNames");
        json.putNull("extendedKeyUsages");

        CertificateRequested read = EventJson.fromJson(json.toString(), CertificateRequested.class);

        assertThat(read.subjectAlternativeNames()).isEmpty();
        assertThat(read.extendedKeyUsages()).isEmpty();

        List<String> ekus = new ArrayList<>(List.of("1.3.6.1.5.5.7.3.2"));
        CertificateRequested sample = GoldenSamples.certificateRequested();
        CertificateRequested built = CertificateRequested.of(
                sample.envelope(),
                sample.deviceId(),
                sample.profileId(),
                sample.platform(),
                sample.templateName(),
                sample.keyAlgorithm(),
                sample.subjectName(),
                sample.subjectAlternativeNames(),
                ekus,
                sample.nonRepudiation(),
                sample.validityDays(),
                sample.deviceManagementPublicKey(),
                sample.supersedesSerialNumber());
        ekus.add("1.3.6.1.5.5.7.3.3");

        assertThat(built.extendedKeyUsages()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThatThrownBy(() -> built.extendedKeyUsages().add("2.5.29.37.0"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void listsMustNotContainNull() {
        CertificateRequested sample = GoldenSamples.certificateRequested();
        List<String> withNull = new ArrayList<>();
        withNull.add(null);

        assertThatThrownBy(() -> CertificateRequested.of(
                        sample.envelope(),
                        sample.deviceId(),
                        sample.profileId(),
                        sample.platform(),
                        sample.templateName(),
                        sample.keyAlgorithm(),
                        sample.subjectName(),
                        sample.subjectAlternativeNames(),
                        withNull,
                        sample.nonRepudiation(),
                        sample.validityDays(),
                        sample.deviceManagementPublicKey(),
                        null))
                .hasMessage("extendedKeyUsages must not contain null");
    }

    @Test
    void everyDeliveryKindAcceptsItsOwnShape() {
        EventEnvelope envelope = EventEnvelope.newEnvelope(TENANT_ID, DELIVERY_ID, null);

        assertThat(DeliveryRequested.of(
                                envelope,
                                DEVICE_ID,
                                DeliveryKind.TRUSTED_ROOT,
                                null,
                                "716488d344c5da202fd70a9917a20288223c2b64",
                                "7E13E12DDDDBC8E48C848938AE4972F43ACD6726",
                                null,
                                null,
                                null,
                                ROOT_CERTIFICATE)
                        .kind())
                .isEqualTo(DeliveryKind.TRUSTED_ROOT);
        assertThat(DeliveryRequested.of(
                                envelope,
                                DEVICE_ID,
                                DeliveryKind.IMPORTED_PFX,
                                null,
                                SERIAL_NUMBER,
                                THUMBPRINT,
                                PFX_BLOB,
                                WRAPPED_PASSWORD,
                                PaddingScheme.OAEP_SHA384,
                                null)
                        .deliveryId())
                .isEqualTo(DELIVERY_ID);
        assertThat(DeliveryRequested.of(
                                envelope,
                                DEVICE_ID,
                                DeliveryKind.REMOVE,
                                CERT_REQUEST_ID,
                                SERIAL_NUMBER,
                                THUMBPRINT,
                                null,
                                null,
                                null,
                                null)
                        .encryptedPfxBlob())
                .isNull();
        assertThatThrownBy(() -> DeliveryRequested.of(
                        envelope,
                        DEVICE_ID,
                        DeliveryKind.IMPORTED_PFX,
                        null,
                        SERIAL_NUMBER,
                        THUMBPRINT,
                        null,
                        null,
                        null,
                        null))
                .hasMessageContaining("kind importedPfx needs encryptedPfxBlob");
        assertThat(DeliveryRequested.removal(envelope, DEVICE_ID, SERIAL_NUMBER, THUMBPRINT, "install-1")
                        .cancelsDeliveryId())
                .isEqualTo("install-1");
        DeliveryRequested removal = DeliveryRequested.removal(envelope, DEVICE_ID, SERIAL_NUMBER, THUMBPRINT, "x");
        assertThatThrownBy(() -> new DeliveryRequested(
                        removal.eventId(),
                        removal.tenantId(),
                        removal.requestId(),
                        removal.occurredAt(),
                        removal.traceId(),
                        removal.deliveryId(),
                        DEVICE_ID,
                        DeliveryKind.IMPORTED_PFX,
                        null,
                        SERIAL_NUMBER,
                        THUMBPRINT,
                        PFX_BLOB,
                        WRAPPED_PASSWORD,
                        PaddingScheme.OAEP_SHA256,
                        null,
                        "install-1",
                        null))
                .hasMessageContaining("only a remove delivery cancels another");
    }

    @Test
    void aCertificateFieldMayHoldAChain() {
        CaCertificatesPublished sample = GoldenSamples.caCertificatesPublished();

        CaCertificatesPublished chained = CaCertificatesPublished.of(
                sample.envelope(),
                sample.caId(),
                sample.rootCertificatePem(),
                ISSUING_CERTIFICATE + ROOT_CERTIFICATE,
                sample.crlUrl(),
                sample.ocspUrl());

        assertThat(chained.issuingCertificatePem()).contains(ROOT_CERTIFICATE);
    }

    @Test
    void onlyATrustedCertificateNamesADestinationStore() {
        DeliveryRequested trusted = DeliveryRequested.trustedCertificate(
                EventEnvelope.newEnvelope("tenant-1", "delivery-1", null),
                DEVICE_ID,
                SERIAL_NUMBER,
                THUMBPRINT,
                GoldenSamples.caCertificatesPublished().rootCertificatePem(),
                CertificateDestinationStore.COMPUTER_CERT_STORE_ROOT);
        assertThat(trusted.kind()).isEqualTo(DeliveryKind.TRUSTED_ROOT);
        assertThat(EventJson.fromJson(EventJson.toJson(trusted), DeliveryRequested.class)
                        .destinationStore())
                .isEqualTo(CertificateDestinationStore.COMPUTER_CERT_STORE_ROOT);

        DeliveryRequested removal = DeliveryRequested.removal(
                EventEnvelope.newEnvelope("tenant-1", "delivery-2", null), DEVICE_ID, SERIAL_NUMBER, THUMBPRINT, null);
        assertThatThrownBy(() -> new DeliveryRequested(
                        removal.eventId(),
                        removal.tenantId(),
                        removal.requestId(),
                        removal.occurredAt(),
                        removal.traceId(),
                        removal.deliveryId(),
                        DEVICE_ID,
                        DeliveryKind.REMOVE,
                        null,
                        SERIAL_NUMBER,
                        THUMBPRINT,
                        null,
                        null,
                        null,
                        null,
                        null,
                        CertificateDestinationStore.COMPUTER_CERT_STORE_ROOT))
                .hasMessageContaining("only a trustedRoot delivery names a destinationStore");
    }

    @Test
    void toStringOfEventsWithKeyMaterialLeavesItOut() {
        assertThat(GoldenSamples.certificateIssued().toString())
                .contains(SERIAL_NUMBER)
                .doesNotContain(WRAPPED_PASSWORD)
                .doesNotContain(PFX_BLOB);
        assertThat(GoldenSamples.deliveryRequested().toString())
                .contains(DELIVERY_ID)
                .doesNotContain(WRAPPED_PASSWORD)
                .doesNotContain(PFX_BLOB);
    }
}
