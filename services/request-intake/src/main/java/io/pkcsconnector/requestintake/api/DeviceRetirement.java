package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.requestintake.persistence.RevocationRequestEntity;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The answer to a retire or wipe, the first time and every time after.
 *
 * @param action retire or wipe
 * @param revocations one per certificate of the device that was still valid and not already being revoked
 */
public record DeviceRetirement(
        String deviceId, String action, OffsetDateTime retiredAt, List<RevocationView> revocations) {

    static DeviceRetirement of(DeviceEntity device, List<RevocationRequestEntity> revocations) {
        return new DeviceRetirement(
                device.deviceId,
                device.retireAction,
                device.retiredAt,
                revocations.stream().map(RevocationView::of).toList());
    }
}
