package io.pkcsconnector.pkijmh;

import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.OcspRequestException;
import io.pkcsconnector.pki.OcspResponder;
import io.pkcsconnector.pki.OcspResponder.CertStatus;
import io.pkcsconnector.pki.SerialNumbers;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One OCSP answer as the revocation worker's {@code OcspService} computes it, minus the database lookup and HTTP:
 * {@link OcspResponder#parse} of a one-certificate request with a nonce (SHA-1 CertID, as Windows and browsers send
 * it), then {@link OcspResponder#respond} for a {@code good} certificate (build, sign, DER-encode). The signature
 * dominates, so the figure is the responder's crypto limit per thread; run with {@code -t $(nproc)} for the
 * machine's.
 *
 * <p>{@code key}: the issuing CA's key, {@code ecP256} ({@code CaSettings.defaults}: P-384 root, P-256 issuing CA,
 * SHA256withECDSA via Bouncy Castle) or {@code rsa2048} (RSA-3072 root, RSA-2048 issuing CA, SHA256withRSA via the
 * JDK). {@code signer}: {@code ca} signs with the issuing CA key ({@link OcspResponder#signedByCa}), {@code
 * delegated} with a delegated OCSP signing key of the same algorithm whose certificate goes into every response
 * ({@link OcspResponder#delegated}). The CA is generated in memory once per trial; the responder is shared by
 * every benchmark thread, as the worker's request threads share it.
 *
 * <p>Short by default (one fork, 3 x 3 s warm-up, 5 x 3 s measurement): {@code java -jar
 * target/benchmarks.jar Ocsp -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class OcspBenchmark {

    @Param({"ecP256", "rsa2048"})
    public String key;

    @Param({"ca", "delegated"})
    public String signer;

    private OcspResponder responder;
    private byte[] request;
    private Map<BigInteger, CertStatus> statuses;

    @Setup
    public void setUp() throws Exception {
        CertificateAuthority ca = PkiFixture.authority(key);
        responder = switch (signer) {
            case "ca" -> OcspResponder.signedByCa(ca, Duration.ofHours(1));
            case "delegated" -> OcspResponder.delegated(ca, Duration.ofDays(7), Duration.ofHours(1));
            default -> throw new IllegalArgumentException("signer must be ca or delegated, got " + signer);
        };
        BigInteger serial = SerialNumbers.random();
        request = request(ca, serial);
        statuses = Map.of(serial, new CertStatus.Good());
        check();
    }

    @Benchmark
    public byte[] parseAndRespond() throws OcspRequestException {
        OcspResponder.ParsedRequest parsed = responder.parse(request);
        return responder.respond(parsed, statuses, Instant.now());
    }

    /** What a relying party sends: one SHA-1 CertID and a 16-byte nonce (RFC 8954), unsigned. */
    static byte[] request(CertificateAuthority ca, BigInteger serial)
            throws OperatorCreationException, CertificateEncodingException, OCSPException, IOException {
        CertificateID id = new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(ca.issuingCertificate().getEncoded()),
                serial);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        return new OCSPReqBuilder()
                .addRequest(id)
                .setRequestExtensions(new Extensions(new Extension(
                        OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce).getEncoded())))
                .build()
                .getEncoded();
    }

    /** One answer checked before measuring: a benchmark of a broken responder would measure nothing useful. */
    private void check() throws Exception {
        byte[] der = parseAndRespond();
        OCSPResp response = new OCSPResp(der);
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        X509CertificateHolder signerCertificate =
                new X509CertificateHolder(responder.signerCertificate().getEncoded());
        boolean valid = basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signerCertificate));
        if (response.getStatus() != OCSPResp.SUCCESSFUL
                || !valid
                || basic.getResponses().length != 1
                || basic.getResponses()[0].getCertStatus() != null
                || basic.getCerts().length != ("delegated".equals(signer) ? 1 : 0)) {
            throw new IllegalStateException("the responder's answer does not check out (" + key + ", " + signer + ")");
        }
        System.out.printf(
                "%nOCSP request %d bytes, response %d bytes (%s, signer %s)%n",
                request.length, der.length, responder.authority().signatureAlgorithm(), signer);
    }
}
