package io.pkcsconnector.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.DeviceRetired;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.contracts.RetireAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventSerdeTest {

    private static final String TOPIC = DeviceRetired.TOPIC.name();

    private static DeviceRetired retired() {
        return DeviceRetired.of(
                EventEnvelope.newEnvelope("tenant-1", "retire-1", null), "device-1", "user-1", RetireAction.WIPE);
    }

    @Test
    void serializerAndDeserializerRoundTrip() {
        DeviceRetired event = retired();
        try (EventSerializer<PkiEvent> serializer = new EventSerializer<>();
                DeviceRetiredDeserializer deserializer = new DeviceRetiredDeserializer()) {
            byte[] bytes = serializer.serialize(TOPIC, event);

            assertThat(bytes).isEqualTo(EventJson.toBytes(event));
            assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(event);
            assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), bytes))
                    .isEqualTo(event);
        }
    }

    /** A null value is a tombstone on the compacted topics and must pass through both ways. */
    @Test
    void tombstonesStayNull() {
        try (EventSerializer<PkiEvent> serializer = new EventSerializer<>();
                DeviceRetiredDeserializer deserializer = new DeviceRetiredDeserializer()) {
            assertThat(serializer.serialize(TOPIC, null)).isNull();
            assertThat(deserializer.deserialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void aPoisonMessageFailsWithASerializationExceptionNamingTheTopic() {
        try (CertificateRequestedDeserializer deserializer = new CertificateRequestedDeserializer()) {
            byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);

            assertThatThrownBy(() -> deserializer.deserialize(CertificateRequested.TOPIC.name(), garbage))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("topic pki.cert-requested.v1: cannot deserialize CertificateRequested")
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> deserializer.deserialize(CertificateRequested.TOPIC.name(), new byte[0]))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("pki.cert-requested.v1");
        }
    }

    @Test
    void anInvalidEventFailsWithTheReasonButWithoutThePayload() {
        String json = EventJson.toJson(retired()).replace("\"wipe\"", "\"shred\"");

        try (DeviceRetiredDeserializer deserializer = new DeviceRetiredDeserializer()) {
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, json.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic pki.device-retired.v1")
                    .hasMessageContaining("unknown retire action 'shred'")
                    .hasMessageNotContaining("device-1");
        }
    }

    @Test
    void anEventOfAnotherTypeIsNotSilentlyAccepted() {
        byte[] retired = EventJson.toBytes(retired());

        try (CertificateIssuedDeserializer deserializer = new CertificateIssuedDeserializer()) {
            assertThatThrownBy(() -> deserializer.deserialize(CertificateIssued.TOPIC.name(), retired))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("profileId must not be blank");
        }
    }

    @Test
    void deserializerNeedsAType() {
        assertThatThrownBy(() -> new EventDeserializer<>(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new EventDeserializer<>(CertificateRequested.class).type()).isEqualTo(CertificateRequested.class);
    }
}
