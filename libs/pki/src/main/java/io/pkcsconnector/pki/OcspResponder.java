package io.pkcsconnector.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.Request;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;

/**
 * An OCSP responder (RFC 6960) for the issuing CA: parses requests, and signs answers built from the
 * statuses the caller looked up. It knows nothing of storage or HTTP; the revocation worker feeds it.
 * Thread-safe: everything shared is immutable and each response gets its own {@link ContentSigner}.
 *
 * <p>Two ways to sign. {@link #signedByCa} signs with the issuing CA key itself (its certificate has
 * digitalSignature for this); the response carries no certificate, since the client already holds the
 * issuer's. {@link #delegated} issues a short-lived OCSP signing certificate from the issuing CA at
 * construction, keeps its key in memory only, and includes the certificate in every response; it carries
 * id-pkix-ocsp-nocheck, so clients do not ask about the responder's own status. The delegated
 * certificate is not renewed: build a new responder before {@link #signerCertificate()} expires.
 *
 * <p>Requests: one ASN.1 value with nothing after it, at most {@value #MAX_REQUEST_BYTES} bytes and
 * {@link #DEFAULT_MAX_REQUESTS} certificates, unsigned or signed (a request signature is not checked, nor
 * needed). Bouncy Castle's parser stops at 32 nested levels (its default {@code
 * org.bouncycastle.asn1.max_cons_depth}), so deeply nested input is refused rather than exhausting the
 * stack. CertIDs with SHA-1 and SHA-256 hashes are recognised and answered with the hash they were asked
 * with. A CertID of another issuer, or with another hash, is answered {@code unknown} (RFC 6960 2.2
 * allows that as well as {@code unauthorized}), so that one request mixing issuers still gets an answer
 * for the certificates this CA issued.
 *
 * <p>Responses: thisUpdate and producedAt are "now", nextUpdate is now plus the response validity but
 * never past the signer's notAfter; the responder ID is by key hash, which is shorter than by name and
 * what CA/Browser Forum responders use. An unspecified(0) revocation has no reason, as in the CRL.
 */
public final class OcspResponder {

    /** OCSPResponseStatus malformedRequest: illegal confirmation request. */
    public static final int MALFORMED_REQUEST = 1;
    /** OCSPResponseStatus internalError: internal error in issuer. */
    public static final int INTERNAL_ERROR = 2;
    /** OCSPResponseStatus tryLater: try again later. */
    public static final int TRY_LATER = 3;
    /** OCSPResponseStatus sigRequired: must sign the request. */
    public static final int SIG_REQUIRED = 5;
    /** OCSPResponseStatus unauthorized: request unauthorized. */
    public static final int UNAUTHORIZED = 6;

    /** Browsers and Windows ask about one certificate per request; 20 leaves room for batch clients. */
    public static final int DEFAULT_MAX_REQUESTS = 20;

    /**
     * Twenty CertIDs with a nonce take under 2 KiB; a signed request with its certificates a few KiB. The
     * limit keeps a hostile request from costing more than a legitimate one.
     */
    public static final int MAX_REQUEST_BYTES = 16_384;

    /** RFC 8954: a nonce is 1 to 32 octets, and a longer one must be refused as malformedRequest. */
    static final int MAX_NONCE_BYTES = 32;

    private final CertificateAuthority ca;
    private final X509Certificate signerCertificate;
    private final Supplier<ContentSigner> signer;
    private final X509CertificateHolder[] includedCertificates;
    private final RespID responderId;
    private final Duration responseValidity;
    private final Instant signerNotAfter;
    private final int maxRequests;
    private final List<IssuerHash> issuerHashes;

    private OcspResponder(
            CertificateAuthority ca,
            X509Certificate signerCertificate,
            Supplier<ContentSigner> signer,
            boolean includeSignerCertificate,
            Duration responseValidity,
            int maxRequests) {
        this.ca = ca;
        this.signerCertificate = signerCertificate;
        this.signer = signer;
        this.includedCertificates = includeSignerCertificate
                ? new X509CertificateHolder[] {holder(signerCertificate)}
                : new X509CertificateHolder[0];
        this.responderId = new RespID(new ResponderID(new DEROctetString(publicKeyHash(signerCertificate, "SHA-1"))));
        this.responseValidity = responseValidity;
        this.signerNotAfter = signerCertificate.getNotAfter().toInstant();
        this.maxRequests = maxRequests;
        X509Certificate issuing = ca.issuingCertificate();
        byte[] issuerName = issuing.getSubjectX500Principal().getEncoded();
        this.issuerHashes = List.of(
                IssuerHash.of(OIWObjectIdentifiers.idSHA1, "SHA-1", issuerName, issuing),
                IssuerHash.of(NISTObjectIdentifiers.id_sha256, "SHA-256", issuerName, issuing));
    }

