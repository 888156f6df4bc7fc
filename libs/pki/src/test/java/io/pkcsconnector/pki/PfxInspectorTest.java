package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.crypto.SecretKey;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenSSL makes the keys, certificates and PFX files an administrator would upload; the inspector must
 * accept the good ones and name what is wrong with each bad one.
 */
class PfxInspectorTest {

    private static final String PASSWORD = "Import-Me-1234";

    @TempDir
    static Path fixtures;

    @TempDir
    Path dir;

    private final PfxInspector inspector = new PfxInspector();

    /** An RSA-2048 key and a 30-day self-signed S/MIME certificate, made by openssl. */
    @BeforeAll
    static void selfSigned() {
        OpenSsl.run(
                        fixtures,
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        "key.pem",
                        "-out",
                        "cert.pem",
                        "-subj",
                        "/CN=Jane Doe/emailAddress=jane@example.test",
                        "-addext",
                        "extendedKeyUsage=emailProtection",
                        "-days",
                        "30")
                .assertSuccess();
        OpenSsl.run(
                        fixtures,
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        "other-key.pem",
                        "-out",
                        "other-cert.pem",
                        "-subj",
                        "/CN=John Roe",
                        "-days",
                        "30")
                .assertSuccess();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code openssl pkcs12 -export} of the fixture key and certificate with extra options. */
    private byte[] export(String... options) {
        List<String> args = new ArrayList<>(List.of(
                "pkcs12",
                "-export",
                "-in",
                fixtures.resolve("cert.pem").toString(),
                "-inkey",
                fixtures.resolve("key.pem").toString(),
                "-passout",
                "pass:" + PASSWORD,
                "-out",
                "x.p12"));
        args.addAll(List.of(options));
        OpenSsl.run(dir, args.toArray(String[]::new)).assertSuccess();
        return read(dir.resolve("x.p12"));
    }

    private static X509Certificate certificate(String name) {
        return Pem.parseCertificates(new String(read(fixtures.resolve(name)))).get(0);
    }

    private static String opensslThumbprint(Path dir, String pem) {
        // "SHA1 Fingerprint=AB:CD:..."
        String out = OpenSsl.run(dir, "x509", "-in", pem, "-noout", "-fingerprint", "-sha1")
                .assertSuccess()
                .stdout()
                .trim();
        return out.substring(out.indexOf('=') + 1).replace(":", "");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            Runnable call, PfxImportFailure failure) {
        return assertThatThrownBy(call::run)
                .isInstanceOf(PfxImportException.class)
                .hasMessageStartingWith(failure.wireName() + ": ")
                .hasMessageNotContaining(PASSWORD)
                .satisfies(e -> assertThat(((PfxImportException) e).failure()).isEqualTo(failure));
    }

    @Test
    void readsOpenssl3sDefaultExport() {
        byte[] pfx = export();
        String info = OpenSsl.run(dir, "pkcs12", "-info", "-noout", "-in", "x.p12", "-passin", "pass:" + PASSWORD)
                .assertSuccess()
                .output();
        X509Certificate expected = certificate("cert.pem");

        InspectedPfx inspected = inspector.inspect(pfx, PASSWORD.toCharArray());

        assertThat(info).contains("MAC: sha256").contains("PBES2, PBKDF2, AES-256-CBC");
        assertThat(inspected.certificate()).isEqualTo(expected);
        assertThat(inspected.chain()).containsExactly(expected);
        assertThat(inspected.thumbprint())
                .isEqualTo(opensslThumbprint(fixtures, "cert.pem"))
                .isEqualTo(Certificates.thumbprint(expected))
                .matches("[0-9A-F]{40}");
        assertThat(inspected.notBefore()).isEqualTo(expected.getNotBefore().toInstant());
        assertThat(inspected.notAfter()).isEqualTo(expected.getNotAfter().toInstant());
        assertThat(inspected.keyAlgorithm()).isEqualTo("RSA");
        assertThat(inspected.keySize()).isEqualTo(2048);
        assertThat(inspected.knownKeyAlgorithm()).contains(KeyAlgorithm.RSA_2048);
        assertThat(PfxInspector.matches(inspected.privateKey(), expected.getPublicKey()))
                .isTrue();
        assertThat(inspected.toString()).contains(inspected.thumbprint()).doesNotContain("private exponent");
    }

