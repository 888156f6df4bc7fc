package io.pkcsconnector.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The connector issued the certificate a {@link CertificateRequested} asked for. {@code requestId} is the
 * certificate request id. The event carries the key pair only inside the PKCS#12, and that only encrypted under a
 * random password which itself is only present wrapped for the device.
 *
 * @param caId the issuing CA, as in {@link CaCertificatesPublished#caId()}
 * @param serialNumber lower-case hex
 * @param thumbprint SHA-1 of the DER certificate, upper-case hex
 * @param keyLength bits, consistent with {@code keyAlgorithm}
 * @param extendedKeyUsages dotted OIDs the certificate has
 * @param certificatePem the public certificate alone, for stores and relying parties that need no key
 * @param encryptedPfxBlob base64 PKCS#12 with the private key and chain, encrypted (PBES2, AES-256) under a random
 *     password. Never a PFX without a password and never a bare private key.
 * @param encryptedPfxPassword base64 RSA-OAEP ciphertext of that password under the device's management key; only
 *     the device can unwrap it. Never the clear password, in any encoding.
 * @param paddingScheme the OAEP variant used for {@code encryptedPfxPassword}
 * @param connectorId the instance that issued it, for the fleet view and for support
 */
public record CertificateIssued(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String deviceId,
        String profileId,
        String caId,
        String serialNumber,
        String thumbprint,
        String subjectName,
        Instant notBefore,
        Instant notAfter,
        KeyAlgorithm keyAlgorithm,
        int keyLength,
        List<String> extendedKeyUsages,
        String certificatePem,
        String encryptedPfxBlob,
        String encryptedPfxPassword,
        PaddingScheme paddingScheme,
        String connectorId)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.CERT_ISSUED;

    public CertificateIssued {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(deviceId, "deviceId");
        Checks.text(profileId, "profileId");
        Checks.text(caId, "caId");
        serialNumber = Checks.serialNumber(serialNumber, "serialNumber");
        thumbprint = Checks.thumbprint(thumbprint, "thumbprint");
        Checks.text(subjectName, "subjectName");
        Checks.ordered(notBefore, "notBefore", notAfter, "notAfter");
        Checks.present(keyAlgorithm, "keyAlgorithm");
        if (keyLength != keyAlgorithm.keySize()) {
            throw new IllegalArgumentException("keyLength " + keyLength + " does not match keyAlgorithm "
                    + keyAlgorithm.wireName() + " (" + keyAlgorithm.keySize() + " bits)");
        }
        extendedKeyUsages = Checks.oids(extendedKeyUsages, "extendedKeyUsages");
        Checks.pem(certificatePem, "CERTIFICATE", "certificatePem");
        Checks.pkcs12(encryptedPfxBlob, "encryptedPfxBlob");
        Checks.wrappedPassword(encryptedPfxPassword, "encryptedPfxPassword");
        Checks.present(paddingScheme, "paddingScheme");
        Checks.text(connectorId, "connectorId");
    }

    public static CertificateIssued of(
            EventEnvelope envelope,
            String deviceId,
            String profileId,
            String caId,
            String serialNumber,
            String thumbprint,
            String subjectName,
            Instant notBefore,
            Instant notAfter,
            KeyAlgorithm keyAlgorithm,
            int keyLength,
            List<String> extendedKeyUsages,
            String certificatePem,
            String encryptedPfxBlob,
            String encryptedPfxPassword,
            PaddingScheme paddingScheme,
            String connectorId) {
        return new CertificateIssued(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                deviceId,
                profileId,
                caId,
                serialNumber,
                thumbprint,
                subjectName,
                notBefore,
                notAfter,
                keyAlgorithm,
                keyLength,
                extendedKeyUsages,
                certificatePem,
                encryptedPfxBlob,
                encryptedPfxPassword,
                paddingScheme,
                connectorId);
    }

    @Override
    public String partitionKey() {
        return requestId;
    }

    /** Keeps the encrypted key material out of logs: a record's default toString would print all of it. */
    @Override
    public String toString() {
        return "CertificateIssued[eventId=" + eventId + ", tenantId=" + tenantId + ", requestId=" + requestId
                + ", deviceId=" + deviceId + ", serialNumber=" + serialNumber + ", thumbprint=" + thumbprint
                + ", connectorId=" + connectorId + "]";
    }
}
