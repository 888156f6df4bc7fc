package io.pkcsconnector.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;

/**
 * Shared fixtures. CA and RSA key generation are the slow part of this suite, so each CA and each key
 * algorithm's key pair is generated once per test JVM and reused by every test class.
 */
final class TestPki {

    static final PkiUrls URLS = PkiUrls.of("https://pki.example.test");
    static final String CONNECTOR = "connector-1";

    private static CertificateAuthority ecAuthority;
    private static CertificateAuthority rsaAuthority;
    private static final Map<KeyAlgorithm, KeyPair> KEY_PAIRS = new EnumMap<>(KeyAlgorithm.class);

    private TestPki() {}

    /** The default CA: P-384 root, P-256 issuing. */
    static synchronized CertificateAuthority ecAuthority() {
        if (ecAuthority == null) {
            ecAuthority = CertificateAuthority.generate(CaSettings.defaults(URLS));
        }
        return ecAuthority;
    }

    /** An RSA CA: RSA-3072 root, RSA-2048 issuing (smaller than production would use, for speed). */
    static synchronized CertificateAuthority rsaAuthority() {
        if (rsaAuthority == null) {
            rsaAuthority = CertificateAuthority.generate(CaSettings.builder(URLS)
                    .rootCommonName("Test RSA Root CA")
                    .issuingCommonName("Test RSA Issuing CA")
                    .rootKeyAlgorithm(KeyAlgorithm.RSA_3072)
                    .issuingKeyAlgorithm(KeyAlgorithm.RSA_2048)
                    .build());
        }
        return rsaAuthority;
    }

    /** One generated key pair per algorithm, so RSA-4096 is generated once per run. */
    static synchronized KeyPair keyPair(KeyAlgorithm algorithm) {
        return KEY_PAIRS.computeIfAbsent(algorithm, KeyAlgorithm::generateKeyPair);
    }

    static CertificateIssuer issuer(CertificateAuthority authority) {
        return new CertificateIssuer(authority, TemplateRegistry.builtIn());
    }

    static IssuanceRequest.Builder request(KeyAlgorithm algorithm) {
        return IssuanceRequest.builder()
                .requestId("req-" + algorithm.wireName())
                .templateName(CertificateTemplate.PKCS_USER_NAME)
                .keyAlgorithm(algorithm)
                .subject(DistinguishedName.builder()
                        .commonName("Jane Doe")
                        .organization("Example")
                        .build())
                .subjectAlternativeName(SubjectAlternativeName.upn("jane@example.test"))
                .connectorIdentity(CONNECTOR);
    }

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes root.pem, issuing.pem and leaf.pem for {@code openssl verify}. */
    static void writeChain(Path dir, X509Certificate leaf, CertificateAuthority authority) {
        write(dir, "root.pem", Pem.certificate(authority.rootCertificate()));
        write(dir, "issuing.pem", Pem.certificate(authority.issuingCertificate()));
        write(dir, "leaf.pem", Pem.certificate(leaf));
    }
}