    @Test
    void readsTheLegacyRc2And3desExport() {
        byte[] pfx = export("-legacy");
        String info = OpenSsl.run(
                        dir, "pkcs12", "-legacy", "-info", "-noout", "-in", "x.p12", "-passin", "pass:" + PASSWORD)
                .assertSuccess()
                .output();

        assertThat(info).contains("MAC: sha1").contains("pbeWithSHA1And40BitRC2-CBC");
        assertThat(inspector.inspect(pfx, PASSWORD.toCharArray()).certificate()).isEqualTo(certificate("cert.pem"));
    }

    @Test
    void readsTripleDesWithASha1Mac() {
        byte[] pfx = export("-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1");

        assertThat(inspector.inspect(pfx, PASSWORD.toCharArray()).thumbprint())
                .isEqualTo(opensslThumbprint(fixtures, "cert.pem"));
    }

    @Test
    void readsAnEcKey() {
        OpenSsl.run(
                        dir,
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-keyout",
                        "ec.key",
                        "-out",
                        "ec.pem",
                        "-subj",
                        "/CN=EC User",
                        "-days",
                        "10")
                .assertSuccess();
        OpenSsl.run(
                        dir,
                        "pkcs12",
                        "-export",
                        "-in",
                        "ec.pem",
                        "-inkey",
                        "ec.key",
                        "-passout",
                        "pass:" + PASSWORD,
                        "-out",
                        "ec.p12")
                .assertSuccess();

        InspectedPfx inspected = inspector.inspect(read(dir.resolve("ec.p12")), PASSWORD.toCharArray());

        assertThat(inspected.keyAlgorithm()).isEqualTo("EC");
        assertThat(inspected.keySize()).isEqualTo(256);
        assertThat(inspected.knownKeyAlgorithm()).contains(KeyAlgorithm.EC_P256);
        assertThat(inspected.thumbprint()).isEqualTo(opensslThumbprint(dir, "ec.pem"));
    }

    @Test
    void returnsTheChainOfACaIssuedCertificateLeafFirst() {
        CertificateAuthority ca = TestPki.rsaAuthority();
        CertificateIssuer issuer = TestPki.issuer(ca);
        IssuedCertificate issued = issuer.sign(
                issuer.prepare(TestPki.request(KeyAlgorithm.RSA_2048).build(), TestPki.keyPair(KeyAlgorithm.RSA_2048)));
        TestPki.writeChain(dir, issued.certificate(), ca);
        TestPki.write(dir, "leaf.key", Pem.privateKey(issued.privateKey()));
        // Root before issuing, so the order of the result comes from the inspector, not from the file.
        TestPki.write(dir, "cas.pem", Pem.certificates(List.of(ca.rootCertificate(), ca.issuingCertificate())));
        OpenSsl.run(
                        dir,
                        "pkcs12",
                        "-export",
                        "-in",
                        "leaf.pem",
                        "-inkey",
                        "leaf.key",
                        "-certfile",
                        "cas.pem",
                        "-passout",
                        "pass:" + PASSWORD,
                        "-out",
                        "chain.p12")
                .assertSuccess();

        InspectedPfx inspected = inspector.inspect(read(dir.resolve("chain.p12")), PASSWORD.toCharArray());

        assertThat(inspected.certificate()).isEqualTo(issued.certificate());
        assertThat(inspected.chain())
                .containsExactly(issued.certificate(), ca.issuingCertificate(), ca.rootCertificate());
        assertThat(inspected.thumbprint()).isEqualTo(issued.thumbprint());
    }

