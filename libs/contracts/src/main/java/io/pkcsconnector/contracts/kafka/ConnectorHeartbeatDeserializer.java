package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.ConnectorHeartbeat;

/** Reads {@link ConnectorHeartbeat}; configure as {@code value.deserializer} for {@code ConnectorHeartbeat.TOPIC}. */
public class ConnectorHeartbeatDeserializer extends EventDeserializer<ConnectorHeartbeat> {

    public ConnectorHeartbeatDeserializer() {
        super(ConnectorHeartbeat.class);
    }
}
