package io.pkcsconnector.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final ObjectMapper MAPPER = EventJson.mapper();

    @Test
    void instantsAreIsoStringsNotNumbers() throws Exception {
        JsonNode json = MAPPER.readTree(EventJson.toJson(GoldenSamples.certificateIssued()));

        assertThat(json.get("occurredAt").isTextual()).isTrue();
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-11-24T19:01:38.912Z");
        assertThat(json.get("notAfter").asText()).isEqualTo("2027-11-24T19:01:38Z");
    }

    @Test
    void enumsAreTheirWireNames() throws Exception {
        JsonNode json = MAPPER.readTree(EventJson.toJson(GoldenSamples.certificateRequested()));

        assertThat(json.get("platform").asText()).isEqualTo("windows10");
        assertThat(json.get("keyAlgorithm").asText()).isEqualTo("rsa2048");
        assertThat(json.get("subjectAlternativeNames").get(0).get("type").asText())
                .isEqualTo("userPrincipalName");
    }

    @Test
    void nullFieldsAreWrittenAsExplicitNulls() throws Exception {
        JsonNode json = MAPPER.readTree(EventJson.toJson(GoldenSamples.certificateIssuanceFailed()));

        assertThat(json.has("traceId")).isTrue();
        assertThat(json.get("traceId").isNull()).isTrue();
    }

    @Test
    void methodsThatAreNotComponentsStayOffTheWire() throws Exception {
        JsonNode json = MAPPER.readTree(EventJson.toJson(GoldenSamples.deviceRetired()));

        assertThat(json.has("partitionKey")).isFalse();
        assertThat(json.has("envelope")).isFalse();
        assertThat(json.has("TOPIC")).isFalse();
    }

    @Test
    void bytesAreUtf8OfTheSameJson() {
        DeviceEnrolled sample = GoldenSamples.deviceEnrolled();

        assertThat(new String(EventJson.toBytes(sample), StandardCharsets.UTF_8))
                .isEqualTo(EventJson.toJson(sample));
        assertThat(EventJson.fromBytes(EventJson.toBytes(sample), DeviceEnrolled.class))
                .isEqualTo(sample);
    }

    @Test
    void instantsWithAnOffsetAreRead() {
        ObjectNode json = MAPPER.valueToTree(GoldenSamples.deviceRetired());
        json.put("occurredAt", "2026-12-01T09:29:59.5+01:00");

        assertThat(EventJson.fromJson(json.toString(), DeviceRetired.class)).isEqualTo(GoldenSamples.deviceRetired());
    }

    @Test
    void malformedJsonIsAnIllegalArgumentNamingTheType() {
        assertThatThrownBy(() -> EventJson.fromJson("{\"eventId\": ", PfxDeleted.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read PfxDeleted from JSON");
        assertThatThrownBy(() -> EventJson.fromBytes(new byte[0], PfxDeleted.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read PfxDeleted from JSON");
        assertThatThrownBy(() -> EventJson.fromJson(null, PfxDeleted.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseErrorsDoNotQuoteTheInput() {
        String broken = "{\"encryptedPfxPassword\":\"" + GoldenSamples.WRAPPED_PASSWORD + "\", connectorId: 1}";

        assertThatThrownBy(() -> EventJson.fromJson(broken, CertificateIssued.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("(line 1, column 373)")
                .hasMessageNotContaining(GoldenSamples.WRAPPED_PASSWORD.substring(0, 20))
                .satisfies(e -> assertThat(e.getCause().getMessage())
                        .as("the Jackson exception a stack trace would log")
                        .doesNotContain(GoldenSamples.WRAPPED_PASSWORD.substring(0, 20)));
    }

    /** Two values for one field would let two readers see two different events. */
    @Test
    void duplicateFieldsAreRefused() {
        String json = EventJson.toJson(GoldenSamples.deviceRetired());
        String duplicated = json.replaceFirst("\\{", "{\"action\":\"wipe\",");

        assertThatThrownBy(() -> EventJson.fromJson(duplicated, DeviceRetired.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'action'");
    }

    @Test
    void trailingContentIsRefused() {
        String json = EventJson.toJson(GoldenSamples.deviceRetired()) + " {}";

        assertThatThrownBy(() -> EventJson.fromJson(json, DeviceRetired.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Trailing token");
    }

    @Test
    void mapperIsACopyThatCannotChangeTheSharedConfiguration() {
        EventJson.mapper().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        assertThat(EventJson.toJson(GoldenSamples.deviceRetired())).contains("\"2026-12-01T08:29:59.500Z\"");
    }
}