    /**
     * The whole import as the service will run it: an import key pair, the public PEM to the
     * administrator, openssl encrypting the PFX password with it, then decrypt and inspect.
     */
    @ParameterizedTest
    @ValueSource(strings = {"oaepSha256", "oaepSha384", "oaepSha512"})
    void endToEndWithAnImportKey(String paddingScheme) throws Exception {
        ImportPaddingScheme scheme = ImportPaddingScheme.fromWireName(paddingScheme);
        KeyPair importKey = TestPki.keyPair(KeyAlgorithm.RSA_2048);
        byte[] kekBytes = new byte[32];
        CryptoProviders.random().nextBytes(kekBytes);
        SecretKey kek = ImportKeys.kek(kekBytes);
        byte[] stored = ImportKeys.wrapPrivateKey(importKey.getPrivate(), "tenant/provider/key", kek);
        TestPki.write(dir, "import.pem", ImportKeys.publicKeyPem(importKey.getPublic()));
        TestPki.write(dir, "password.txt", PASSWORD);
        String md = scheme.oaepPadding().openSslDigest();
        OpenSsl.run(
                        dir,
                        "pkeyutl",
                        "-encrypt",
                        "-pubin",
                        "-inkey",
                        "import.pem",
                        "-in",
                        "password.txt",
                        "-out",
                        "password.enc",
                        "-pkeyopt",
                        "rsa_padding_mode:oaep",
                        "-pkeyopt",
                        "rsa_oaep_md:" + md,
                        "-pkeyopt",
                        "rsa_mgf1_md:" + md)
                .assertSuccess();
        String encryptedPfxPassword = Base64.getEncoder().encodeToString(read(dir.resolve("password.enc")));
        byte[] pfx = export();
        X509Certificate expected = certificate("cert.pem");

        char[] password = ImportedPasswordDecryptor.decrypt(
                encryptedPfxPassword, ImportKeys.unwrapPrivateKey(stored, "tenant/provider/key", kek), scheme);
        InspectedPfx inspected = inspector.inspect(
                pfx,
                password,
                new PfxExpectations(
                        opensslThumbprint(fixtures, "cert.pem"),
                        expected.getNotBefore().toInstant(),
                        expected.getNotAfter().toInstant()));

        assertThat(inspected.certificate()).isEqualTo(expected);
    }

    @Test
    void aNonAsciiPasswordOpensWhatOpensslWroteFromUtf8() {
        // The password arrives one byte per character (ISO-8859-1); OpenSSL takes it as UTF-8 and turns it
        // into BMPString for the MAC and keeps the UTF-8 bytes for PBKDF2, which is what a char[] gives both.
        String password = "Pässwörd-ÿ";
        TestPki.write(dir, "password.txt", password.getBytes(StandardCharsets.UTF_8));
        OpenSsl.run(
                        dir,
                        "pkcs12",
                        "-export",
                        "-in",
                        fixtures.resolve("cert.pem").toString(),
                        "-inkey",
                        fixtures.resolve("key.pem").toString(),
                        "-passout",
                        "file:password.txt",
                        "-out",
                        "latin1.p12")
                .assertSuccess();
        byte[] pfx = read(dir.resolve("latin1.p12"));

        assertThat(inspector.inspect(pfx, password.toCharArray()).certificate()).isEqualTo(certificate("cert.pem"));
        assertRefused(() -> inspector.inspect(pfx, "Passwoerd-y".toCharArray()), PfxImportFailure.WRONG_PASSWORD);
    }

    @Test
    void aWrongPasswordIsWrongPassword() {
        byte[] pfx = export();

        assertRefused(() -> inspector.inspect(pfx, "import-me-1234".toCharArray()), PfxImportFailure.WRONG_PASSWORD);
        assertRefused(() -> inspector.inspect(pfx, new char[0]), PfxImportFailure.WRONG_PASSWORD);
    }

    @Test
    void aWrongPasswordForALegacyPfxIsWrongPassword() {
        byte[] pfx = export("-legacy");

        assertRefused(() -> inspector.inspect(pfx, "nope".toCharArray()), PfxImportFailure.WRONG_PASSWORD);
    }

    @Test
    void withoutAMacTheFailedDecryptionRevealsTheWrongPassword() {
        byte[] pfx = export("-nomac");
        assertThat(inspector.inspect(pfx, PASSWORD.toCharArray()).certificate()).isEqualTo(certificate("cert.pem"));

        assertRefused(() -> inspector.inspect(pfx, "nope".toCharArray()), PfxImportFailure.WRONG_PASSWORD);
    }

    @Test
    void truncatedOrForeignBytesAreCorrupt() {
        byte[] pfx = export();

        for (byte[] bad : new byte[][] {
            Arrays.copyOf(pfx, pfx.length / 2),
            Arrays.copyOf(pfx, pfx.length - 1),
            Arrays.copyOf(pfx, 10),
            new byte[0],
            read(fixtures.resolve("cert.pem")),
            Certificates.der(certificate("cert.pem"))
        }) {
            assertRefused(() -> inspector.inspect(bad, PASSWORD.toCharArray()), PfxImportFailure.CORRUPT_PFX);
        }
        assertRefused(() -> inspector.inspect(null, PASSWORD.toCharArray()), PfxImportFailure.CORRUPT_PFX);
    }

