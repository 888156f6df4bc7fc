package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateAuthorityTest {

    @TempDir
    Path dir;

    private static CertificateAuthority authority(String name) {
        return name.equals("ec") ? TestPki.ecAuthority() : TestPki.rsaAuthority();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void rootIsASelfSignedCaForCertificatesAndCrls(String kind) {
        CertificateAuthority ca = authority(kind);
        TestPki.write(dir, "root.pem", Pem.certificate(ca.rootCertificate()));

        String text = OpenSsl.run(dir, "x509", "-in", "root.pem", "-noout", "-text")
                .assertSuccess()
                .stdout();
        OpenSsl.run(dir, "verify", "-x509_strict", "-CAfile", "root.pem", "root.pem")
                .assertSuccess();

        assertThat(text)
                .contains("X509v3 Basic Constraints: critical\n                CA:TRUE\n")
                .contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign\n")
                .contains("X509v3 Subject Key Identifier");
        assertThat(ca.rootCertificate().getSubjectX500Principal())
                .isEqualTo(ca.rootCertificate().getIssuerX500Principal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void issuingCaMaySignLeavesOnly(String kind) {
        CertificateAuthority ca = authority(kind);
        TestPki.write(dir, "root.pem", Pem.certificate(ca.rootCertificate()));
        TestPki.write(dir, "issuing.pem", Pem.certificate(ca.issuingCertificate()));

        String text = OpenSsl.run(dir, "x509", "-in", "issuing.pem", "-noout", "-text")
                .assertSuccess()
                .stdout();
        OpenSsl.run(dir, "verify", "-x509_strict", "-CAfile", "root.pem", "issuing.pem")
                .assertSuccess();

        assertThat(text)
                .contains("CA:TRUE, pathlen:0")
                .contains("Digital Signature, Certificate Sign, CRL Sign")
                .contains("X509v3 Authority Key Identifier")
                .contains("URI:https://pki.example.test/v1/crl/" + ca.rootCaId() + ".crl")
                .contains("CA Issuers - URI:https://pki.example.test/v1/ca/root.cer");
        assertThat(ca.issuingCertificate().getBasicConstraints()).isZero();
    }

    @Test
    void defaultsAreAP384RootAndAP256IssuingCa() {
        CertificateAuthority ca = TestPki.ecAuthority();

        assertThat(ca.rootKeyAlgorithm()).isEqualTo(KeyAlgorithm.EC_P384);
        assertThat(ca.issuingKeyAlgorithm()).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(ca.issuingCertificate().getSigAlgName()).isEqualToIgnoringCase("SHA384withECDSA");
        assertThat(ca.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        assertThat(TestPki.rsaAuthority().signatureAlgorithm()).isEqualTo("SHA256withRSA");
    }

    @Test
    void validitiesFollowTheSettingsAndTheIssuingCaEndsNoLaterThanTheRoot() {
        CertificateAuthority ca = TestPki.ecAuthority();
        Date rootStart = ca.rootCertificate().getNotBefore();

        assertThat(ca.rootCertificate().getNotAfter().toInstant())
                .isEqualTo(rootStart
                        .toInstant()
                        .atOffset(ZoneOffset.UTC)
                        .plus(Period.ofYears(20))
                        .toInstant());
        assertThat(ca.issuingCertificate().getNotAfter().toInstant())
                .isEqualTo(rootStart
                        .toInstant()
                        .atOffset(ZoneOffset.UTC)
                        .plus(Period.ofYears(10))
                        .toInstant());

        CertificateAuthority capped = CertificateAuthority.generate(CaSettings.builder(TestPki.URLS)
                .rootValidity(Period.ofYears(5))
                .issuingValidity(Period.ofYears(10))
                .build());
        assertThat(capped.issuingCertificate().getNotAfter())
                .isEqualTo(capped.rootCertificate().getNotAfter());
    }

    @Test
    void chainIsIssuingThenRoot() {
        CertificateAuthority ca = TestPki.ecAuthority();

        assertThat(ca.chain()).containsExactly(ca.issuingCertificate(), ca.rootCertificate());
    }

    @Test
    void theContentSignerSignsCrlsThatOpensslAccepts() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        IssuedCertificate issued =
                TestPki.issuer(ca).issue(TestPki.request(KeyAlgorithm.EC_P256).build());
        Date now = new Date();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(
                        ca.issuingCertificate().getSubjectX500Principal().getEncoded()),
                now);
        builder.setNextUpdate(new Date(now.getTime() + 86_400_000L));
        builder.addCRLEntry(issued.serialNumber(), now, CRLReason.keyCompromise);
        builder.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                new org.bouncycastle.asn1.x509.AuthorityKeyIdentifier(
                        Certificates.subjectKeyIdentifier(ca.issuingCertificate())));
        X509CRLHolder crl = builder.build(ca.newContentSigner());
        TestPki.writeChain(dir, issued.certificate(), ca);
        TestPki.write(
                dir,
                "crl.pem",
                Pem.encode("X509 CRL", new JcaX509CRLConverter().getCRL(crl).getEncoded()));

        OpenSsl.Result result = OpenSsl.run(
                dir,
                "verify",
                "-crl_check",
                "-CRLfile",
                "crl.pem",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "leaf.pem");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("certificate revoked");
    }
}
