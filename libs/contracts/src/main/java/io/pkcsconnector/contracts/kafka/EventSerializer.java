package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.PkiEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any event as {@link EventJson}. Configure it explicitly as {@code value.serializer}: Quarkus would
 * otherwise pick its own ObjectMapper, whose settings are not the contract's.
 */
public class EventSerializer<T extends PkiEvent> implements Serializer<T> {

    /** A null value stays null, which on a compacted topic is the tombstone that deletes the key. */
    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null;
        }
        try {
            return EventJson.toBytes(event);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "topic " + topic + ": cannot serialize " + event.getClass().getSimpleName() + " " + event.eventId()
                            + ": " + e.getMessage(),
                    e);
        }
    }
}
