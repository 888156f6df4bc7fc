package io.pkcsconnector.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A device needs a certificate from a PKCS profile: request-intake resolved the profile and the device into
 * everything the connector needs, so issuance reads nothing else. {@code requestId} is the certificate request
 * id.
 *
 * @param platform the device's platform, which decides e.g. whether nonRepudiation is allowed
 * @param templateName the CA certificate template, as named in the profile
 * @param subjectName the subject as an RFC 4514 distinguished name, already resolved for the device
 * @param extendedKeyUsages dotted OIDs; empty means the template's own
 * @param validityDays the validity the profile asks for; the template may cap it
 * @param deviceManagementPublicKey the device's PEM SubjectPublicKeyInfo, under which the PFX password is wrapped
 * @param supersedesSerialNumber for a renewal, the serial of the certificate this one replaces, else null
 */
public record CertificateRequested(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String deviceId,
        String profileId,
        Platform platform,
        String templateName,
        KeyAlgorithm keyAlgorithm,
        String subjectName,
        List<SubjectAlternativeName> subjectAlternativeNames,
        List<String> extendedKeyUsages,
        boolean nonRepudiation,
        int validityDays,
        String deviceManagementPublicKey,
        String supersedesSerialNumber)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.CERT_REQUESTED;

    public CertificateRequested {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(deviceId, "deviceId");
        Checks.text(profileId, "profileId");
        Checks.present(platform, "platform");
        Checks.text(templateName, "templateName");
        Checks.present(keyAlgorithm, "keyAlgorithm");
        Checks.text(subjectName, "subjectName");
        subjectAlternativeNames = Checks.list(subjectAlternativeNames, "subjectAlternativeNames");
        extendedKeyUsages = Checks.oids(extendedKeyUsages, "extendedKeyUsages");
        Checks.positive(validityDays, "validityDays");
        Checks.pem(deviceManagementPublicKey, "PUBLIC KEY", "deviceManagementPublicKey");
        supersedesSerialNumber = Checks.optionalSerialNumber(supersedesSerialNumber, "supersedesSerialNumber");
    }

    public static CertificateRequested of(
            EventEnvelope envelope,
            String deviceId,
            String profileId,
            Platform platform,
            String templateName,
            KeyAlgorithm keyAlgorithm,
            String subjectName,
            List<SubjectAlternativeName> subjectAlternativeNames,
            List<String> extendedKeyUsages,
            boolean nonRepudiation,
            int validityDays,
            String deviceManagementPublicKey,
            String supersedesSerialNumber) {
        return new CertificateRequested(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                deviceId,
                profileId,
                platform,
                templateName,
                keyAlgorithm,
                subjectName,
                subjectAlternativeNames,
                extendedKeyUsages,
                nonRepudiation,
                validityDays,
                deviceManagementPublicKey,
                supersedesSerialNumber);
    }

    @Override
    public String partitionKey() {
        return requestId;
    }
}
