package io.pkcsconnector.loadgenerator;

import java.io.IOException;
import java.security.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Reads one OCSP answer to a {@link OcspRequests.Prepared} request. Every answer is parsed and checked for what is
 * cheap (successful, one SingleResponse, the CertID asked about, the nonce echoed); a sample also has its signature
 * verified, with the responder certificate the response carries (which must then be issued by the CA, carry
 * id-kp-OCSPSigning and be valid now) or else the CA certificate, and its ResponderID and times checked. One
 * instance per worker thread: the verifier cache is not shared.
 */
final class OcspCheck {

    static final String GOOD = "good";
    static final String REVOKED = "revoked";
    static final String UNKNOWN = "unknown";

    /** thisUpdate may be this far from our clock: the responder runs on this machine or one synchronised to it. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final Provider BC = new BouncyCastleProvider();
    private static final String[] OCSP_STATUS = {
        "successful", "malformedRequest", "internalError", "tryLater", "4", "sigRequired", "unauthorized"
    };

    /**
     * What one answer said: the certificate status, or the problem (null when sound), whether its signature was
     * verified, and what signed it ({@code issuing CA} or the delegated signer's subject; null when not verified).
     */
    record Result(String certStatus, String problem, boolean signatureChecked, String signer, String algorithm) {

        static Result problem(String problem, boolean signatureChecked) {
            return new Result(null, problem, signatureChecked, null, null);
        }

        boolean ok() {
            return problem == null;
        }
    }

    private final X509CertificateHolder ca;
    private final ContentVerifierProvider caVerifier;
    private final RespID caByKey;
    private final RespID caByName;
    /** Delegated signer certificates already vetted: null value when it passed, else why it did not. */
    private final Map<X509CertificateHolder, String> vetted = new HashMap<>();

    private final Map<X509CertificateHolder, ContentVerifierProvider> verifiers = new HashMap<>();

    OcspCheck(X509CertificateHolder ca) {
        this.ca = ca;
        this.caVerifier = verifier(ca);
        this.caByKey = byKey(ca);
        this.caByName = new RespID(ca.getSubject());
    }