    /** A responder that signs with the issuing CA key itself. */
    public static OcspResponder signedByCa(CertificateAuthority ca, Duration responseValidity) {
        requireCa(ca);
        requirePositive(responseValidity, "responseValidity");
        return new OcspResponder(
                ca, ca.issuingCertificate(), ca::newContentSigner, false, responseValidity, DEFAULT_MAX_REQUESTS);
    }

    /**
     * A responder with a delegated OCSP signing certificate, issued now by the issuing CA: key of the
     * issuing CA's algorithm, subject the issuing CA's with " OCSP Responder" appended to its CN, keyUsage
     * digitalSignature, EKU id-kp-OCSPSigning, id-pkix-ocsp-nocheck, valid for {@code signerValidity} (from
     * a minute ago, for clock skew) but never beyond the issuing CA. Its key exists only in this object.
     */
    public static OcspResponder delegated(CertificateAuthority ca, Duration signerValidity, Duration responseValidity) {
        return delegated(ca, signerValidity, responseValidity, Clock.systemUTC());
    }

    static OcspResponder delegated(
            CertificateAuthority ca, Duration signerValidity, Duration responseValidity, Clock clock) {
        requireCa(ca);
        requirePositive(signerValidity, "signerValidity");
        requirePositive(responseValidity, "responseValidity");
        KeyAlgorithm algorithm = ca.issuingKeyAlgorithm();
        KeyPair keyPair = algorithm.generateKeyPair();
        X509Certificate certificate = delegatedCertificate(ca, keyPair, signerValidity, clock);
        PrivateKey key = keyPair.getPrivate();
        return new OcspResponder(
                ca,
                certificate,
                () -> CertificateAuthority.contentSigner(key, algorithm),
                true,
                responseValidity,
                DEFAULT_MAX_REQUESTS);
    }

    /** The same responder (same signer) with another limit on certificates per request. */
    public OcspResponder withMaxRequests(int newMaxRequests) {
        if (newMaxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be at least 1");
        }
        return new OcspResponder(
                ca, signerCertificate, signer, includedCertificates.length > 0, responseValidity, newMaxRequests);
    }

    /** The certificate whose key signs the responses: the issuing CA's, or the delegated one. */
    public X509Certificate signerCertificate() {
        return signerCertificate;
    }

    public CertificateAuthority authority() {
        return ca;
    }

    public Duration responseValidity() {
        return responseValidity;
    }

    public int maxRequests() {
        return maxRequests;
    }

