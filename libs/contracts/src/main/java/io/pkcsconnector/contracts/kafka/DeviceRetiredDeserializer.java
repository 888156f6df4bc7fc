package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.DeviceRetired;

/** Reads {@link DeviceRetired}; configure as {@code value.deserializer} for {@code DeviceRetired.TOPIC}. */
public class DeviceRetiredDeserializer extends EventDeserializer<DeviceRetired> {

    public DeviceRetiredDeserializer() {
        super(DeviceRetired.class);
    }
}
