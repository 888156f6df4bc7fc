package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * A device was registered or changed; on the compacted topic the latest event per device is its current state.
 * pfx-import needs it to encrypt a user's imported PFX for each of the user's devices. {@code requestId} is the
 * id of the admin call that registered or changed the device.
 *
 * @param userId the Entra ID object id of the device's primary user
 * @param emailAddress null when the user has no mailbox
 * @param deviceName null when the device reported none
 * @param managementPublicKey PEM SubjectPublicKeyInfo (RSA, at least 2048 bits) under which PFX passwords are
 *     wrapped for this device
 */
public record DeviceEnrolled(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String deviceId,
        Platform platform,
        String userId,
        String userPrincipalName,
        String emailAddress,
        String deviceName,
        String managementPublicKey)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.DEVICE_ENROLLED;

    public DeviceEnrolled {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(deviceId, "deviceId");
        Checks.present(platform, "platform");
        Checks.text(userId, "userId");
        Checks.text(userPrincipalName, "userPrincipalName");
        Checks.optionalText(emailAddress, "emailAddress");
        Checks.optionalText(deviceName, "deviceName");
        Checks.pem(managementPublicKey, "PUBLIC KEY", "managementPublicKey");
    }

    public static DeviceEnrolled of(
            EventEnvelope envelope,
            String deviceId,
            Platform platform,
            String userId,
            String userPrincipalName,
            String emailAddress,
            String deviceName,
            String managementPublicKey) {
        return new DeviceEnrolled(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                deviceId,
                platform,
                userId,
                userPrincipalName,
                emailAddress,
                deviceName,
                managementPublicKey);
    }

    @Override
    public String partitionKey() {
        return deviceId;
    }
}
