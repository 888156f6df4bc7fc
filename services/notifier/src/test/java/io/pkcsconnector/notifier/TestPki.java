package io.pkcsconnector.notifier;

import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.pki.IssuanceRequest;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.PasswordGenerator;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.pki.Pkcs12Encoder;
import io.pkcsconnector.pki.PkiUrls;
import io.pkcsconnector.pki.SubjectAlternativeName;
import io.pkcsconnector.pki.TemplateRegistry;
import java.security.KeyPair;
import java.util.Base64;

/**
 * Real PKI material for the events the tests produce: certificates from a throw-away CA, PBES2 PFX files and
 * their passwords RSA-OAEP-wrapped for one test device key. Generated once per test JVM, since CA and RSA key
 * generation are the slow part.
 */
final class TestPki {

    /** What the issuance worker puts into a CertificateIssued, for one certificate. */
    record Issued(IssuedCertificate certificate, String pfxBase64, String wrappedPasswordBase64) {}

    private static CertificateIssuer issuer;
    private static KeyPair deviceKey;

    private TestPki() {}

    /** The management key pair of every test device; the private half stands in for the device. */
    static synchronized KeyPair deviceKey() {
        if (deviceKey == null) {
            deviceKey = KeyAlgorithm.RSA_2048.generateKeyPair();
        }
        return deviceKey;
    }

    static String deviceKeyPem() {
        return Pem.publicKey(deviceKey().getPublic());
    }

    static synchronized CertificateAuthority authority() {
        if (issuer == null) {
            CertificateAuthority ca =
                    CertificateAuthority.generate(CaSettings.defaults(PkiUrls.of("https://pki.example.test")));
            issuer = new CertificateIssuer(ca, TemplateRegistry.builtIn());
        }
        return issuer.authority();
    }

    /** A fresh EC certificate (fast to generate) in a PFX whose password only the test device key opens. */
    static Issued issue(String requestId) {
        authority();
        IssuedCertificate certificate = issuer.issue(IssuanceRequest.builder()
                .requestId(requestId)
                .keyAlgorithm(KeyAlgorithm.EC_P256)
                .subject(DistinguishedName.builder()
                        .commonName("Jane Doe")
                        .organization("Example")
                        .build())
                .subjectAlternativeName(SubjectAlternativeName.upn("jane@example.test"))
                .connectorIdentity("notifier-test")
                .build());
        char[] password = PasswordGenerator.generate();
        byte[] pfx = new Pkcs12Encoder().encode(certificate, password);
        byte[] wrapped = PasswordWrapper.wrap(
                PasswordGenerator.toBytes(password), deviceKey().getPublic());
        Base64.Encoder base64 = Base64.getEncoder();
        return new Issued(certificate, base64.encodeToString(pfx), base64.encodeToString(wrapped));
    }
}