    /**
     * Parses a DER OCSPRequest and matches each CertID against the issuing CA.
     *
     * @throws OcspRequestException with {@link #MALFORMED_REQUEST} if the bytes are not exactly one
     *     OCSPRequest v1 or are longer than {@value #MAX_REQUEST_BYTES}, if it asks about no certificate or more than {@link #maxRequests()}, carries a
     *     critical extension other than the nonce, or a nonce longer than 32 octets. Nothing else is thrown
     *     for any input.
     */
    public ParsedRequest parse(byte[] der) throws OcspRequestException {
        if (der == null || der.length == 0) {
            throw malformed("empty OCSP request");
        }
        if (der.length > MAX_REQUEST_BYTES) {
            throw malformed("OCSP request of " + der.length + " bytes exceeds " + MAX_REQUEST_BYTES);
        }
        try {
            TBSRequest tbs =
                    OCSPRequest.getInstance(ASN1Primitive.fromByteArray(der)).getTbsRequest();
            if (!tbs.getVersion().hasValue(0)) {
                throw malformed("OCSP request version " + tbs.getVersion().getValue() + " is not v1");
            }
            ASN1Sequence list = tbs.getRequestList();
            if (list.size() == 0) {
                throw malformed("OCSP request asks about no certificate");
            }
            if (list.size() > maxRequests) {
                throw malformed("OCSP request asks about " + list.size() + " certificates, at most " + maxRequests
                        + " allowed");
            }
            List<RequestedCertificate> certificates = new ArrayList<>(list.size());
            for (ASN1Encodable element : list) {
                Request single = Request.getInstance(element);
                requireNoCriticalExtension(single.getSingleRequestExtensions(), "single request");
                CertificateID id = new CertificateID(single.getReqCert());
                certificates.add(new RequestedCertificate(id.getSerialNumber(), matches(id), id));
            }
            Extensions extensions = tbs.getRequestExtensions();
            requireNoCriticalExtension(extensions, "request");
            return new ParsedRequest(certificates, nonce(extensions));
        } catch (IOException | RuntimeException e) {
            throw malformed("not an OCSP request: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Builds the signed, DER-encoded OCSPResponse (successful, BasicOCSPResponse) for a parsed request.
     * Every CertID of the request gets one answer, in request order, with the CertID exactly as asked.
     *
     * @param statuses by serial number, for certificates of this CA; a serial without an entry is {@code
     *     unknown}, as is every CertID that does not name the issuing CA
     * @param now thisUpdate and producedAt, truncated to seconds
     * @throws PkiException if signing fails or the delegated signer certificate has expired
     */
    public byte[] respond(ParsedRequest request, Map<BigInteger, CertStatus> statuses, Instant now) {
        if (request == null || statuses == null || now == null) {
            throw new IllegalArgumentException("request, statuses and now are required");
        }
        Instant produced = now.truncatedTo(ChronoUnit.SECONDS);
        if (!signerNotAfter.isAfter(produced)) {
            throw new PkiException("the OCSP signer certificate expired at " + signerNotAfter);
        }
        Instant next = CertificateAuthority.min(produced.plus(responseValidity), signerNotAfter);
        Date thisUpdate = Date.from(produced);
        Date nextUpdate = Date.from(next);

        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(responderId);
        for (RequestedCertificate certificate : request.certificates()) {
            CertificateID id = certificate.certificateId();
            // Matched again rather than trusting the flag: a ParsedRequest can be built by anyone.
            CertStatus status = matches(id) ? statuses.get(id.getSerialNumber()) : null;
            builder.addResponse(id, toBouncyCastle(status), thisUpdate, nextUpdate, null);
        }
        if (request.nonce() != null) {
            builder.setResponseExtensions(
                    new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, request.nonce())));
        }
        try {
            BasicOCSPResp basic = builder.build(signer.get(), includedCertificates, thisUpdate);
            return new OCSPRespBuilder()
                    .build(OCSPRespBuilder.SUCCESSFUL, basic)
                    .getEncoded();
        } catch (OCSPException | IOException e) {
            throw new PkiException("cannot sign the OCSP response", e);
        }
    }

    /**
     * An unsigned OCSPResponse with only an error status, as RFC 6960 2.3 prescribes for requests that get
     * no status answer: {@code 30 03 0A 01 xx}.
     *
     * @param ocspResponseStatus 1, 2, 3, 5 or 6
     */
    public static byte[] errorResponse(int ocspResponseStatus) {
        requireErrorStatus(ocspResponseStatus);
        try {
            return new OCSPResp(new OCSPResponse(new OCSPResponseStatus(ocspResponseStatus), null)).getEncoded();
        } catch (IOException e) {
            throw new PkiException("cannot encode an OCSP error response", e);
        }
    }

    static int requireErrorStatus(int status) {
        if (status != MALFORMED_REQUEST
                && status != INTERNAL_ERROR
                && status != TRY_LATER
                && status != SIG_REQUIRED
                && status != UNAUTHORIZED) {
            throw new IllegalArgumentException(
                    "OCSP error status must be 1, 2, 3, 5 or 6 (RFC 6960 4.2.1), got " + status);
        }
        return status;
    }

    /**
     * A parsed OCSP request.
     *
     * @param certificates the CertIDs it asks about, in request order
     * @param nonce the nonce extension's extnValue exactly as sent (normally a DER OCTET STRING), echoed
     *     verbatim in the response; null if the request has none
     */
    public record ParsedRequest(List<RequestedCertificate> certificates, byte[] nonce) {

        public ParsedRequest {
            if (certificates == null) {
                throw new IllegalArgumentException("certificates are required");
            }
            certificates = List.copyOf(certificates);
            nonce = nonce == null ? null : nonce.clone();
        }

        @Override
        public byte[] nonce() {
            return nonce == null ? null : nonce.clone();
        }

        /** Serials asked about whose CertID names this responder's CA: the ones to look up. */
        public List<BigInteger> serialsForThisCa() {
            return certificates.stream()
                    .filter(RequestedCertificate::issuedByThisCa)
                    .map(RequestedCertificate::serialNumber)
                    .distinct()
                    .toList();
        }
    }

    /**
     * One CertID of a request.
     *
     * @param serialNumber the serial asked about
     * @param issuedByThisCa whether the CertID's issuer name and key hashes are the issuing CA's
     * @param certificateId the CertID as asked, which the response repeats
     */
    public record RequestedCertificate(BigInteger serialNumber, boolean issuedByThisCa, CertificateID certificateId) {

        public RequestedCertificate {
            if (serialNumber == null || certificateId == null) {
                throw new IllegalArgumentException("serialNumber and certificateId are required");
            }
        }
    }

    /** What the caller knows about a serial of this CA. */
    public sealed interface CertStatus {

        /** Issued by this CA and not revoked. */
        record Good() implements CertStatus {}

        /**
         * Revoked at {@code revokedAt} (kept to the second, as the CRL has it) for an RFC 5280 CRLReason
         * code; unspecified(0) is answered without a reason.
         */
        record Revoked(Instant revokedAt, int reasonCode) implements CertStatus {
            public Revoked {
                if (revokedAt == null) {
                    throw new IllegalArgumentException("revokedAt is required");
                }
                RevokedCertificate.requireReasonCode(reasonCode);
                revokedAt = revokedAt.truncatedTo(ChronoUnit.SECONDS);
            }
        }

        /** Not known to have been issued by this CA. */
        record Unknown() implements CertStatus {}

        static CertStatus good() {
            return new Good();
        }

        static CertStatus unknown() {
            return new Unknown();
        }

        static CertStatus revoked(RevokedCertificate revoked) {
            return new Revoked(revoked.revokedAt(), revoked.reasonCode());
        }
    }

    private boolean matches(CertificateID id) {
        for (IssuerHash hash : issuerHashes) {
            if (hash.matches(id)) {
                return true;
            }
        }
        return false;
    }

    private static CertificateStatus toBouncyCastle(CertStatus status) {
        if (status instanceof CertStatus.Good) {
            return CertificateStatus.GOOD;
        }
        if (status instanceof CertStatus.Revoked revoked) {
            ASN1GeneralizedTime time = new ASN1GeneralizedTime(Date.from(revoked.revokedAt()));
            return revoked.reasonCode() == RevokedCertificate.UNSPECIFIED
                    ? new RevokedStatus(new RevokedInfo(time, null))
                    : new RevokedStatus(new RevokedInfo(time, CRLReason.lookup(revoked.reasonCode())));
        }
        return new UnknownStatus();
    }

    private static byte[] nonce(Extensions extensions) throws OcspRequestException {
        Extension nonce = extensions == null ? null : extensions.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce == null) {
            return null;
        }
        byte[] value = nonce.getExtnValue().getOctets();
        // RFC 8954 defines the value as an OCTET STRING of 1..32 octets; some old clients put the bare bytes
        // there, which is echoed just the same.
        int length = value.length;
        try {
            if (ASN1Primitive.fromByteArray(value) instanceof ASN1OctetString octets) {
                length = octets.getOctets().length;
            }
        } catch (IOException | RuntimeException e) {
            // Not an encoded OCTET STRING: bare nonce bytes.
        }
        if (length < 1 || length > MAX_NONCE_BYTES) {
            throw malformed("OCSP nonce of " + length + " octets, RFC 8954 allows 1 to " + MAX_NONCE_BYTES);
        }
        return value;
    }