    @Test
    void absurdIterationCountsAreRefusedBeforeAnyDerivation() {
        byte[] pfx = export("-iter", "1000001");

        assertRefused(() -> inspector.inspect(pfx, PASSWORD.toCharArray()), PfxImportFailure.CORRUPT_PFX)
                .hasMessageContaining("1000001 iterations");
        // Without a MAC the key bag's own count is what is checked.
        byte[] noMac = export("-nomac", "-iter", "1000001");
        assertRefused(() -> inspector.inspect(noMac, PASSWORD.toCharArray()), PfxImportFailure.CORRUPT_PFX)
                .hasMessageContaining("1000001 iterations");
    }

    @Test
    void aPfxWithOnlyCertificatesHasNoPrivateKey() {
        OpenSsl.run(
                        dir,
                        "pkcs12",
                        "-export",
                        "-nokeys",
                        "-in",
                        fixtures.resolve("cert.pem").toString(),
                        "-passout",
                        "pass:" + PASSWORD,
                        "-out",
                        "nokey.p12")
                .assertSuccess();

        assertRefused(
                () -> inspector.inspect(read(dir.resolve("nokey.p12")), PASSWORD.toCharArray()),
                PfxImportFailure.NO_PRIVATE_KEY);
    }

    @Test
    void aPfxWithOnlyAKeyHasNoCertificate() {
        OpenSsl.run(
                        dir,
                        "pkcs12",
                        "-export",
                        "-nocerts",
                        "-inkey",
                        fixtures.resolve("key.pem").toString(),
                        "-passout",
                        "pass:" + PASSWORD,
                        "-out",
                        "nocert.p12")
                .assertSuccess();

        assertRefused(
                () -> inspector.inspect(read(dir.resolve("nocert.p12")), PASSWORD.toCharArray()),
                PfxImportFailure.NO_CERTIFICATE);
    }

    @Test
    void twoKeysAreMultiplePrivateKeys() throws Exception {
        // openssl pkcs12 -export takes one key, so Bouncy Castle builds this one; openssl confirms it is a
        // well-formed PFX with two keys.
        char[] password = PASSWORD.toCharArray();
        PKCS12PfxPduBuilder builder = new PKCS12PfxPduBuilder();
        builder.addEncryptedData(
                new JdkPbes2Encryptor(password, 2048),
                new PKCS12SafeBagBuilder(new X509CertificateHolder(Certificates.der(certificate("cert.pem")))).build());
        for (String keyFile : List.of("key.pem", "other-key.pem")) {
            byte[] pkcs8 =
                    Pem.read(Files.readString(fixtures.resolve(keyFile))).get(0).getContent();
            builder.addData(
                    new PKCS12SafeBagBuilder(PrivateKeyInfo.getInstance(pkcs8), new JdkPbes2Encryptor(password, 2048))
                            .build());
        }
        byte[] pfx =
                builder.build(new JdkPkcs12MacCalculatorBuilder(2048), password).getEncoded(ASN1Encoding.DER);
        TestPki.write(dir, "two.p12", pfx);
        String out = OpenSsl.run(dir, "pkcs12", "-in", "two.p12", "-passin", "pass:" + PASSWORD, "-nodes")
                .assertSuccess()
                .stdout();
        assertThat(out.split("-----BEGIN PRIVATE KEY-----", -1)).hasSize(3);

        assertRefused(() -> inspector.inspect(pfx, password), PfxImportFailure.MULTIPLE_PRIVATE_KEYS)
                .hasMessageContaining("2 private keys");
    }

    @Test
    void aKeyWithAnotherKeysCertificateDoesNotMatch() throws Exception {
        // openssl refuses to export such a pair ("No certificate matches private key"), so the encoder of
        // this module writes it and openssl confirms the result is readable.
        byte[] pkcs8 = Pem.read(Files.readString(fixtures.resolve("other-key.pem")))
                .get(0)
                .getContent();
        PrivateKey otherKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        byte[] pfx = new Pkcs12Encoder(Pkcs12Options.defaults())
                .encode(otherKey, List.of(certificate("cert.pem")), PASSWORD.toCharArray(), "mismatch");
        TestPki.write(dir, "mismatch.p12", pfx);
        OpenSsl.run(dir, "pkcs12", "-in", "mismatch.p12", "-passin", "pass:" + PASSWORD, "-nodes")
                .assertSuccess();

        assertRefused(
                () -> inspector.inspect(pfx, PASSWORD.toCharArray()), PfxImportFailure.KEY_DOES_NOT_MATCH_CERTIFICATE);
    }

