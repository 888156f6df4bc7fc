package io.pkcsconnector.requestintake.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import java.time.OffsetDateTime;

/** An enrolled device as SPEC §3 names its fields; {@code managementPublicKey} is a PEM SubjectPublicKeyInfo. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Device(
        String deviceId,
        String platform,
        String userPrincipalName,
        String userId,
        String emailAddress,
        String deviceName,
        String serialNumber,
        String imei,
        String aadDeviceId,
        String wifiMacAddress,
        String fullyQualifiedDomainName,
        String onPremisesDistinguishedName,
        String onPremisesSamAccountName,
        String managementPublicKey,
        OffsetDateTime enrolledDateTime) {

    static Device of(DeviceEntity e) {
        return new Device(
                e.deviceId,
                e.platform,
                e.userPrincipalName,
                e.userId,
                e.emailAddress,
                e.deviceName,
                e.serialNumber,
                e.imei,
                e.aadDeviceId,
                e.wifiMacAddress,
                e.fullyQualifiedDomainName,
                e.onPremisesDistinguishedName,
                e.onPremisesSamAccountName,
                e.managementPublicKey,
                e.createdAt);
    }
}
