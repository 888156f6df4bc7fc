package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OcspResponderTest {

    /** How {@code openssl ocsp -resp_text} prints a GeneralizedTime (ASN1_GENERALIZEDTIME_print). */
    private static final DateTimeFormatter OPENSSL_TIME = DateTimeFormatter.ofPattern(
                    "MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final Duration RESPONSE_VALIDITY = Duration.ofHours(4);

    @TempDir
    Path dir;

    private static CertificateAuthority authority(String kind) {
        return kind.equals("ec") ? TestPki.ecAuthority() : TestPki.rsaAuthority();
    }

    private static OcspResponder responder(CertificateAuthority ca, String signer) {
        return signer.equals("ca")
                ? OcspResponder.signedByCa(ca, RESPONSE_VALIDITY)
                : OcspResponder.delegated(ca, Duration.ofDays(2), RESPONSE_VALIDITY);
    }

    private static IssuedCertificate leaf(CertificateAuthority ca) {
        return TestPki.issuer(ca).issue(TestPki.request(KeyAlgorithm.EC_P256).build());
    }

    static Stream<Arguments> signersAndRequestShapes() {
        List<Arguments> arguments = new ArrayList<>();
        for (String signer : List.of("ca", "delegated")) {
            for (boolean nonce : List.of(true, false)) {
                for (String digest : List.of("sha1", "sha256")) {
                    arguments.add(Arguments.of("ec", signer, nonce, digest));
                }
            }
            arguments.add(Arguments.of("rsa", signer, true, "sha1"));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} CA, signed by {1}, nonce {2}, {3}")
    @MethodSource("signersAndRequestShapes")
    void opensslAcceptsGoodRevokedAndUnknownAnswers(String caKind, String signer, boolean nonce, String digest)
            throws Exception {
        CertificateAuthority ca = authority(caKind);
        OcspResponder responder = responder(ca, signer);
        IssuedCertificate leaf = leaf(ca);
        writeCa(ca);
        TestPki.write(dir, "leaf.pem", leaf.certificatePem());
        List<String> request = new ArrayList<>(
                List.of("ocsp", "-" + digest, "-issuer", "issuing.pem", "-cert", "leaf.pem", "-reqout", "req.der"));
        if (!nonce) {
            request.add("-no_nonce");
        }
        OpenSsl.run(dir, request.toArray(String[]::new)).assertSuccess();

        OcspResponder.ParsedRequest parsed = responder.parse(Files.readAllBytes(dir.resolve("req.der")));

        assertThat(parsed.certificates()).hasSize(1);
        OcspResponder.RequestedCertificate asked = parsed.certificates().get(0);
        assertThat(asked.serialNumber()).isEqualTo(leaf.serialNumber());
        assertThat(asked.issuedByThisCa()).isTrue();
        assertThat(asked.certificateId().getHashAlgOID().getId())
                .isEqualTo(digest.equals("sha1") ? "1.3.14.3.2.26" : "2.16.840.1.101.3.4.2.1");
        assertThat(parsed.serialsForThisCa()).containsExactly(leaf.serialNumber());
        assertThat(parsed.nonce() != null).isEqualTo(nonce);

        Instant now = Instant.now();
        String good = answer(responder, parsed, Map.of(leaf.serialNumber(), OcspResponder.CertStatus.good()), now);
        assertThat(good).contains("leaf.pem: good").contains("Response verify OK");

        Instant revokedAt = now.minus(Duration.ofHours(2));
        String revoked = answer(
                responder,
                parsed,
                Map.of(leaf.serialNumber(), new OcspResponder.CertStatus.Revoked(revokedAt, 1)),
                now);
        assertThat(revoked)
                .contains("leaf.pem: revoked")
                .contains("Reason: keyCompromise")
                .contains("Revocation Time: " + OPENSSL_TIME.format(revokedAt))
                .contains("Response verify OK");

        String unspecified = answer(
                responder,
                parsed,
                Map.of(leaf.serialNumber(), new OcspResponder.CertStatus.Revoked(revokedAt, 0)),
                now);
        assertThat(unspecified).contains("leaf.pem: revoked").doesNotContain("Reason:");

        String unknown = answer(responder, parsed, Map.of(), now);
        assertThat(unknown).contains("leaf.pem: unknown").contains("Response verify OK");
        String unknownByStatus =
                answer(responder, parsed, Map.of(leaf.serialNumber(), OcspResponder.CertStatus.unknown()), now);
        assertThat(unknownByStatus).contains("leaf.pem: unknown");

        // OpenSSL compares the nonce when it is given the original request.
        TestPki.write(dir, "resp.der", responder.respond(parsed, Map.of(), now));
        OpenSsl.Result nonceCheck = OpenSsl.run(
                dir,
                "ocsp",
                "-reqin",
                "req.der",
                "-respin",
                "resp.der",
                "-issuer",
                "issuing.pem",
                "-CAfile",
                "chain.pem");
        assertThat(nonceCheck.exitCode()).as(nonceCheck.output()).isZero();
        assertThat(nonceCheck.output()).contains("Response verify OK").doesNotContain("WARNING");
        if (nonce) {
            byte[] sent = new OCSPReq(Files.readAllBytes(dir.resolve("req.der")))
                    .getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
                    .getExtnValue()
                    .getOctets();
            BasicOCSPResp basic = basic(Files.readAllBytes(dir.resolve("resp.der")));
            assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
                            .getExtnValue()
                            .getOctets())
                    .isEqualTo(sent);

            OcspResponder.ParsedRequest otherNonce = new OcspResponder.ParsedRequest(
                    parsed.certificates(), new DEROctetString(new byte[16]).getEncoded());
            TestPki.write(dir, "resp.der", responder.respond(otherNonce, Map.of(), now));
            OpenSsl.Result mismatch = OpenSsl.run(
                    dir,
                    "ocsp",
                    "-reqin",
                    "req.der",
                    "-respin",
                    "resp.der",
                    "-issuer",
                    "issuing.pem",
                    "-CAfile",
                    "chain.pem");
            assertThat(mismatch.output()).contains("Nonce Verify error");
        }
    }

    @ParameterizedTest
    @MethodSource("signers")
    void responseFieldsFollowRfc6960(String signer) throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        OcspResponder responder = responder(ca, signer);
        IssuedCertificate leaf = leaf(ca);
        OcspResponder.ParsedRequest parsed = responder.parse(request(ca, null, leaf.serialNumber()));
        Instant now = Instant.parse("2026-03-04T05:06:07.891Z");
        if (signer.equals("delegated")) {
            now = Instant.now().plusMillis(891);
        }

        BasicOCSPResp basic =
                basic(responder.respond(parsed, Map.of(leaf.serialNumber(), new OcspResponder.CertStatus.Good()), now));

        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        assertThat(basic.getProducedAt().toInstant()).isEqualTo(second);
        SingleResp single = basic.getResponses()[0];
        assertThat(single.getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(single.getThisUpdate().toInstant()).isEqualTo(second);
        assertThat(single.getNextUpdate().toInstant()).isEqualTo(second.plus(RESPONSE_VALIDITY));
        assertThat(basic.getExtensionOIDs()).isEmpty();
        ResponderID responderId = basic.getResponderId().toASN1Primitive();
        assertThat(responderId.getKeyHash())
                .isEqualTo(Certificates.digest(
                        "SHA-1",
                        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(responder
                                        .signerCertificate()
                                        .getPublicKey()
                                        .getEncoded())
                                .getPublicKeyData()
                                .getBytes()));
        assertThat(basic.getSignatureAlgOID().getId()).isEqualTo("1.2.840.10045.4.3.2"); // ecdsa-with-SHA256
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .build(responder.signerCertificate().getPublicKey())))
                .isTrue();
        if (signer.equals("ca")) {
            assertThat(responder.signerCertificate()).isEqualTo(ca.issuingCertificate());
            assertThat(basic.getCerts()).isEmpty();
        } else {
            assertThat(basic.getCerts())
                    .containsExactly(new X509CertificateHolder(
                            responder.signerCertificate().getEncoded()));
        }
    }

    static Stream<String> signers() {
        return Stream.of("ca", "delegated");
    }

    @Test
    void delegatedSignerCertificateIsAnOcspSigningCertificateOfTheIssuingCa() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        OcspResponder responder = OcspResponder.delegated(ca, Duration.ofDays(3), RESPONSE_VALIDITY);
        X509Certificate signer = responder.signerCertificate();
        writeCa(ca);
        TestPki.write(dir, "signer.pem", Pem.certificate(signer));

        String text = OpenSsl.run(dir, "x509", "-in", "signer.pem", "-noout", "-text")
                .assertSuccess()
                .stdout();
        OpenSsl.Result verify = OpenSsl.run(
                dir,
                "verify",
                "-x509_strict",
                "-purpose",
                "ocsphelper",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "signer.pem");

        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(text)
                .contains("X509v3 Key Usage: critical\n                Digital Signature\n")
                .contains("X509v3 Extended Key Usage: \n                OCSP Signing")
                .contains("OCSP No Check")
                .contains("CA:FALSE")
                .containsPattern("Subject: .*CN\\s?=\\s?PKCS Connector Issuing CA OCSP Responder");
        assertThat(signer.getIssuerX500Principal())
                .isEqualTo(ca.issuingCertificate().getSubjectX500Principal());
        assertThat(KeyAlgorithm.of(signer.getPublicKey())).contains(ca.issuingKeyAlgorithm());
        assertThat(Duration.between(
                        signer.getNotBefore().toInstant(), signer.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(3));
        assertThat(signer.getNotBefore().toInstant()).isBetween(before.minusSeconds(61), before);
        assertThat(Certificates.isSignedBy(signer, ca.issuingCertificate())).isTrue();

        X509Certificate capped = OcspResponder.delegated(ca, Duration.ofDays(365L * 100), RESPONSE_VALIDITY)
                .signerCertificate();
        assertThat(capped.getNotAfter()).isEqualTo(ca.issuingCertificate().getNotAfter());

        X509Certificate rsaSigner = OcspResponder.delegated(
                        TestPki.rsaAuthority(), Duration.ofDays(1), RESPONSE_VALIDITY)
                .signerCertificate();
        assertThat(KeyAlgorithm.of(rsaSigner.getPublicKey())).contains(KeyAlgorithm.RSA_2048);
    }

    @Test
    void nextUpdateNeverOutlivesTheDelegatedSigner() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        OcspResponder responder = OcspResponder.delegated(ca, Duration.ofMinutes(10), Duration.ofDays(1));
        IssuedCertificate leaf = leaf(ca);
        OcspResponder.ParsedRequest parsed = responder.parse(request(ca, null, leaf.serialNumber()));
        Instant signerEnd = responder.signerCertificate().getNotAfter().toInstant();

        BasicOCSPResp basic = basic(responder.respond(parsed, Map.of(), Instant.now()));

        assertThat(basic.getResponses()[0].getNextUpdate().toInstant()).isEqualTo(signerEnd);
        assertThatThrownBy(() -> responder.respond(parsed, Map.of(), signerEnd))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void certificatesOfOtherIssuersAreAnsweredUnknown() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        CertificateAuthority other = TestPki.rsaAuthority();
        OcspResponder responder = OcspResponder.signedByCa(ca, RESPONSE_VALIDITY);
        IssuedCertificate ours = leaf(ca);
        IssuedCertificate theirs = leaf(other);
        writeCa(ca);
        TestPki.write(dir, "other-issuing.pem", Pem.certificate(other.issuingCertificate()));
        TestPki.write(dir, "ours.pem", ours.certificatePem());
        TestPki.write(dir, "theirs.pem", theirs.certificatePem());
        OpenSsl.run(
                        dir,
                        "ocsp",
                        "-issuer",
                        "issuing.pem",
                        "-cert",
                        "ours.pem",
                        "-issuer",
                        "other-issuing.pem",
                        "-cert",
                        "theirs.pem",
                        "-reqout",
                        "mixed.der")
                .assertSuccess();
        OpenSsl.run(dir, "ocsp", "-sha512", "-issuer", "issuing.pem", "-cert", "ours.pem", "-reqout", "sha512.der")
                .assertSuccess();

        OcspResponder.ParsedRequest mixed = responder.parse(Files.readAllBytes(dir.resolve("mixed.der")));

        assertThat(mixed.certificates())
                .extracting(OcspResponder.RequestedCertificate::issuedByThisCa)
                .containsExactly(true, false);
        assertThat(mixed.serialsForThisCa()).containsExactly(ours.serialNumber());
        // Even a status the caller (wrongly) supplies for the other CA's serial is not used.
        byte[] response = responder.respond(
                mixed,
                Map.of(
                        ours.serialNumber(), OcspResponder.CertStatus.good(),
                        theirs.serialNumber(), OcspResponder.CertStatus.good()),
                Instant.now());
        SingleResp[] answers = basic(response).getResponses();
        assertThat(answers).hasSize(2);
        assertThat(answers[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(answers[0].getCertID().getSerialNumber()).isEqualTo(ours.serialNumber());
        assertThat(answers[1].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(answers[1].getCertID().getSerialNumber()).isEqualTo(theirs.serialNumber());
        TestPki.write(dir, "resp.der", response);
        OpenSsl.Result summary = OpenSsl.run(
                        dir,
                        "ocsp",
                        "-respin",
                        "resp.der",
                        "-issuer",
                        "issuing.pem",
                        "-cert",
                        "ours.pem",
                        "-issuer",
                        "other-issuing.pem",
                        "-cert",
                        "theirs.pem",
                        "-no_nonce",
                        "-noverify")
                .assertSuccess();
        assertThat(summary.stdout()).contains("ours.pem: good").contains("theirs.pem: unknown");

        // A hash this responder does not match on (SHA-512) is answered unknown too, with that hash.
        OcspResponder.ParsedRequest sha512 = responder.parse(Files.readAllBytes(dir.resolve("sha512.der")));
        assertThat(sha512.certificates().get(0).issuedByThisCa()).isFalse();
        SingleResp answer = basic(responder.respond(
                        sha512, Map.of(ours.serialNumber(), OcspResponder.CertStatus.good()), Instant.now()))
                .getResponses()[0];
        assertThat(answer.getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(answer.getCertID().getHashAlgOID().getId()).isEqualTo("2.16.840.1.101.3.4.2.3");
    }

    @Test
    void revokedAnswersCarryTimeAndReasonAsGiven() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        OcspResponder responder = OcspResponder.signedByCa(ca, RESPONSE_VALIDITY);
        BigInteger serial = SerialNumbers.random();
        Instant revokedAt = Instant.parse("2026-01-02T03:04:05.678Z");

        SingleResp answer = basic(responder.respond(
                        responder.parse(request(ca, null, serial)),
                        Map.of(serial, OcspResponder.CertStatus.revoked(new RevokedCertificate(serial, revokedAt, 5))),
                        Instant.now()))
                .getResponses()[0];

        RevokedStatus status = (RevokedStatus) answer.getCertStatus();
        assertThat(status.getRevocationTime().toInstant()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(status.hasRevocationReason()).isTrue();
        assertThat(status.getRevocationReason()).isEqualTo(5);
        assertThatThrownBy(() -> new OcspResponder.CertStatus.Revoked(revokedAt, 7))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OcspResponder.CertStatus.Revoked(null, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedRequestsAreRefusedWithMalformedRequestOnly() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        OcspResponder responder = OcspResponder.signedByCa(ca, RESPONSE_VALIDITY);
        byte[] valid = request(ca, nonceExtension(16), SerialNumbers.random());
        assertThat(responder.parse(valid).certificates()).hasSize(1);

        List<byte[]> inputs = new ArrayList<>();
        inputs.add(null);
        inputs.add(new byte[0]);
        Random random = new Random(20261125L);
        for (int length : new int[] {1, 2, 3, 16, 100, 1000, 16_384}) {
            for (int i = 0; i < 20; i++) {
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                inputs.add(bytes);
                // Random bytes behind a plausible SEQUENCE header reach the ASN.1 parser.
                byte[] sequence = bytes.clone();
                sequence[0] = 0x30;
                if (length > 2) {
                    sequence[1] = (byte) Math.min(length - 2, 0x7F);
                }
                inputs.add(sequence);
            }
        }
        for (int length = 1; length < valid.length; length++) {
            inputs.add(Arrays.copyOf(valid, length));
        }
        inputs.add(concat(valid, new byte[] {0}));
        inputs.add(concat(valid, valid));
        inputs.add(new byte[OcspResponder.MAX_REQUEST_BYTES + 1]);
        inputs.add(nested(3000, false));
        inputs.add(nested(4000, true));
        inputs.add(Certificates.der(ca.issuingCertificate()));
        inputs.add(OcspResponder.errorResponse(OcspResponder.MALFORMED_REQUEST));
        inputs.add(new byte[] {0x30, 0x00});
        inputs.add(new byte[] {0x30, (byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        inputs.add(request(ca, nonceExtension(33), SerialNumbers.random()));
        inputs.add(request(ca, nonceExtension(0), SerialNumbers.random()));
        inputs.add(request(
                ca,
                new Extensions(new Extension(
                        new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                        true,
                        new DEROctetString(new byte[] {1}).getEncoded())),
                SerialNumbers.random()));

        for (byte[] input : inputs) {
            assertThatThrownBy(() -> responder.parse(input))
                    .as("input of %s bytes", input == null ? "null" : input.length)
                    .isInstanceOfSatisfying(OcspRequestException.class, e -> assertThat(e.ocspResponseStatus())
                            .isEqualTo(OcspResponder.MALFORMED_REQUEST));
        }
    }

    @Test
    void aRequestForMoreThanTwentyCertificatesIsMalformed() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        OcspResponder responder = OcspResponder.signedByCa(ca, RESPONSE_VALIDITY);
        writeCa(ca);
        OpenSsl.run(dir, serialsRequest(20, "twenty.der")).assertSuccess();
        OpenSsl.run(dir, serialsRequest(21, "twenty-one.der")).assertSuccess();

        OcspResponder.ParsedRequest twenty = responder.parse(Files.readAllBytes(dir.resolve("twenty.der")));

        assertThat(twenty.certificates()).hasSize(20);
        assertThat(twenty.serialsForThisCa()).hasSize(20).contains(BigInteger.ONE, BigInteger.valueOf(20));
        assertThatThrownBy(() -> responder.parse(Files.readAllBytes(dir.resolve("twenty-one.der"))))
                .isInstanceOfSatisfying(OcspRequestException.class, e -> assertThat(e.ocspResponseStatus())
                        .isEqualTo(OcspResponder.MALFORMED_REQUEST))
                .hasMessageContaining("21 certificates");
        assertThat(responder
                        .withMaxRequests(21)
                        .parse(Files.readAllBytes(dir.resolve("twenty-one.der")))
                        .certificates())
                .hasSize(21);
    }

    @Test
    void errorResponsesAreUnsignedAndOpensslReadsThem() {
        byte[] malformed = OcspResponder.errorResponse(OcspResponder.MALFORMED_REQUEST);
        TestPki.write(dir, "malformed.der", malformed);
        TestPki.write(dir, "unauthorized.der", OcspResponder.errorResponse(OcspResponder.UNAUTHORIZED));

        assertThat(malformed).containsExactly(0x30, 0x03, 0x0A, 0x01, 0x01);
        assertThat(OpenSsl.run(dir, "ocsp", "-respin", "malformed.der", "-resp_text")
                        .output())
                .contains("Responder Error: malformedrequest (1)");
        assertThat(OpenSsl.run(dir, "ocsp", "-respin", "unauthorized.der", "-resp_text")
                        .output())
                .contains("Responder Error: unauthorized (6)");
        for (int status : new int[] {-1, 0, 4, 7}) {
            assertThatThrownBy(() -> OcspResponder.errorResponse(status)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new OcspRequestException(status, "x"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void oneResponderServesManyThreads() throws Exception {
        CertificateAuthority ca = TestPki.ecAuthority();
        OcspResponder responder = OcspResponder.delegated(ca, Duration.ofDays(1), RESPONSE_VALIDITY);
        List<BigInteger> serials = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            BigInteger serial = SerialNumbers.random();
            serials.add(serial);
            requests.add(request(ca, nonceExtension(16), serial));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> futures = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                byte[] request = requests.get(i);
                BigInteger serial = serials.get(i);
                futures.add(pool.submit(() -> responder.respond(
                        responder.parse(request), Map.of(serial, OcspResponder.CertStatus.good()), Instant.now())));
            }
            for (int i = 0; i < futures.size(); i++) {
                BasicOCSPResp basic = basic(futures.get(i).get());
                assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
                                .build(responder.signerCertificate().getPublicKey())))
                        .isTrue();
                assertThat(basic.getResponses()[0].getCertID().getSerialNumber())
                        .isEqualTo(serials.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String answer(
            OcspResponder responder,
            OcspResponder.ParsedRequest parsed,
            Map<BigInteger, OcspResponder.CertStatus> statuses,
            Instant now) {
        TestPki.write(dir, "resp.der", responder.respond(parsed, statuses, now));
        String digest = parsed.certificates()
                        .get(0)
                        .certificateId()
                        .getHashAlgOID()
                        .getId()
                        .equals("1.3.14.3.2.26")
                ? "-sha1"
                : "-sha256";
        OpenSsl.Result result = OpenSsl.run(
                dir,
                "ocsp",
                digest,
                "-respin",
                "resp.der",
                "-issuer",
                "issuing.pem",
                "-CAfile",
                "chain.pem",
                "-cert",
                "leaf.pem",
                "-no_nonce",
                "-resp_text");
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    private void writeCa(CertificateAuthority ca) {
        TestPki.write(dir, "root.pem", Pem.certificate(ca.rootCertificate()));
        TestPki.write(dir, "issuing.pem", Pem.certificate(ca.issuingCertificate()));
        TestPki.write(dir, "chain.pem", Pem.certificates(ca.chain()));
    }

    private static String[] serialsRequest(int count, String out) {
        List<String> args = new ArrayList<>(List.of("ocsp", "-issuer", "issuing.pem", "-reqout", out));
        for (int i = 1; i <= count; i++) {
            args.add("-serial");
            args.add(String.valueOf(i));
        }
        return args.toArray(String[]::new);
    }

    /** A request for {@code serial} of the CA's issuing certificate, built by Bouncy Castle. */
    private static byte[] request(CertificateAuthority ca, Extensions extensions, BigInteger serial) throws Exception {
        CertificateID id = new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(ca.issuingCertificate().getEncoded()),
                serial);
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (extensions != null) {
            builder.setRequestExtensions(extensions);
        }
        return builder.build().getEncoded();
    }

    private static Extensions nonceExtension(int length) throws Exception {
        return new Extensions(new Extension(
                OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(new byte[length]).getEncoded()));
    }

    private static BasicOCSPResp basic(byte[] der) throws Exception {
        OCSPResp response = new OCSPResp(der);
        assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return (BasicOCSPResp) response.getResponseObject();
    }

    /** {@code depth} SEQUENCEs inside each other, with definite or indefinite (BER) lengths. */
    private static byte[] nested(int depth, boolean indefinite) {
        if (indefinite) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < depth; i++) {
                out.write(0x30);
                out.write(0x80);
            }
            for (int i = 0; i < depth; i++) {
                out.write(0);
                out.write(0);
            }
            return out.toByteArray();
        }
        byte[] inner = new byte[0];
        for (int i = 0; i < depth; i++) {
            int length = inner.length;
            byte[] header = length < 0x80
                    ? new byte[] {0x30, (byte) length}
                    : new byte[] {0x30, (byte) 0x82, (byte) (length >> 8), (byte) length};
            inner = concat(header, inner);
        }
        return inner;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