    private static void requireNoCriticalExtension(Extensions extensions, String where) throws OcspRequestException {
        if (extensions == null) {
            return;
        }
        for (ASN1ObjectIdentifier oid : extensions.getCriticalExtensionOIDs()) {
            if (!oid.equals(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)) {
                throw malformed("unsupported critical " + where + " extension " + oid);
            }
        }
    }

    private static OcspRequestException malformed(String message) {
        return new OcspRequestException(MALFORMED_REQUEST, message);
    }

    private static X509Certificate delegatedCertificate(
            CertificateAuthority ca, KeyPair keyPair, Duration validity, Clock clock) {
        X509Certificate issuing = ca.issuingCertificate();
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(CertificateAuthority.BACKDATE);
        Instant notAfter = CertificateAuthority.min(
                notBefore.plus(validity), issuing.getNotAfter().toInstant());
        if (!notAfter.isAfter(clock.instant())) {
            throw new IllegalArgumentException("the issuing CA expires before the OCSP signer could be valid");
        }
        X500Name issuerName =
                X500Name.getInstance(issuing.getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = CertificateAuthority.builder(
                issuerName, responderName(issuerName), notBefore, notAfter, keyPair.getPublic());
        CertificateAuthority.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        CertificateAuthority.addExtension(
                builder, Extension.keyUsage, true, KeyUsage.toExtension(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE)));
        CertificateAuthority.addExtension(
                builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
        // RFC 6960 4.2.2.2.1: clients trust this certificate for its lifetime without checking its status,
        // which is why it is short-lived and its key never stored.
        CertificateAuthority.addExtension(builder, OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
        CertificateAuthority.addExtension(
                builder,
                Extension.subjectKeyIdentifier,
                false,
                CertificateAuthority.extensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
        CertificateAuthority.addExtension(
                builder,
                Extension.authorityKeyIdentifier,
                false,
                new AuthorityKeyIdentifier(Certificates.subjectKeyIdentifier(issuing)));
        return CertificateAuthority.sign(builder, ca.issuingPrivateKey(), ca.issuingKeyAlgorithm());
    }

    /** The issuing CA's name with " OCSP Responder" appended to its CN, so the two are never confused. */
    static X500Name responderName(X500Name issuerName) {
        RDN[] rdns = issuerName.getRDNs();
        RDN[] renamed = new RDN[rdns.length];
        boolean hasCommonName = false;
        for (int i = 0; i < rdns.length; i++) {
            RDN rdn = rdns[i];
            if (!rdn.isMultiValued()
                    && rdn.getFirst().getType().equals(BCStyle.CN)
                    && rdn.getFirst().getValue() instanceof ASN1String name) {
                renamed[i] = new RDN(BCStyle.CN, new DERUTF8String(name.getString() + " OCSP Responder"));
                hasCommonName = true;
            } else {
                renamed[i] = rdn;
            }
        }
        if (!hasCommonName) {
            RDN[] withCommonName = new RDN[rdns.length + 1];
            System.arraycopy(rdns, 0, withCommonName, 0, rdns.length);
            withCommonName[rdns.length] = new RDN(BCStyle.CN, new DERUTF8String("OCSP Responder"));
            return new X500Name(withCommonName);
        }
        return new X500Name(renamed);
    }

    private static void requireCa(CertificateAuthority ca) {
        if (ca == null) {
            throw new IllegalArgumentException("a CA is required");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(name + " must be at least one second");
        }
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(Certificates.der(certificate));
        } catch (IOException e) {
            throw new PkiException("cannot re-read the OCSP signer certificate", e);
        }
    }

    /** RFC 6960 4.1.1: the hash over the value of the subjectPublicKey BIT STRING, without tag and length. */
    private static byte[] publicKeyHash(X509Certificate certificate, String algorithm) {
        byte[] key = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                .getPublicKeyData()
                .getBytes();
        return Certificates.digest(algorithm, key);
    }

    /** The issuing CA's CertID hashes under one hash algorithm. */
    private record IssuerHash(ASN1ObjectIdentifier algorithm, byte[] nameHash, byte[] keyHash) {

        static IssuerHash of(ASN1ObjectIdentifier oid, String algorithm, byte[] issuerName, X509Certificate issuer) {
            return new IssuerHash(oid, Certificates.digest(algorithm, issuerName), publicKeyHash(issuer, algorithm));
        }

        boolean matches(CertificateID id) {
            return algorithm.equals(id.getHashAlgOID())
                    && MessageDigest.isEqual(nameHash, id.getIssuerNameHash())
                    && MessageDigest.isEqual(keyHash, id.getIssuerKeyHash());
        }
    }
}
