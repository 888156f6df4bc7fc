package io.pkcsconnector.pfximport.persistence;

import java.time.Instant;

/**
 * One row of {@code user_pfx_certificate}: a Graph userPFXCertificate as imported.
 *
 * @param paddingScheme Graph's wire name as the administrator sent it ({@code none} included)
 * @param encryptedPfxBlob the PFX exactly as received
 * @param encryptedPfxPassword base64 RSA-OAEP ciphertext exactly as received; the clear password is never stored
 */
public record StoredPfx(
        String tenantId,
        String id,
        String userId,
        String userPrincipalName,
        String thumbprint,
        String serialNumber,
        String intendedPurpose,
        Instant startDateTime,
        Instant expirationDateTime,
        String providerName,
        String keyName,
        String paddingScheme,
        byte[] encryptedPfxBlob,
        String encryptedPfxPassword,
        Instant createdAt,
        Instant lastModifiedAt) {

    /** Leaves the blob and the password ciphertext out of logs. */
    @Override
    public String toString() {
        return "StoredPfx[tenantId=" + tenantId + ", id=" + id + ", userPrincipalName=" + userPrincipalName
                + ", intendedPurpose=" + intendedPurpose + ", keyName=" + providerName + "/" + keyName + "]";
    }
}
