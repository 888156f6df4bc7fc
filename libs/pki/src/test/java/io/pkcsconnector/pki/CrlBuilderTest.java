package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrlBuilderTest {

    /** How {@code openssl crl -text} prints a time (ASN1_TIME_print). */
    private static final DateTimeFormatter OPENSSL_TIME = DateTimeFormatter.ofPattern(
                    "MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static CertificateAuthority authority(String kind) {
        return kind.equals("ec") ? TestPki.ecAuthority() : TestPki.rsaAuthority();
    }

    private static IssuedCertificate leaf(CertificateAuthority ca) {
        return TestPki.issuer(ca).issue(TestPki.request(KeyAlgorithm.EC_P256).build());
    }

    private static Instant thisUpdate() {
        return Instant.now().minus(1, ChronoUnit.MINUTES);
    }

    private static String crlPem(X509CRL crl) throws Exception {
        return Pem.encode("X509 CRL", crl.getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void issuingCrlListsTheRevokedLeavesAndOpensslVerifiesItsSignature(String kind) throws Exception {
        CertificateAuthority ca = authority(kind);
        IssuedCertificate compromised = leaf(ca);
        IssuedCertificate unspecified = leaf(ca);
        Instant thisUpdate = thisUpdate();
        Instant nextUpdate = thisUpdate.plus(Duration.ofDays(7));
        Instant revokedAt = thisUpdate.minus(Duration.ofHours(3)).plusMillis(789);

        X509CRL crl = new CrlBuilder(ca)
                .issuingCrl(
                        BigInteger.valueOf(42),
                        thisUpdate,
                        nextUpdate,
                        List.of(
                                new RevokedCertificate(compromised.serialNumber(), revokedAt, 1),
                                new RevokedCertificate(unspecified.serialNumber(), revokedAt, 0)));
        TestPki.write(dir, "crl.der", crl.getEncoded());
        TestPki.write(dir, "issuing.pem", Pem.certificate(ca.issuingCertificate()));
        TestPki.write(dir, "root.pem", Pem.certificate(ca.rootCertificate()));

        String text = OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "crl.der", "-text", "-noout")
                .assertSuccess()
                .stdout();
        assertThat(text)
                .contains("Version 2 (0x1)")
                .containsPattern("X509v3 CRL Number: *\\n *42\\n")
                .contains("X509v3 Authority Key Identifier")
                .contains("Issuer: " + issuerLine(ca.issuingCertificate()))
                .contains("Last Update: " + OPENSSL_TIME.format(thisUpdate))
                .contains("Next Update: " + OPENSSL_TIME.format(nextUpdate))
                .contains("Serial Number: " + compromised.serialHex().toUpperCase(Locale.ROOT))
                .contains("Serial Number: " + unspecified.serialHex().toUpperCase(Locale.ROOT))
                .contains("Revocation Date: " + OPENSSL_TIME.format(revokedAt))
                .contains("Key Compromise");
        // Only the keyCompromise entry has a reason: unspecified(0) is left out (RFC 5280 5.3.1).
        assertThat(count(text, "X509v3 CRL Reason Code")).isEqualTo(1);
        assertThat(text).doesNotContain("Unspecified");

        OpenSsl.Result verify = OpenSsl.run(
                        dir, "crl", "-inform", "DER", "-in", "crl.der", "-noout", "-verify", "-CAfile", "issuing.pem")
                .assertSuccess();
        assertThat(verify.output()).contains("verify OK");
        // Signed by the issuing CA, not the root: the root's key does not verify it.
        OpenSsl.Result wrongKey =
                OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "crl.der", "-noout", "-verify", "-CAfile", "root.pem");
        assertThat(wrongKey.output()).doesNotContain("verify OK");

        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getSigAlgName()).isEqualToIgnoringCase(ca.signatureAlgorithm());
        assertThat(crl.getIssuerX500Principal())
                .isEqualTo(ca.issuingCertificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(thisUpdate.truncatedTo(ChronoUnit.SECONDS));
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(nextUpdate.truncatedTo(ChronoUnit.SECONDS));
        assertThat(crl.getExtensionValue("2.5.29.20")).as("CRL number").isNotNull();
        assertThat(crl.getCriticalExtensionOIDs()).isEmpty();
        X509CRLEntry first = crl.getRevokedCertificate(compromised.serialNumber());
        assertThat(first.getRevocationDate().toInstant()).isEqualTo(revokedAt.truncatedTo(ChronoUnit.SECONDS));
        assertThat(first.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        X509CRLEntry second = crl.getRevokedCertificate(unspecified.serialNumber());
        assertThat(second.getRevocationReason()).isNull();
        assertThat(second.hasExtensions()).isFalse();
        crl.verify(ca.issuingCertificate().getPublicKey());
    }

    @Test
    void opensslRefusesTheRevokedLeafAndAcceptsTheGoodOne() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        IssuedCertificate revoked = leaf(ca);
        IssuedCertificate good = leaf(ca);
        CrlBuilder builder = new CrlBuilder(ca);
        Instant thisUpdate = thisUpdate();
        Instant nextUpdate = thisUpdate.plus(Duration.ofDays(1));
        X509CRL issuingCrl = builder.issuingCrl(
                BigInteger.ONE,
                thisUpdate,
                nextUpdate,
                List.of(new RevokedCertificate(revoked.serialNumber(), thisUpdate, 1)));
        X509CRL rootCrl = builder.rootCrl(BigInteger.ONE, thisUpdate, nextUpdate, List.of());
        TestPki.write(dir, "root.pem", Pem.certificate(ca.rootCertificate()));
        TestPki.write(dir, "issuing.pem", Pem.certificate(ca.issuingCertificate()));
        TestPki.write(dir, "revoked.pem", revoked.certificatePem());
        TestPki.write(dir, "good.pem", good.certificatePem());
        TestPki.write(dir, "crl.pem", crlPem(issuingCrl));
        TestPki.write(dir, "crls.pem", crlPem(issuingCrl) + crlPem(rootCrl));

        for (String check : List.of("-crl_check", "-crl_check_all")) {
            String crls = check.equals("-crl_check") ? "crl.pem" : "crls.pem";
            OpenSsl.Result refused = verify(check, crls, "revoked.pem");
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("certificate revoked");

            OpenSsl.Result accepted = verify(check, crls, "good.pem");
            assertThat(accepted.exitCode()).as(accepted.output()).isZero();
            assertThat(accepted.stdout()).contains("good.pem: OK");
        }
        // Without the root's CRL, -crl_check_all cannot check the issuing CA: so the root CRL above was used.
        OpenSsl.Result missingRootCrl = verify("-crl_check_all", "crl.pem", "good.pem");
        assertThat(missingRootCrl.exitCode()).isNotZero();
        assertThat(missingRootCrl.output()).contains("unable to get certificate CRL");
    }

    @Test
    void rootCrlIsSignedByTheRootAndCanRevokeTheIssuingCa() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        IssuedCertificate good = leaf(ca);
        CrlBuilder builder = new CrlBuilder(ca);
        Instant thisUpdate = thisUpdate();
        Instant nextUpdate = thisUpdate.plus(Duration.ofDays(30));
        X509CRL issuingCrl = builder.issuingCrl(BigInteger.TWO, thisUpdate, nextUpdate, List.of());
        X509CRL rootCrl = builder.rootCrl(
                BigInteger.valueOf(3),
                thisUpdate,
                nextUpdate,
                List.of(new RevokedCertificate(ca.issuingCertificate().getSerialNumber(), thisUpdate, 2)));
        TestPki.write(dir, "root.pem", Pem.certificate(ca.rootCertificate()));
        TestPki.write(dir, "issuing.pem", Pem.certificate(ca.issuingCertificate()));
        TestPki.write(dir, "good.pem", good.certificatePem());
        TestPki.write(dir, "root.crl", crlPem(rootCrl));
        TestPki.write(dir, "crls.pem", crlPem(issuingCrl) + crlPem(rootCrl));

        OpenSsl.Result verify = OpenSsl.run(
                        dir, "crl", "-in", "root.crl", "-noout", "-text", "-verify", "-CAfile", "root.pem")
                .assertSuccess();
        assertThat(verify.output())
                .contains("verify OK")
                .contains("Issuer: " + issuerLine(ca.rootCertificate()))
                .contains("CA Compromise");
        assertThat(rootCrl.getSigAlgName()).isEqualToIgnoringCase("SHA384withECDSA");

        OpenSsl.Result refused = verify("-crl_check_all", "crls.pem", "good.pem");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
    }

    @Test
    void anEmptyCrlIsValid() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        Instant thisUpdate = thisUpdate();
        X509CRL crl = new CrlBuilder(ca).issuingCrl(BigInteger.ZERO, thisUpdate, thisUpdate.plusSeconds(60), List.of());
        TestPki.write(dir, "crl.der", crl.getEncoded());
        TestPki.write(dir, "issuing.pem", Pem.certificate(ca.issuingCertificate()));

        OpenSsl.Result result = OpenSsl.run(
                        dir,
                        "crl",
                        "-inform",
                        "DER",
                        "-in",
                        "crl.der",
                        "-noout",
                        "-text",
                        "-verify",
                        "-CAfile",
                        "issuing.pem")
                .assertSuccess();

        assertThat(result.output()).contains("verify OK").contains("No Revoked Certificates");
        assertThat(crl.getRevokedCertificates()).isNull();
    }

    @Test
    void refusesInputThatWouldMakeABadCrl() {
        CrlBuilder builder = new CrlBuilder(TestPki.ecAuthority());
        Instant now = Instant.now();
        Instant later = now.plusSeconds(3600);
        BigInteger serial = SerialNumbers.random();

        assertThatThrownBy(() -> builder.issuingCrl(BigInteger.valueOf(-1), now, later, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CRL number");
        assertThatThrownBy(() -> builder.issuingCrl(BigInteger.ONE.shiftLeft(159), now, later, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20 octets");
        assertThat(builder.issuingCrl(BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE), now, later, List.of()))
                .isNotNull();
        assertThatThrownBy(() -> builder.issuingCrl(BigInteger.ONE, later, now, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nextUpdate");
        assertThatThrownBy(() -> builder.issuingCrl(BigInteger.ONE, now, now.plusMillis(10), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.rootCrl(BigInteger.ONE, now, later, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.issuingCrl(
                        BigInteger.ONE,
                        now,
                        later,
                        List.of(new RevokedCertificate(serial, now, 1), new RevokedCertificate(serial, now, 4))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listed twice")
                .hasMessageContaining(SerialNumbers.toHex(serial));
    }

    @Test
    void revokedCertificatesAcceptOnlyRfc5280ReasonCodes() {
        Instant now = Instant.now();
        BigInteger serial = SerialNumbers.random();

        for (int code : new int[] {0, 1, 2, 3, 4, 5, 6, 8, 9, 10}) {
            assertThat(new RevokedCertificate(serial, now, code).reasonCode()).isEqualTo(code);
        }
        for (int code : new int[] {-1, 7, 11, 255}) {
            assertThatThrownBy(() -> new RevokedCertificate(serial, now, code))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CRLReason code " + code);
        }
        assertThatThrownBy(() -> new RevokedCertificate(BigInteger.ZERO, now, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RevokedCertificate(null, now, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RevokedCertificate(serial, null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RevokedCertificate(serial, Instant.parse("2026-01-02T03:04:05.999Z"), 1).revokedAt())
                .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    /**
     * A measurement, not a timed assertion: prints how long 100,000 entries take and how big the CRL is,
     * and proves the result is complete and readable by OpenSSL.
     */
    @Test
    void aCrlOfOneHundredThousandEntriesIsCompleteAndReadable() throws Exception {
        int entries = 100_000;
        CertificateAuthority ca = TestPki.ecAuthority();
        CrlBuilder builder = new CrlBuilder(ca);
        Instant thisUpdate = thisUpdate();
        Instant base = thisUpdate.minus(Duration.ofDays(400));
        int[] reasons = {0, 1, 3, 4, 5, 9};
        List<RevokedCertificate> revoked = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            revoked.add(new RevokedCertificate(SerialNumbers.random(), base.plusSeconds(i * 300L), reasons[i % 6]));
        }
        // Built twice: the first figure includes class loading and JIT compilation, the second is what a
        // long-running worker sees.
        long[] millis = new long[2];
        X509CRL crl = null;
        for (int run = 0; run < 2; run++) {
            long start = System.nanoTime();
            crl = builder.issuingCrl(
                    BigInteger.valueOf(100 + run), thisUpdate, thisUpdate.plus(Duration.ofDays(1)), revoked);
            millis[run] = Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
        byte[] der = crl.getEncoded();
        System.out.printf(
                Locale.ROOT,
                "CRL with %,d entries: built and signed in %,d ms (first build in this JVM: %,d ms), %,d bytes"
                        + " (%.1f bytes per entry)%n",
                entries,
                millis[1],
                millis[0],
                der.length,
                der.length / (double) entries);

        assertThat(crl.getRevokedCertificates()).hasSize(entries);
        // Each entry: 22-byte serial, 15-byte UTCTime, 2-byte SEQUENCE header (39), plus 14 bytes of reason
        // extension for five in six of them.
        assertThat(der.length).isBetween(entries * 39, entries * 60);
        TestPki.write(dir, "big.crl", der);
        TestPki.write(dir, "issuing.pem", Pem.certificate(ca.issuingCertificate()));
        OpenSsl.Result result = OpenSsl.run(
                        dir,
                        "crl",
                        "-inform",
                        "DER",
                        "-in",
                        "big.crl",
                        "-noout",
                        "-text",
                        "-verify",
                        "-CAfile",
                        "issuing.pem")
                .assertSuccess();
        assertThat(result.stderr()).contains("verify OK");
        assertThat(count(result.stdout(), "Serial Number: ")).isEqualTo(entries);
        assertThat(count(result.stdout(), "X509v3 CRL Reason Code")).isEqualTo(entries - entries / 6 - 1);
        RevokedCertificate last = revoked.get(entries - 1);
        assertThat(result.stdout())
                .contains("Serial Number: "
                        + SerialNumbers.toHex(last.serialNumber()).toUpperCase(Locale.ROOT));
    }

    private OpenSsl.Result verify(String check, String crls, String leaf) {
        return OpenSsl.run(
                dir, "verify", check, "-CAfile", "root.pem", "-untrusted", "issuing.pem", "-CRLfile", crls, leaf);
    }

    /** How {@code openssl crl -text} prints an issuer, as {@code openssl x509 -issuer} does. */
    private String issuerLine(java.security.cert.X509Certificate certificate) {
        TestPki.write(dir, "subject.pem", Pem.certificate(certificate));
        String subject = OpenSsl.run(dir, "x509", "-in", "subject.pem", "-noout", "-subject")
                .assertSuccess()
                .stdout()
                .trim();
        return subject.substring("subject=".length());
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
