package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.PkiEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one event type from {@link EventJson}. Kafka and SmallRye instantiate deserializers by class name with no
 * arguments, hence one subclass per event, e.g. {@link CertificateRequestedDeserializer}.
 *
 * <p>A record that is not a valid event fails with a {@link SerializationException} that names the topic and the
 * reason but never quotes the payload; the consumer's failure strategy then parks it on the dead-letter topic
 * instead of retrying it forever.
 */
public class EventDeserializer<T extends PkiEvent> implements Deserializer<T> {

    private final Class<T> type;

    public EventDeserializer(Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        this.type = type;
    }

    public Class<T> type() {
        return type;
    }

    /** A null value is a tombstone on a compacted topic and stays null. */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.fromBytes(data, type);
        } catch (IllegalArgumentException e) {
            throw new SerializationException(
                    "topic " + topic + ": cannot deserialize " + type.getSimpleName() + " (" + data.length + " bytes): "
                            + e.getMessage(),
                    e);
        }
    }
}
