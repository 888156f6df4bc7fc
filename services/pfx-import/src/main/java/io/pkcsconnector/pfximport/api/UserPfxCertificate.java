package io.pkcsconnector.pfximport.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pkcsconnector.pfximport.persistence.StoredPfx;
import java.time.Instant;
import java.util.Base64;

/**
 * Graph's {@code microsoft.graph.userPFXCertificate}, field for field, in and out. Dates and enums are strings
 * here so that a bad value is answered with a precise 422 naming the field, not a generic parse error.
 *
 * @param userId not a Graph property: an optional extension for importing for a user none of whose devices is
 *     registered yet (the service knows users by their devices). Never returned.
 */
@JsonPropertyOrder({
    "@odata.type",
    "id",
    "thumbprint",
    "intendedPurpose",
    "userPrincipalName",
    "startDateTime",
    "expirationDateTime",
    "providerName",
    "keyName",
    "paddingScheme",
    "encryptedPfxBlob",
    "encryptedPfxPassword",
    "createdDateTime",
    "lastModifiedDateTime"
})
public record UserPfxCertificate(
        @JsonProperty("@odata.type") String odataType,
        String id,
        String thumbprint,
        String intendedPurpose,
        String userPrincipalName,
        String startDateTime,
        String expirationDateTime,
        String providerName,
        String keyName,
        String paddingScheme,
        String encryptedPfxBlob,
        String encryptedPfxPassword,
        String createdDateTime,
        String lastModifiedDateTime,
        @JsonInclude(JsonInclude.Include.NON_NULL) String userId) {

    public static final String ODATA_TYPE = "#microsoft.graph.userPFXCertificate";

    public static UserPfxCertificate of(StoredPfx pfx) {
        return new UserPfxCertificate(
                ODATA_TYPE,
                pfx.id(),
                pfx.thumbprint(),
                pfx.intendedPurpose(),
                pfx.userPrincipalName(),
                format(pfx.startDateTime()),
                format(pfx.expirationDateTime()),
                pfx.providerName(),
                pfx.keyName(),
                pfx.paddingScheme(),
                Base64.getEncoder().encodeToString(pfx.encryptedPfxBlob()),
                pfx.encryptedPfxPassword(),
                format(pfx.createdAt()),
                format(pfx.lastModifiedAt()),
                null);
    }

    /** ISO-8601 in UTC, as Graph writes DateTimeOffset values. */
    static String format(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Keeps the blob and the password ciphertext out of logs. */
    @Override
    public String toString() {
        return "UserPfxCertificate[id=" + id + ", userPrincipalName=" + userPrincipalName + ", intendedPurpose="
                + intendedPurpose + ", keyName=" + providerName + "/" + keyName + "]";
    }
}
