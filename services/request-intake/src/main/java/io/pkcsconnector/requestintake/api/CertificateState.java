package io.pkcsconnector.requestintake.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * One certificate of a device in the shape of Graph's {@code managedDeviceCertificateState}. {@code
 * certificateRevokeStatus} is Graph's {@code certificateRevocationStatus} (none, pending, issued, failed,
 * revoked): a failed revocation shows here while {@code certificateIssuanceState} stays what it was.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateState(
        String id,
        String devicePlatform,
        String certificateIssuanceState,
        String certificateRevokeStatus,
        String certificateProfileDisplayName,
        String deviceDisplayName,
        String userDisplayName,
        String certificateSerialNumber,
        String certificateThumbprint,
        OffsetDateTime certificateExpirationDateTime,
        OffsetDateTime certificateIssuanceDateTime,
        OffsetDateTime certificateLastIssuanceStateChangedDateTime,
        Integer certificateKeyLength,
        List<String> certificateEnhancedKeyUsage,
        String certificateKeyStorageProvider,
        String certificateSubjectNameFormat,
        String certificateSubjectAlternativeNameFormat,
        Integer certificateValidityPeriod,
        String certificateValidityPeriodUnits,
        String certificateErrorCode,
        String profileId,
        String requestId,
        OffsetDateTime renewalDateTime) {

    static CertificateState of(CertificateRequestEntity request, DeviceEntity device, PkcsProfile profile) {
        return new CertificateState(
                device.deviceId + "_" + request.profileId + "_" + request.requestId,
                device.platform,
                request.status,
                request.revokeStatus,
                profile == null ? null : profile.displayName(),
                device.deviceName,
                device.userPrincipalName,
                request.serialNumber,
                request.thumbprint,
                request.notAfter,
                request.notBefore,
                request.statusChangedAt,
                request.keyLength,
                request.extendedKeyUsages == null ? null : Arrays.asList(request.extendedKeyUsages.split(",")),
                profile == null ? null : profile.keyStorageProvider(),
                profile == null ? null : profile.subjectNameFormat(),
                profile == null ? null : profile.subjectAlternativeNameType(),
                profile == null ? null : profile.certificateValidityPeriodValue(),
                profile == null ? null : profile.certificateValidityPeriodScale(),
                request.errorCode,
                request.profileId,
                request.requestId.toString(),
                request.renewalAt);
    }
}
