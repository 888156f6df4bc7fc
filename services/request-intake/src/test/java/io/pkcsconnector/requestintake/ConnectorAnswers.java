package io.pkcsconnector.requestintake;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.PaddingScheme;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.IssuanceRequest;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.PasswordGenerator;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.pki.Pkcs12Encoder;
import io.pkcsconnector.pki.Pkcs12Options;
import io.pkcsconnector.pki.TemplateRegistry;
import java.security.PublicKey;
import java.time.Period;
import java.util.Base64;
import java.util.List;

/** The connector's side in request-intake's tests: a real certificate and the CertificateIssued it would publish. */
final class ConnectorAnswers {

    static final String SUBJECT = "CN=jane.doe@contoso.test";
    static final String CONNECTOR = "test-connector";

    record Issued(IssuedCertificate certificate, CertificateIssued event) {}

    private ConnectorAnswers() {}

    /** A P-256 certificate from {@code ca} for {@code requestId}, its PFX password wrapped for {@code deviceKey}. */
    static Issued issued(
            CertificateAuthority ca,
            PublicKey deviceKey,
            String tenant,
            String requestId,
            String deviceId,
            String profileId) {
        IssuedCertificate cert = new CertificateIssuer(ca, TemplateRegistry.builtIn())
                .issue(IssuanceRequest.builder()
                        .requestId(requestId)
                        .templateName("PkcsUser")
                        .keyAlgorithm(KeyAlgorithm.EC_P256)
                        .subject(SUBJECT)
                        .validity(Period.ofYears(1))
                        .connectorIdentity(CONNECTOR)
                        .build());
        char[] password = PasswordGenerator.generate();
        return new Issued(
                cert,
                CertificateIssued.of(
                        EventEnvelope.newEnvelope(tenant, requestId, null),
                        deviceId,
                        profileId,
                        ca.caId(),
                        cert.serialHex(),
                        cert.thumbprint(),
                        SUBJECT,
                        cert.notBefore(),
                        cert.notAfter(),
                        io.pkcsconnector.contracts.KeyAlgorithm.EC_P256,
                        256,
                        List.of("1.3.6.1.5.5.7.3.2"),
                        cert.certificatePem(),
                        Base64.getEncoder()
                                .encodeToString(new Pkcs12Encoder(Pkcs12Options.defaults()).encode(cert, password)),
                        Base64.getEncoder()
                                .encodeToString(PasswordWrapper.wrap(PasswordGenerator.toBytes(password), deviceKey)),
                        PaddingScheme.OAEP_SHA256,
                        CONNECTOR));
    }
}