    /** Checks the body of an HTTP 200; {@code verifySignature} for the sampled ones. */
    Result check(byte[] body, OcspRequests.Prepared sent, boolean verifySignature, Instant now) {
        BasicOCSPResp basic;
        try {
            OCSPResp response = new OCSPResp(body);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                return Result.problem("OCSP responseStatus " + statusName(response.getStatus()), false);
            }
            if (!(response.getResponseObject() instanceof BasicOCSPResp b)) {
                return Result.problem("not a BasicOCSPResponse", false);
            }
            basic = b;
        } catch (IOException | OCSPException | RuntimeException e) {
            return Result.problem("unreadable OCSP response (" + e.getClass().getSimpleName() + ")", false);
        }
        SingleResp[] answers = basic.getResponses();
        if (answers.length != 1) {
            return Result.problem(answers.length + " SingleResponses for one CertID", false);
        }
        SingleResp answer = answers[0];
        if (!answer.getCertID().equals(sent.certificateId())) {
            return Result.problem("the answer is about another CertID", false);
        }
        if (sent.nonceValue() != null) {
            Extension nonce = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce == null) {
                return Result.problem("nonce missing from the response", false);
            }
            if (!Arrays.equals(nonce.getExtnValue().getOctets(), sent.nonceValue())) {
                return Result.problem("nonce differs from the request's", false);
            }
        }
        String status = statusOf(answer.getCertStatus());
        if (status == null) {
            return Result.problem(
                    "unexpected certStatus " + answer.getCertStatus().getClass().getSimpleName(), false);
        }
        if (!verifySignature) {
            return new Result(status, null, false, null, null);
        }
        return verify(basic, answer, status, now);
    }

    private Result verify(BasicOCSPResp basic, SingleResp answer, String status, Instant now) {
        X509CertificateHolder[] included = basic.getCerts();
        X509CertificateHolder signerCertificate = included.length > 0 ? included[0] : ca;
        String signer = included.length > 0 ? signerCertificate.getSubject().toString() : "issuing CA";
        String algorithm = algorithmName(basic);
        if (included.length > 0 && !included[0].equals(ca)) {
            String problem = vetted.computeIfAbsent(included[0], c -> vetDelegated(c, now));
            if (problem != null) {
                return Result.problem(problem, true);
            }
        }
        boolean valid;
        try {
            valid = basic.isSignatureValid(verifiers.computeIfAbsent(signerCertificate, OcspCheck::verifier));
        } catch (OCSPException | RuntimeException e) {
            return Result.problem("signature cannot be checked (" + e.getClass().getSimpleName() + ")", true);
        }
        if (!valid) {
            return Result.problem("signature does not verify with " + signer, true);
        }
        RespID responderId = basic.getResponderId();
        boolean responderMatches = signerCertificate == ca
                ? responderId.equals(caByKey) || responderId.equals(caByName)
                : responderId.equals(byKey(signerCertificate))
                        || responderId.equals(new RespID(signerCertificate.getSubject()));
        if (!responderMatches) {
            return Result.problem("ResponderID does not name the signer", true);
        }
        Instant thisUpdate = answer.getThisUpdate().toInstant();
        if (Duration.between(thisUpdate, now).abs().compareTo(MAX_SKEW) > 0) {
            return Result.problem("thisUpdate is not current", true);
        }
        Date nextUpdate = answer.getNextUpdate();
        if (nextUpdate != null && !nextUpdate.toInstant().isAfter(now.minus(MAX_SKEW))) {
            return Result.problem("nextUpdate is past", true);
        }
        return new Result(status, null, true, signer, algorithm);
    }

    /** Null when {@code certificate} may sign OCSP answers for the CA (RFC 6960 4.2.2.2), else why not. */
    private String vetDelegated(X509CertificateHolder certificate, Instant now) {
        if (!certificate.getIssuer().equals(ca.getSubject())) {
            return "the responder certificate is not issued by the CA";
        }
        try {
            if (!certificate.isSignatureValid(caVerifier)) {
                return "the responder certificate's signature does not verify with the CA";
            }
        } catch (Exception e) {
            return "the responder certificate's signature cannot be checked ("
                    + e.getClass().getSimpleName() + ")";
        }
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(certificate.getExtensions());
        if (eku == null || !eku.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
            return "the responder certificate lacks id-kp-OCSPSigning";
        }
        if (!certificate.isValidOn(Date.from(now))) {
            return "the responder certificate is not valid now";
        }
        return null;
    }

    static String statusOf(CertificateStatus status) {
        if (status == CertificateStatus.GOOD) {
            return GOOD;
        }
        if (status instanceof RevokedStatus) {
            return REVOKED;
        }
        if (status instanceof UnknownStatus) {
            return UNKNOWN;
        }
        return null;
    }

    static String statusName(int ocspResponseStatus) {
        return ocspResponseStatus >= 0 && ocspResponseStatus < OCSP_STATUS.length
                ? OCSP_STATUS[ocspResponseStatus]
                : String.valueOf(ocspResponseStatus);
    }

    private static String algorithmName(BasicOCSPResp basic) {
        String oid = basic.getSignatureAlgOID().getId();
        return switch (oid) {
            case "1.2.840.10045.4.3.2" -> "SHA256withECDSA";
            case "1.2.840.10045.4.3.3" -> "SHA384withECDSA";
            case "1.2.840.113549.1.1.11" -> "SHA256withRSA";
            case "1.2.840.113549.1.1.12" -> "SHA384withRSA";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
            default -> oid;
        };
    }

    private static RespID byKey(X509CertificateHolder certificate) {
        try {
            return new RespID(certificate.getSubjectPublicKeyInfo(), OcspRequests.sha1());
        } catch (OCSPException e) {
            throw new IllegalStateException("cannot hash a public key", e);
        }
    }

    private static ContentVerifierProvider verifier(X509CertificateHolder certificate) {
        try {
            return new JcaContentVerifierProviderBuilder().setProvider(BC).build(certificate);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "cannot verify signatures with " + certificate.getSubject() + ": " + e.getMessage(), e);
        }
    }
}
