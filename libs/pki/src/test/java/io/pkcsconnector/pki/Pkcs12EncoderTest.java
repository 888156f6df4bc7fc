package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs12EncoderTest {

    private static IssuedCertificate rsaLeaf;

    @TempDir
    Path dir;

    @BeforeAll
    static void issue() {
        CertificateIssuer issuer = TestPki.issuer(TestPki.rsaAuthority());
        rsaLeaf = issuer.sign(
                issuer.prepare(TestPki.request(KeyAlgorithm.RSA_2048).build(), TestPki.keyPair(KeyAlgorithm.RSA_2048)));
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"RSA_2048", "EC_P256", "EC_P384"})
    void opensslOpensItWithoutLegacyAndFindsKeyAndChain(KeyAlgorithm algorithm) {
        CertificateIssuer issuer = TestPki.issuer(TestPki.ecAuthority());
        IssuedCertificate issued =
                issuer.sign(issuer.prepare(TestPki.request(algorithm).build(), TestPki.keyPair(algorithm)));
        char[] password = PasswordGenerator.generate();
        TestPki.write(dir, "x.p12", new Pkcs12Encoder().encode(issued, password));

        String out = OpenSsl.run(dir, "pkcs12", "-in", "x.p12", "-passin", "pass:" + new String(password), "-nodes")
                .assertSuccess()
                .stdout();
        OpenSsl.run(
                        dir,
                        "pkcs12",
                        "-in",
                        "x.p12",
                        "-passin",
                        "pass:" + new String(password),
                        "-nocerts",
                        "-nodes",
                        "-out",
                        "key.pem")
                .assertSuccess();
        TestPki.write(dir, "leaf.pem", issued.certificatePem());

        assertThat(count(out, "-----BEGIN CERTIFICATE-----")).isEqualTo(3);
        assertThat(count(out, "-----BEGIN PRIVATE KEY-----")).isEqualTo(1);
        assertThat(out)
                .contains(Pem.certificate(issued.certificate()).trim())
                .contains(Pem.certificate(TestPki.ecAuthority().issuingCertificate())
                        .trim())
                .contains(
                        Pem.certificate(TestPki.ecAuthority().rootCertificate()).trim());
        String keyInPfx = OpenSsl.run(dir, "pkey", "-in", "key.pem", "-pubout")
                .assertSuccess()
                .stdout();
        String keyInCertificate = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-pubkey")
                .assertSuccess()
                .stdout();
        assertThat(keyInPfx).isEqualTo(keyInCertificate);
    }

    @Test
    void bothBagsUsePbes2WithAes256AndTheMacIsHmacSha256() {
        char[] password = PasswordGenerator.generate();
        TestPki.write(dir, "x.p12", new Pkcs12Encoder().encode(rsaLeaf, password));

        String info = OpenSsl.run(
                        dir, "pkcs12", "-info", "-in", "x.p12", "-passin", "pass:" + new String(password), "-noout")
                .assertSuccess()
                .output();

        assertThat(info)
                .contains("MAC: sha256, Iteration 10000")
                .contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256")
                .contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256")
                .doesNotContain("RC2")
                .doesNotContain("3DES")
                .doesNotContain("sha1");
        assertThat(count(info, "Certificate bag")).isEqualTo(3);
    }

    @Test
    void iterationCountsAreConfigurable() {
        char[] password = PasswordGenerator.generate();
        Pkcs12Encoder encoder = new Pkcs12Encoder(new Pkcs12Options(4096, 2048, 3000));
        TestPki.write(dir, "x.p12", encoder.encode(rsaLeaf, password));

        String info = OpenSsl.run(
                        dir, "pkcs12", "-info", "-in", "x.p12", "-passin", "pass:" + new String(password), "-noout")
                .assertSuccess()
                .output();

        assertThat(info)
                .contains("MAC: sha256, Iteration 3000")
                .contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048")
                .contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 4096");
    }

    @Test
    void leafAndKeyShareFriendlyNameAndLocalKeyId() {
        char[] password = PasswordGenerator.generate();
        TestPki.write(dir, "x.p12", new Pkcs12Encoder().encode(rsaLeaf, password));

        String out = OpenSsl.run(dir, "pkcs12", "-in", "x.p12", "-passin", "pass:" + new String(password), "-nodes")
                .assertSuccess()
                .stdout();

        String localKeyId = "localKeyID: " + rsaLeaf.thumbprint().replaceAll("(..)(?!$)", "$1 ");
        assertThat(count(out, "friendlyName: Jane Doe")).isEqualTo(2);
        assertThat(count(out, localKeyId)).isEqualTo(2);
    }

    @Test
    void aWrongPasswordFailsTheMac() {
        TestPki.write(dir, "x.p12", new Pkcs12Encoder().encode(rsaLeaf, PasswordGenerator.generate()));

        OpenSsl.Result result = OpenSsl.run(dir, "pkcs12", "-in", "x.p12", "-passin", "pass:wrong-password", "-nodes");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).containsIgnoringCase("mac verify");
    }

    @Test
    void theJdkKeystoreReadsItToo() throws Exception {
        char[] password = PasswordGenerator.generate();
        byte[] pfx = new Pkcs12Encoder().encode(rsaLeaf, password);

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(pfx), password);

        String alias = store.aliases().nextElement();
        assertThat(alias).isEqualToIgnoringCase("Jane Doe");
        assertThat(store.getKey(alias, password).getEncoded())
                .isEqualTo(rsaLeaf.privateKey().getEncoded());
        Certificate[] chain = store.getCertificateChain(alias);
        assertThat(chain).containsExactly(rsaLeaf.chain().toArray(Certificate[]::new));
    }

    @Test
    void eachFileGetsFreshSaltsSoTheSameInputEncryptsDifferently() {
        char[] password = PasswordGenerator.generate();
        Pkcs12Encoder encoder = new Pkcs12Encoder();

        assertThat(encoder.encode(rsaLeaf, password)).isNotEqualTo(encoder.encode(rsaLeaf, password));
    }

    @Test
    void anEmptyPasswordOrTinyIterationCountIsRefused() {
        assertThatThrownBy(() -> new Pkcs12Encoder().encode(rsaLeaf, new char[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pkcs12Options(999, 10_000, 10_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyIterations");
    }
}
