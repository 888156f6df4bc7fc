package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OcspCheckTest {

    static final BigInteger GOOD_SERIAL = BigInteger.valueOf(1001);
    static final BigInteger REVOKED_SERIAL = BigInteger.valueOf(1002);

    static OcspTestCa testCa;
    static Map<BigInteger, String> statuses;

    @BeforeAll
    static void ca() throws Exception {
        testCa = OcspTestCa.ec();
        statuses = Map.of(GOOD_SERIAL, OcspCheck.GOOD, REVOKED_SERIAL, OcspCheck.REVOKED);
    }

    private static OcspRequests.Prepared request(BigInteger serial, boolean nonce) {
        return OcspRequests.forSerials(testCa.ca, List.of(serial), nonce).next(0, new Random());
    }

    @Test
    void aGoodAnswerSignedByTheCaChecksOut() throws Exception {
        OcspRequests.Prepared sent = request(GOOD_SERIAL, true);
        byte[] body = testCa.respond(sent.der(), testCa.byCa(statuses));

        OcspCheck.Result result = new OcspCheck(testCa.ca).check(body, sent, true, Instant.now());

        assertThat(result.problem()).isNull();
        assertThat(result.ok()).isTrue();
        assertThat(result.certStatus()).isEqualTo(OcspCheck.GOOD);
        assertThat(result.signatureChecked()).isTrue();
        assertThat(result.signer()).isEqualTo("issuing CA");
        assertThat(result.algorithm()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void revokedAndUnknownAreTold() throws Exception {
        OcspCheck check = new OcspCheck(testCa.ca);
        OcspRequests.Prepared revoked = request(REVOKED_SERIAL, true);
        OcspRequests.Prepared unknown =
                OcspRequests.forRandomSerials(testCa.ca, true).next(0, new Random());

        assertThat(check.check(testCa.respond(revoked.der(), testCa.byCa(statuses)), revoked, true, Instant.now())
                        .certStatus())
                .isEqualTo(OcspCheck.REVOKED);
        assertThat(check.check(testCa.respond(unknown.der(), testCa.byCa(statuses)), unknown, false, Instant.now())
                        .certStatus())
                .isEqualTo(OcspCheck.UNKNOWN);
    }

    @Test
    void aSignatureByAnotherKeyFailsWhenSampled() throws Exception {
        OcspRequests.Prepared sent = request(GOOD_SERIAL, true);
        KeyPair other = testCa.newKeys();
        OcspTestCa.Answer forged = new OcspTestCa.Answer(
                other.getPrivate(), testCa.ca, new X509CertificateHolder[0], statuses, true, false, Instant.now());
        byte[] body = testCa.respond(sent.der(), forged);
        OcspCheck check = new OcspCheck(testCa.ca);

        OcspCheck.Result sampled = check.check(body, sent, true, Instant.now());
        assertThat(sampled.ok()).isFalse();
        assertThat(sampled.signatureChecked()).isTrue();
        assertThat(sampled.problem()).startsWith("signature does not verify");

        // Not sampled: only the cheap checks run, which such an answer passes.
        assertThat(check.check(body, sent, false, Instant.now()).ok()).isTrue();
    }

    @Test
    void aMissingOrWrongNonceIsAProblemOnEveryAnswer() throws Exception {
        OcspRequests.Prepared sent = request(GOOD_SERIAL, true);
        OcspTestCa.Answer noEcho = new OcspTestCa.Answer(
                testCa.caKeys.getPrivate(),
                testCa.ca,
                new X509CertificateHolder[0],
                statuses,
                false,
                false,
                Instant.now());
        OcspCheck check = new OcspCheck(testCa.ca);

        assertThat(check.check(testCa.respond(sent.der(), noEcho), sent, false, Instant.now())
                        .problem())
                .isEqualTo("nonce missing from the response");

        OcspRequests.Prepared other = request(GOOD_SERIAL, true);
        byte[] answerToOther = testCa.respond(other.der(), testCa.byCa(statuses));
        assertThat(check.check(answerToOther, sent, false, Instant.now()).problem())
                .isEqualTo("nonce differs from the request's");
    }

    @Test
    void anAnswerAboutAnotherCertificateIsAProblem() throws Exception {
        OcspRequests.Prepared sent = request(GOOD_SERIAL, false);
        OcspTestCa.Answer wrong = new OcspTestCa.Answer(
                testCa.caKeys.getPrivate(),
                testCa.ca,
                new X509CertificateHolder[0],
                statuses,
                true,
                true,
                Instant.now());

        assertThat(new OcspCheck(testCa.ca)
                        .check(testCa.respond(sent.der(), wrong), sent, false, Instant.now())
                        .problem())
                .isEqualTo("the answer is about another CertID");
    }

    @Test
    void aDelegatedSignerIssuedByTheCaForOcspSigningIsAccepted() throws Exception {
        KeyPair keys = testCa.newKeys();
        X509CertificateHolder responder = testCa.issue(keys, true, BigInteger.valueOf(77));
        OcspRequests.Prepared sent = request(GOOD_SERIAL, true);
        OcspTestCa.Answer delegated = delegatedBy(keys, responder);

        OcspCheck.Result result =
                new OcspCheck(testCa.ca).check(testCa.respond(sent.der(), delegated), sent, true, Instant.now());

        assertThat(result.problem()).isNull();
        assertThat(result.signer()).isEqualTo("CN=Test OCSP Responder,O=Test");
    }

    @Test
    void aDelegatedSignerWithoutOcspSigningIsRefused() throws Exception {
        KeyPair keys = testCa.newKeys();
        X509CertificateHolder responder = testCa.issue(keys, false, BigInteger.valueOf(78));
        OcspRequests.Prepared sent = request(GOOD_SERIAL, true);
        OcspTestCa.Answer delegated = delegatedBy(keys, responder);

        OcspCheck.Result result =
                new OcspCheck(testCa.ca).check(testCa.respond(sent.der(), delegated), sent, true, Instant.now());

        assertThat(result.problem()).isEqualTo("the responder certificate lacks id-kp-OCSPSigning");
    }

    @Test
    void aSelfMadeSignerCertificateIsRefused() throws Exception {
        OcspTestCa stranger = OcspTestCa.ec();
        KeyPair keys = stranger.newKeys();
        X509CertificateHolder responder = stranger.issue(keys, true, BigInteger.valueOf(79));
        OcspRequests.Prepared sent = request(GOOD_SERIAL, true);
        OcspTestCa.Answer delegated = delegatedBy(keys, responder);

        OcspCheck.Result result =
                new OcspCheck(testCa.ca).check(testCa.respond(sent.der(), delegated), sent, true, Instant.now());

        // Same subject names as the real CA, another key: the signature on the responder certificate gives it away.
        assertThat(result.problem()).isEqualTo("the responder certificate's signature does not verify with the CA");
    }

    @Test
    void aStaleAnswerFailsTheSampledCheck() throws Exception {
        OcspRequests.Prepared sent = request(GOOD_SERIAL, false);
        OcspTestCa.Answer stale = new OcspTestCa.Answer(
                testCa.caKeys.getPrivate(),
                testCa.ca,
                new X509CertificateHolder[0],
                statuses,
                true,
                false,
                Instant.now().minus(Duration.ofHours(3)));

        assertThat(new OcspCheck(testCa.ca)
                        .check(testCa.respond(sent.der(), stale), sent, true, Instant.now())
                        .problem())
                .isEqualTo("thisUpdate is not current");
    }

    @Test
    void errorResponsesAndGarbageAreProblems() throws Exception {
        OcspRequests.Prepared sent = request(GOOD_SERIAL, true);
        OcspCheck check = new OcspCheck(testCa.ca);
        byte[] tryLater =
                new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded();

        assertThat(check.check(tryLater, sent, true, Instant.now()).problem())
                .isEqualTo("OCSP responseStatus tryLater");
        assertThat(check.check(new byte[] {0x30, 0x03, 0x0A, 0x01, 0x01}, sent, true, Instant.now())
                        .problem())
                .isEqualTo("OCSP responseStatus malformedRequest");
        assertThat(check.check("<html>oops</html>".getBytes(), sent, true, Instant.now())
                        .problem())
                .startsWith("unreadable OCSP response");
        assertThat(check.check(new byte[0], sent, true, Instant.now()).ok()).isFalse();
        assertThat(OcspCheck.statusName(OCSPResp.SIG_REQUIRED)).isEqualTo("sigRequired");
    }

    @Test
    void anRsaCaIsVerifiedToo() throws Exception {
        OcspTestCa rsa = new OcspTestCa("RSA");
        OcspRequests.Prepared sent =
                OcspRequests.forSerials(rsa.ca, List.of(GOOD_SERIAL), true).next(0, new Random());

        OcspCheck.Result result =
                new OcspCheck(rsa.ca).check(rsa.respond(sent.der(), rsa.byCa(statuses)), sent, true, Instant.now());

        assertThat(result.problem()).isNull();
        assertThat(result.algorithm()).isEqualTo("SHA256withRSA");
    }

    /** A signed answer from a delegated responder {@code responder} with key {@code keys}, carrying its certificate. */
    private OcspTestCa.Answer delegatedBy(KeyPair keys, X509CertificateHolder responder) {
        return new OcspTestCa.Answer(
                keys.getPrivate(),
                responder,
                new X509CertificateHolder[] {responder},
                statuses,
                true,
                false,
                Instant.now());
    }
}
