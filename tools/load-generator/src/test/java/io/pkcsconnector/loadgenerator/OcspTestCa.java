package io.pkcsconnector.loadgenerator;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA and a minimal OCSP responder built straight on Bouncy Castle, for tests: an EC P-256 (or RSA-2048) CA
 * certificate, an optional delegated signer, and answers to requests with chosen flaws.
 */
final class OcspTestCa {

    final KeyPair caKeys;
    final X509CertificateHolder ca;
    final String signatureAlgorithm;

    OcspTestCa(String algorithm) throws Exception {
        this.caKeys = keyPair(algorithm);
        this.signatureAlgorithm = algorithm.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        X500Name name = new X500Name("CN=Test Issuing CA,O=Test");
        X509v3CertificateBuilder builder = builder(name, name, caKeys, BigInteger.ONE);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        this.ca = builder.build(signer(caKeys.getPrivate()));
    }

    static OcspTestCa ec() throws Exception {
        return new OcspTestCa("EC");
    }

    /** A certificate for {@code keys}, issued by this CA; with id-kp-OCSPSigning when {@code ocspSigning}. */
    X509CertificateHolder issue(KeyPair keys, boolean ocspSigning, BigInteger serial) throws Exception {
        X509v3CertificateBuilder builder =
                builder(ca.getSubject(), new X500Name("CN=Test OCSP Responder,O=Test"), keys, serial);
        if (ocspSigning) {
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
        }
        return builder.build(signer(caKeys.getPrivate()));
    }

    KeyPair newKeys() throws Exception {
        return keyPair(signatureAlgorithm.endsWith("RSA") ? "RSA" : "EC");
    }

    /** How an answer is built: who signs, with which key, the statuses by serial (good, revoked; others unknown), and what is wrong with it. */
    record Answer(
            PrivateKey key,
            X509CertificateHolder responderCertificate,
            X509CertificateHolder[] included,
            Map<BigInteger, String> statuses,
            boolean echoNonce,
            boolean otherSerial,
            Instant thisUpdate) {}

    Answer byCa(Map<BigInteger, String> statuses) {
        return new Answer(caKeys.getPrivate(), ca, new X509CertificateHolder[0], statuses, true, false, Instant.now());
    }

    /** The DER OCSPResponse to {@code requestDer}. */
    byte[] respond(byte[] requestDer, Answer answer) throws Exception {
        OCSPReq request = new OCSPReq(requestDer);
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                new RespID(answer.responderCertificate().getSubjectPublicKeyInfo(), OcspRequests.sha1()));
        Date thisUpdate = Date.from(answer.thisUpdate());
        Date nextUpdate = Date.from(answer.thisUpdate().plus(Duration.ofHours(1)));
        for (Req single : request.getRequestList()) {
            BigInteger serial = single.getCertID().getSerialNumber();
            CertificateStatus status =
                    switch (answer.statuses().getOrDefault(serial, OcspCheck.UNKNOWN)) {
                        case OcspCheck.GOOD -> CertificateStatus.GOOD;
                        case OcspCheck.REVOKED -> new RevokedStatus(thisUpdate, CRLReason.keyCompromise);
                        default -> new UnknownStatus();
                    };
            builder.addResponse(
                    answer.otherSerial()
                            ? CertificateID.deriveCertificateID(single.getCertID(), serial.add(BigInteger.ONE))
                            : single.getCertID(),
                    status,
                    thisUpdate,
                    nextUpdate,
                    null);
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null && answer.echoNonce()) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        return new OCSPRespBuilder()
                .build(OCSPRespBuilder.SUCCESSFUL, builder.build(signer(answer.key()), answer.included(), thisUpdate))
                .getEncoded();
    }

    private ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder(signatureAlgorithm).build(key);
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, KeyPair keys, BigInteger serial) {
        Instant now = Instant.now();
        return new X509v3CertificateBuilder(
                issuer,
                serial,
                Date.from(now.minus(Duration.ofMinutes(1))),
                Date.from(now.plus(Duration.ofDays(30))),
                subject,
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }
}
