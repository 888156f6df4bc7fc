package io.pkcsconnector.notifier;

import io.pkcsconnector.contracts.CertificateDestinationStore;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.DeviceEnrolled;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.PaddingScheme;
import io.pkcsconnector.contracts.Platform;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.Pem;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Valid contract events with real key material, as the other services produce them. */
final class TestEvents {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private TestEvents() {}

    static String id() {
        return UUID.randomUUID().toString();
    }

    /** The issuance worker's event for {@code requestId}, with a fresh event id. */
    static CertificateIssued certificateIssued(String tenantId, String requestId, String deviceId) {
        return certificateIssued(tenantId, requestId, deviceId, TestPki.issue(requestId));
    }

    /** The same certificate again under a new event id, as a replaying or re-publishing producer sends it. */
    static CertificateIssued republished(CertificateIssued event) {
        return new CertificateIssued(
                id(),
                event.tenantId(),
                event.requestId(),
                event.occurredAt(),
                event.traceId(),
                event.deviceId(),
                event.profileId(),
                event.caId(),
                event.serialNumber(),
                event.thumbprint(),
                event.subjectName(),
                event.notBefore(),
                event.notAfter(),
                event.keyAlgorithm(),
                event.keyLength(),
                event.extendedKeyUsages(),
                event.certificatePem(),
                event.encryptedPfxBlob(),
                event.encryptedPfxPassword(),
                event.paddingScheme(),
                event.connectorId());
    }

    static CertificateIssued certificateIssued(
            String tenantId, String requestId, String deviceId, TestPki.Issued issued) {
        IssuedCertificate certificate = issued.certificate();
        List<String> ekus;
        try {
            ekus = certificate.certificate().getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new IllegalStateException(e);
        }
        KeyAlgorithm keyAlgorithm =
                KeyAlgorithm.fromWireName(certificate.keyAlgorithm().wireName());
        return CertificateIssued.of(
                EventEnvelope.newEnvelope(tenantId, requestId, TRACE_ID),
                deviceId,
                id(),
                certificate.caId(),
                certificate.serialHex(),
                certificate.thumbprint(),
                certificate.certificate().getSubjectX500Principal().getName(),
                certificate.notBefore(),
                certificate.notAfter(),
                keyAlgorithm,
                keyAlgorithm.keySize(),
                ekus,
                certificate.certificatePem(),
                issued.pfxBase64(),
                issued.wrappedPasswordBase64(),
                PaddingScheme.OAEP_SHA256,
                "issuance-worker-test");
    }

    /** A delivery of {@code kind} with the fields that kind needs; a fresh delivery id. */
    static DeliveryRequested deliveryRequested(
            String tenantId, String deviceId, DeliveryKind kind, String issuanceRequestId) {
        if (kind == DeliveryKind.TRUSTED_ROOT) {
            X509Certificate root = TestPki.authority().rootCertificate();
            return DeliveryRequested.trustedCertificate(
                    EventEnvelope.newEnvelope(tenantId, id(), TRACE_ID),
                    deviceId,
                    root.getSerialNumber().toString(16),
                    thumbprint(root),
                    Pem.certificate(root),
                    CertificateDestinationStore.COMPUTER_CERT_STORE_ROOT);
        }
        TestPki.Issued issued = TestPki.issue(issuanceRequestId == null ? id() : issuanceRequestId);
        IssuedCertificate certificate = issued.certificate();
        boolean pfx = kind != DeliveryKind.REMOVE;
        return DeliveryRequested.of(
                EventEnvelope.newEnvelope(tenantId, id(), TRACE_ID),
                deviceId,
                kind,
                kind == DeliveryKind.PKCS ? issuanceRequestId : null,
                certificate.serialHex(),
                certificate.thumbprint(),
                pfx ? issued.pfxBase64() : null,
                pfx ? issued.wrappedPasswordBase64() : null,
                pfx ? PaddingScheme.OAEP_SHA256 : null,
                null);
    }

    static String thumbprint(X509Certificate certificate) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
            return HexFormat.of().withUpperCase().formatHex(sha1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static DeviceEnrolled deviceEnrolled(String tenantId, String deviceId) {
        return DeviceEnrolled.of(
                EventEnvelope.newEnvelope(tenantId, id(), TRACE_ID),
                deviceId,
                Platform.WINDOWS10,
                id(),
                "jane@example.test",
                "jane@example.test",
                "JANE-LAPTOP",
                TestPki.deviceKeyPem());
    }
}
