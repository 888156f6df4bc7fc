package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Small value types and helpers: SANs, serials, passwords, PEM, thumbprints, URLs. */
class ValuesTest {

    @TempDir
    Path dir;

    @Test
    void sanValuesAreValidated() {
        assertThat(SubjectAlternativeName.dns("bücher.example")
                        .toGeneralName()
                        .getName()
                        .toString())
                .isEqualTo("xn--bcher-kva.example");
        assertThatThrownBy(() -> SubjectAlternativeName.upn("jane")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectAlternativeName.email("jane@")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectAlternativeName.email("zoë@example.test"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectAlternativeName.dns("bad_host.example"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectAlternativeName.dns("*.example.test"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectAlternativeName.uri("relative/path"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialHexRoundTripsInTheFormsPeoplePaste() {
        BigInteger serial = SerialNumbers.random();
        String hex = SerialNumbers.toHex(serial);

        assertThat(hex).hasSize(40).matches("[0-9a-f]+");
        assertThat(SerialNumbers.fromHex(hex.toUpperCase())).isEqualTo(serial);
        assertThat(SerialNumbers.fromHex(hex.replaceAll("(..)(?!$)", "$1:"))).isEqualTo(serial);
        assertThat(SerialNumbers.toHex(BigInteger.valueOf(0xabc))).isEqualTo("0abc");
        assertThatThrownBy(() -> SerialNumbers.fromHex("xyz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordsAre24UrlSafeCharactersAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String password = new String(PasswordGenerator.generate());
            assertThat(password).hasSize(24).matches("[A-Za-z0-9_-]+");
            seen.add(password);
        }
        assertThat(seen).hasSize(100);
        assertThatThrownBy(() -> PasswordGenerator.generate(8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordBytesAreOneBytePerCharacter() {
        char[] password = "Abc-123_xyz".toCharArray();

        assertThat(PasswordGenerator.toBytes(password)).hasSize(11);
        assertThat(PasswordGenerator.fromBytes(PasswordGenerator.toBytes(password)))
                .isEqualTo(password);
        assertThatThrownBy(() -> PasswordGenerator.toBytes("é".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thumbprintMatchesOpenssl() {
        IssuedCertificate issued = TestPki.issuer(TestPki.ecAuthority())
                .issue(TestPki.request(KeyAlgorithm.EC_P256).build());
        TestPki.write(dir, "leaf.pem", issued.certificatePem());
        TestPki.write(dir, "leaf.der", Certificates.der(issued.certificate()));

        String fingerprint = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-fingerprint", "-sha1")
                .assertSuccess()
                .stdout()
                .trim();
        String fromDer = OpenSsl.run(dir, "x509", "-inform", "DER", "-in", "leaf.der", "-noout", "-serial")
                .assertSuccess()
                .stdout()
                .trim();

        assertThat(fingerprint)
                .isEqualToIgnoringCase("SHA1 Fingerprint=" + issued.thumbprint().replaceAll("(..)(?!$)", "$1:"));
        assertThat(fromDer).isEqualToIgnoringCase("serial=" + issued.serialHex());
    }

    @Test
    void pemChainsRoundTrip() {
        IssuedCertificate issued = TestPki.issuer(TestPki.ecAuthority())
                .issue(TestPki.request(KeyAlgorithm.EC_P256).build());

        assertThat(Pem.parseCertificates(issued.chainPem())).containsExactlyElementsOf(issued.chain());
        assertThat(Certificates.fromDer(Certificates.der(issued.certificate()))).isEqualTo(issued.certificate());
        assertThatThrownBy(() -> Pem.parseCertificates("nothing here")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensslReadsAPemChainFile() {
        TestPki.write(dir, "chain.pem", Pem.certificates(TestPki.ecAuthority().chain()));

        String subjects = OpenSsl.run(dir, "crl2pkcs7", "-nocrl", "-certfile", "chain.pem")
                .assertSuccess()
                .stdout();

        assertThat(subjects).contains("-----BEGIN PKCS7-----");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://pki.example.test", "pki.example.test", "https://pki.example.test/?x=1"})
    void baseUrlsMustBeHttpWithoutQuery(String url) {
        assertThatThrownBy(() -> PkiUrls.of(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void urlsHangOffTheBaseUrl() {
        PkiUrls urls = PkiUrls.of("http://pki.example.test/");

        assertThat(urls.crl("0123456789abcdef")).isEqualTo("http://pki.example.test/v1/crl/0123456789abcdef.crl");
        assertThat(urls.ocsp()).isEqualTo("http://pki.example.test/v1/ocsp");
        assertThat(urls.issuingCertificate()).isEqualTo("http://pki.example.test/v1/ca/issuing.cer");
        assertThat(urls.rootCertificate()).isEqualTo("http://pki.example.test/v1/ca/root.cer");
    }

    @Test
    void requestsAreCheckedForWellFormedness() {
        assertThatThrownBy(() -> IssuanceRequest.builder()
                        .requestId("r")
                        .connectorIdentity(" ")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectorIdentity");
        assertThatThrownBy(() -> IssuanceRequest.builder()
                        .requestId("r")
                        .connectorIdentity("c")
                        .extendedKeyUsage("not-an-oid")
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
