package io.pkcsconnector.requestintake.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A PKCS certificate profile with the field names of Graph's {@code windows10PkcsCertificateProfile}. Enum
 * fields are strings so that a wrong value gets a 422 naming the field and the allowed values rather than a
 * generic parse error. {@code id}, {@code version}, {@code createdDateTime} and {@code
 * lastModifiedDateTime} are set by the server. {@code revokeOnRenewal} (default false) is this platform's
 * addition to Graph's fields: when a renewal's or a profile change's successor certificate is issued, revoke the
 * certificate it replaces (reason superseded) instead of leaving it valid until it expires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PkcsProfile(
        String id,
        String displayName,
        String platform,
        Integer renewalThresholdPercentage,
        Integer certificateValidityPeriodValue,
        String certificateValidityPeriodScale,
        String keyStorageProvider,
        String certificationAuthority,
        String certificationAuthorityName,
        String certificateTemplateName,
        String subjectNameFormat,
        String subjectNameFormatString,
        String subjectAlternativeNameType,
        String subjectAlternativeNameFormatString,
        List<CustomSubjectAlternativeName> customSubjectAlternativeNames,
        List<ExtendedKeyUsage> extendedKeyUsages,
        String keyAlgorithm,
        List<String> keyUsage,
        List<JsonNode> assignments,
        Integer version,
        OffsetDateTime createdDateTime,
        OffsetDateTime lastModifiedDateTime,
        Boolean revokeOnRenewal) {

    /** Graph {@code customSubjectAlternativeName}. */
    public record CustomSubjectAlternativeName(String sanType, String name) {}

    /** Graph {@code extendedKeyUsage}. */
    public record ExtendedKeyUsage(String name, String objectIdentifier) {}

    PkcsProfile withServerFields(String newId, int newVersion, OffsetDateTime created, OffsetDateTime modified) {
        return new PkcsProfile(
                newId,
                displayName,
                platform,
                renewalThresholdPercentage,
                certificateValidityPeriodValue,
                certificateValidityPeriodScale,
                keyStorageProvider,
                certificationAuthority,
                certificationAuthorityName,
                certificateTemplateName,
                subjectNameFormat,
                subjectNameFormatString,
                subjectAlternativeNameType,
                subjectAlternativeNameFormatString,
                customSubjectAlternativeNames == null ? List.of() : customSubjectAlternativeNames,
                extendedKeyUsages,
                keyAlgorithm,
                keyUsage,
                assignments == null ? List.of() : assignments,
                newVersion,
                created,
                modified,
                revokeOnRenewal);
    }
}
