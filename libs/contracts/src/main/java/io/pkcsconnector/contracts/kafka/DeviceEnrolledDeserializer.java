package io.pkcsconnector.contracts.kafka;

import io.pkcsconnector.contracts.DeviceEnrolled;

/** Reads {@link DeviceEnrolled}; configure as {@code value.deserializer} for {@code DeviceEnrolled.TOPIC}. */
public class DeviceEnrolledDeserializer extends EventDeserializer<DeviceEnrolled> {

    public DeviceEnrolledDeserializer() {
        super(DeviceEnrolled.class);
    }
}