    @Test
    void anEcKeyWithAnotherEcCertificateDoesNotMatch() {
        KeyPair one = TestPki.keyPair(KeyAlgorithm.EC_P256);
        KeyPair other = KeyAlgorithm.EC_P256.generateKeyPair();

        assertThat(PfxInspector.matches(one.getPrivate(), one.getPublic())).isTrue();
        assertThat(PfxInspector.matches(one.getPrivate(), other.getPublic())).isFalse();
        assertThat(PfxInspector.matches(
                        one.getPrivate(), TestPki.keyPair(KeyAlgorithm.RSA_2048).getPublic()))
                .isFalse();
    }

    @Test
    void anExpiredCertificateIsExpired() throws Exception {
        // OpenSSL 3.0's req cannot backdate, so Bouncy Castle signs a certificate that ended yesterday and
        // openssl packs it.
        KeyPair key = TestPki.keyPair(KeyAlgorithm.RSA_2048);
        Instant now = Instant.now();
        X509CertificateHolder holder = new JcaX509v3CertificateBuilder(
                        new X500Name("CN=Expired User"),
                        BigInteger.valueOf(42),
                        Date.from(now.minus(Duration.ofDays(400))),
                        Date.from(now.minus(Duration.ofDays(1))),
                        new X500Name("CN=Expired User"),
                        key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate()));
        TestPki.write(dir, "expired.pem", Pem.encode("CERTIFICATE", holder.getEncoded()));
        TestPki.write(dir, "expired.key", Pem.privateKey(key.getPrivate()));
        OpenSsl.run(
                        dir,
                        "pkcs12",
                        "-export",
                        "-in",
                        "expired.pem",
                        "-inkey",
                        "expired.key",
                        "-passout",
                        "pass:" + PASSWORD,
                        "-out",
                        "expired.p12")
                .assertSuccess();

        assertRefused(
                        () -> inspector.inspect(read(dir.resolve("expired.p12")), PASSWORD.toCharArray()),
                        PfxImportFailure.EXPIRED)
                .hasMessageContaining("expired at");
    }

    @Test
    void expiryIsJudgedByTheInjectedClock() {
        byte[] pfx = export();
        Instant notAfter = certificate("cert.pem").getNotAfter().toInstant();

        assertThat(new PfxInspector(Clock.fixed(notAfter, ZoneOffset.UTC)).inspect(pfx, PASSWORD.toCharArray()))
                .isNotNull();
        assertRefused(
                () -> new PfxInspector(Clock.fixed(notAfter.plusSeconds(1), ZoneOffset.UTC))
                        .inspect(pfx, PASSWORD.toCharArray()),
                PfxImportFailure.EXPIRED);
    }

    @Test
    void theExpectedThumbprintMustMatchInAnyCommonSpelling() {
        byte[] pfx = export();
        String thumbprint = opensslThumbprint(fixtures, "cert.pem");
        String withColons = String.join(":", thumbprint.toLowerCase().split("(?<=\\G..)"));

        assertThat(inspector
                        .inspect(pfx, PASSWORD.toCharArray(), new PfxExpectations(withColons, null, null))
                        .thumbprint())
                .isEqualTo(thumbprint);
        assertRefused(
                        () -> inspector.inspect(
                                pfx,
                                PASSWORD.toCharArray(),
                                new PfxExpectations(opensslThumbprint(fixtures, "other-cert.pem"), null, null)),
                        PfxImportFailure.THUMBPRINT_MISMATCH)
                .hasMessageContaining(thumbprint);
    }

    @Test
    void expectedDatesMayDifferByASecondAtMost() {
        byte[] pfx = export();
        X509Certificate cert = certificate("cert.pem");
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();

        assertThat(inspector.inspect(
                        pfx,
                        PASSWORD.toCharArray(),
                        new PfxExpectations(null, notBefore.plusMillis(999), notAfter.minusMillis(1000))))
                .isNotNull();
        assertRefused(
                () -> inspector.inspect(
                        pfx, PASSWORD.toCharArray(), new PfxExpectations(null, notBefore.plusMillis(1001), notAfter)),
                PfxImportFailure.DATES_MISMATCH);
        assertRefused(
                () -> inspector.inspect(
                        pfx, PASSWORD.toCharArray(), new PfxExpectations(null, notBefore, notAfter.minusSeconds(2))),
                PfxImportFailure.DATES_MISMATCH);
    }
}
