package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateIssuerTest {

    @TempDir
    Path dir;

    static Stream<Arguments> everyAuthorityAndKeyAlgorithm() {
        return Stream.of("EC CA", "RSA CA")
                .flatMap(ca -> Stream.of(KeyAlgorithm.values()).map(algorithm -> Arguments.of(ca, algorithm)));
    }

    private static CertificateAuthority authority(String name) {
        return name.equals("EC CA") ? TestPki.ecAuthority() : TestPki.rsaAuthority();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("everyAuthorityAndKeyAlgorithm")
    void opensslVerifiesTheChain(String caName, KeyAlgorithm algorithm) {
        CertificateAuthority authority = authority(caName);
        CertificateIssuer issuer = TestPki.issuer(authority);
        IssuanceRequest request = TestPki.request(algorithm).build();
        IssuedCertificate issued = issuer.sign(issuer.prepare(request, TestPki.keyPair(algorithm)));
        TestPki.writeChain(dir, issued.certificate(), authority);

        OpenSsl.Result result = OpenSsl.run(
                dir, "verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("leaf.pem: OK");
        assertThat(issued.certificate().getSigAlgName()).isEqualToIgnoringCase(authority.signatureAlgorithm());
        assertThat(KeyAlgorithm.of(issued.certificate().getPublicKey())).contains(algorithm);
    }

    @Test
    void serverSideKeyGenerationProducesAVerifiableCertificateForTheGeneratedKey() {
        CertificateAuthority authority = TestPki.rsaAuthority();
        IssuedCertificate issued = TestPki.issuer(authority)
                .issue(TestPki.request(KeyAlgorithm.RSA_2048).build());
        TestPki.writeChain(dir, issued.certificate(), authority);
        TestPki.write(dir, "leaf.key", Pem.privateKey(issued.privateKey()));

        OpenSsl.run(dir, "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem")
                .assertSuccess();
        String certificateKey = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-pubkey")
                .assertSuccess()
                .stdout();
        String privateKeyPublicHalf = OpenSsl.run(dir, "pkey", "-in", "leaf.key", "-pubout")
                .assertSuccess()
                .stdout();
        assertThat(certificateKey).isEqualTo(privateKeyPublicHalf);
    }

    @Test
    void pkcsUserRsaCertificateHasTheTemplatesExtensions() {
        CertificateAuthority authority = TestPki.ecAuthority();
        IssuanceRequest request = TestPki.request(KeyAlgorithm.RSA_2048)
                .subjectAlternativeName(SubjectAlternativeName.email("jane@example.test"))
                .subjectAlternativeName(SubjectAlternativeName.dns("laptop-17.example.test"))
                .subjectAlternativeName(SubjectAlternativeName.uri("urn:uuid:6f1c1b8e-0d4f-4a57-9f3e-8c1f2d3e4a5b"))
                .build();
        CertificateIssuer issuer = TestPki.issuer(authority);
        IssuedCertificate issued = issuer.sign(issuer.prepare(request, TestPki.keyPair(KeyAlgorithm.RSA_2048)));
        TestPki.write(dir, "leaf.pem", issued.certificatePem());

        String text = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-text")
                .assertSuccess()
                .stdout();

        assertThat(text)
                .contains("X509v3 Basic Constraints: critical")
                .contains("CA:FALSE")
                .contains("X509v3 Key Usage: critical")
                .contains("Digital Signature, Key Encipherment")
                .contains("TLS Web Client Authentication, E-mail Protection, Microsoft Encrypted File System")
                .contains("othername: UPN::jane@example.test")
                .contains("email:jane@example.test")
                .contains("DNS:laptop-17.example.test")
                .contains("URI:urn:uuid:6f1c1b8e-0d4f-4a57-9f3e-8c1f2d3e4a5b")
                .contains("X509v3 CRL Distribution Points")
                .contains("URI:https://pki.example.test/v1/crl/" + authority.caId() + ".crl")
                .contains("OCSP - URI:https://pki.example.test/v1/ocsp")
                .contains("CA Issuers - URI:https://pki.example.test/v1/ca/issuing.cer")
                .contains("X509v3 Subject Key Identifier")
                .contains("X509v3 Authority Key Identifier")
                .doesNotContain("Non Repudiation")
                .doesNotContain("Key Agreement");
        assertThat(text).containsPattern("Subject: .*CN\\s?=\\s?Jane Doe");
    }

    @Test
    void ecCertificatesExchangeKeysByAgreementNotEncipherment() {
        IssuedCertificate issued = TestPki.issuer(TestPki.rsaAuthority())
                .issue(TestPki.request(KeyAlgorithm.EC_P256).build());
        TestPki.write(dir, "leaf.pem", issued.certificatePem());

        String text = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-text")
                .assertSuccess()
                .stdout();

        assertThat(text).contains("Digital Signature, Key Agreement").doesNotContain("Key Encipherment");
        assertThat(issued.certificate().getKeyUsage())
                .isEqualTo(new boolean[] {true, false, false, false, true, false, false, false, false});
    }

    @Test
    void requestedEkusNarrowTheTemplatesAndKeepItsOrder() throws Exception {
        IssuedCertificate issued = TestPki.issuer(TestPki.ecAuthority())
                .issue(TestPki.request(KeyAlgorithm.EC_P256)
                        .extendedKeyUsage(ExtendedKeyUsages.ENCRYPTING_FILE_SYSTEM)
                        .extendedKeyUsage(ExtendedKeyUsages.CLIENT_AUTH)
                        .build());

        assertThat(issued.certificate().getExtendedKeyUsage())
                .containsExactly(ExtendedKeyUsages.CLIENT_AUTH, ExtendedKeyUsages.ENCRYPTING_FILE_SYSTEM);
    }

    @Test
    void templateNameIsRecordedAsWindowsDoes() {
        IssuedCertificate issued = TestPki.issuer(TestPki.ecAuthority())
                .issue(TestPki.request(KeyAlgorithm.EC_P256).build());

        assertThat(issued.certificate().getExtensionValue("1.3.6.1.4.1.311.20.2"))
                .isNotNull();
        assertThat(issued.templateName()).isEqualTo("PkcsUser");
    }

    @Test
    void aCertificateWithoutSubjectHasACriticalSan() {
        CertificateTemplate sanOnly = CertificateTemplate.PKCS_USER.toBuilder()
                .subjectSuppliedInRequest(false)
                .build();
        CertificateIssuer issuer = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(sanOnly));
        IssuedCertificate issued = issuer.issue(TestPki.request(KeyAlgorithm.EC_P256)
                .subject(DistinguishedName.EMPTY)
                .build());
        TestPki.writeChain(dir, issued.certificate(), TestPki.ecAuthority());

        OpenSsl.run(dir, "verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem")
                .assertSuccess();
        assertThat(issued.certificate().getCriticalExtensionOIDs()).contains("2.5.29.17");
    }

    @Test
    void validityIsBackdatedAMinuteAndEndsASecondBeforeTheFullPeriod() {
        Instant now = Instant.parse("2030-03-01T10:15:30.250Z");
        CertificateIssuer issuer = new CertificateIssuer(
                TestPki.ecAuthority(),
                TemplateRegistry.builtIn(),
                IssuancePolicy.standard(),
                Clock.fixed(now, ZoneOffset.UTC));

        IssuedCertificate issued = issuer.issue(TestPki.request(KeyAlgorithm.EC_P256)
                .validity(Period.ofYears(1))
                .build());

        assertThat(issued.notBefore()).isEqualTo(Instant.parse("2030-03-01T10:14:30Z"));
        assertThat(issued.notAfter()).isEqualTo(Instant.parse("2031-03-01T10:14:29Z"));
        assertThat(issued.certificate().getNotBefore().toInstant()).isEqualTo(issued.notBefore());
        assertThat(issued.certificate().getNotAfter().toInstant()).isEqualTo(issued.notAfter());
    }

    @Test
    void validityIsCappedAtTheIssuingCasEnd() {
        CertificateAuthority authority = TestPki.ecAuthority();
        Instant caEnd = authority.issuingCertificate().getNotAfter().toInstant();
        Clock nearTheEnd = Clock.fixed(caEnd.minus(Duration.ofDays(30)), ZoneOffset.UTC);
        CertificateIssuer issuer = new CertificateIssuer(
                authority, TemplateRegistry.builtIn(), IssuancePolicy.standard(nearTheEnd), nearTheEnd);

        IssuedCertificate issued = issuer.issue(TestPki.request(KeyAlgorithm.EC_P256)
                .validity(Period.ofYears(1))
                .build());

        assertThat(issued.notAfter()).isEqualTo(caEnd);
    }

    @Test
    void anExpiredIssuingCaRefusesToIssue() {
        CertificateAuthority authority = TestPki.ecAuthority();
        Clock afterTheEnd = Clock.fixed(
                authority.issuingCertificate().getNotAfter().toInstant().plusSeconds(1), ZoneOffset.UTC);
        CertificateIssuer issuer = new CertificateIssuer(
                authority, TemplateRegistry.builtIn(), IssuancePolicy.standard(afterTheEnd), afterTheEnd);

        assertThatThrownBy(
                        () -> issuer.issue(TestPki.request(KeyAlgorithm.EC_P256).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void serialsArePositiveLongAndDistinct() {
        CertificateIssuer issuer = TestPki.issuer(TestPki.ecAuthority());
        IssuanceRequest request = TestPki.request(KeyAlgorithm.EC_P256).build();
        Set<BigInteger> serials = new HashSet<>();

        for (int i = 0; i < 200; i++) {
            IssuedCertificate issued = issuer.issue(request);
            BigInteger serial = issued.certificate().getSerialNumber();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isGreaterThanOrEqualTo(64).isLessThanOrEqualTo(159);
            assertThat(issued.serialNumber()).isEqualTo(serial);
            assertThat(issued.serialHex()).hasSize(40).isEqualTo(serial.toString(16));
            serials.add(serial);
        }

        assertThat(serials).hasSize(200);
    }

    @Test
    void resultCarriesChainThumbprintAndIds() {
        CertificateAuthority authority = TestPki.ecAuthority();
        IssuedCertificate issued = TestPki.issuer(authority)
                .issue(TestPki.request(KeyAlgorithm.EC_P256).build());

        List<X509Certificate> chain = issued.chain();
        assertThat(chain)
                .containsExactly(issued.certificate(), authority.issuingCertificate(), authority.rootCertificate());
        assertThat(issued.thumbprint())
                .matches("[0-9A-F]{40}")
                .isEqualTo(Certificates.thumbprint(issued.certificate()));
        assertThat(issued.caId()).isEqualTo(authority.caId());
        assertThat(issued.keyAlgorithm()).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(issued.toString()).doesNotContain(issued.privateKey().toString());
    }

    @Test
    void aPreparedIssuanceIsSignedOnceOnly() {
        CertificateIssuer issuer = TestPki.issuer(TestPki.ecAuthority());
        PreparedIssuance prepared =
                issuer.prepare(TestPki.request(KeyAlgorithm.EC_P256).build());
        String serial = prepared.serialHex();

        IssuedCertificate issued = issuer.sign(prepared);

        assertThat(issued.serialHex()).isEqualTo(serial);
        assertThatThrownBy(() -> issuer.sign(prepared))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(serial);
    }

    @Test
    void aPreparedIssuanceCannotBeSignedByAnotherIssuer() {
        PreparedIssuance prepared = TestPki.issuer(TestPki.ecAuthority())
                .prepare(TestPki.request(KeyAlgorithm.EC_P256).build());

        assertThatThrownBy(() -> TestPki.issuer(TestPki.ecAuthority()).sign(prepared))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSuppliedKeyPairMustMatchTheRequest() {
        CertificateIssuer issuer = TestPki.issuer(TestPki.ecAuthority());

        assertThatThrownBy(() -> issuer.prepare(
                        TestPki.request(KeyAlgorithm.EC_P256).build(), TestPki.keyPair(KeyAlgorithm.EC_P384)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ecP384");
        java.security.KeyPair mixed = new java.security.KeyPair(
                TestPki.keyPair(KeyAlgorithm.EC_P256).getPublic(),
                KeyAlgorithm.EC_P256.generateKeyPair().getPrivate());
        assertThatThrownBy(() ->
                        issuer.prepare(TestPki.request(KeyAlgorithm.EC_P256).build(), mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void newLeavesFollowAChangedBaseUrl() {
        CertificateAuthority moved =
                TestPki.ecAuthority().withSettings(CaSettings.defaults(PkiUrls.of("http://crl.example.test/pki/")));
        IssuedCertificate issued = TestPki.issuer(moved)
                .issue(TestPki.request(KeyAlgorithm.EC_P256).build());
        TestPki.write(dir, "leaf.pem", issued.certificatePem());

        String text = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-text")
                .assertSuccess()
                .stdout();

        assertThat(text)
                .contains("URI:http://crl.example.test/pki/v1/crl/" + moved.caId() + ".crl")
                .contains("OCSP - URI:http://crl.example.test/pki/v1/ocsp");
    }
}
