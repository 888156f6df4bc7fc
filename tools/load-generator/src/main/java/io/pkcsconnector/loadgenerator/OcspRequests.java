package io.pkcsconnector.loadgenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The OCSP requests {@link OcspLoad} sends, as relying parties send them (RFC 6960 4.1, RFC 5019): unsigned, one
 * CertID with SHA-1 hashes of the issuer's name and key (what Windows, browsers and OpenSSL use), and optionally a
 * 16-byte nonce (RFC 8954). Either for given serial numbers, taken round robin, or for a fresh random serial per
 * request, 20 bytes like the serials the CA makes, which the responder answers {@code unknown} after the same lookup
 * and the same signature. The CertID hashes are computed once; without a nonce the requests for given serials are
 * encoded once too. Thread-safe.
 */
final class OcspRequests {

    /** RFC 8954 allows 1 to 32 octets; 16 is what most clients send. */
    static final int NONCE_BYTES = 16;

    /** Serials as {@code SerialNumbers.random()} makes them: 20 bytes, top bit clear, next bit set (159 bits). */
    static final int SERIAL_BYTES = 20;

    /**
     * One request: its DER, the CertID it asks about (the answer must repeat it) and the nonce's extnValue as sent
     * (the DER of the OCTET STRING that the answer must echo byte for byte), null without a nonce.
     */
    record Prepared(byte[] der, CertificateID certificateId, byte[] nonceValue) {}

    private final CertificateID[] fixed;
    private final byte[][] fixedDer;
    private final CertificateID template;
    private final boolean nonce;

    private OcspRequests(CertificateID[] fixed, CertificateID template, boolean nonce) {
        this.fixed = fixed;
        this.template = template;
        this.nonce = nonce;
        this.fixedDer = new byte[fixed.length][];
        if (!nonce) {
            for (int i = 0; i < fixed.length; i++) {
                fixedDer[i] = encode(fixed[i], null);
            }
        }
    }

    /** Requests about these serials of {@code issuer}, round robin. */
    static OcspRequests forSerials(X509CertificateHolder issuer, List<BigInteger> serials, boolean nonce) {
        if (serials.isEmpty()) {
            throw new IllegalArgumentException("no serial numbers");
        }
        CertificateID template = certificateId(issuer, BigInteger.ONE);
        CertificateID[] ids = serials.stream()
                .map(serial -> CertificateID.deriveCertificateID(template, serial))
                .toArray(CertificateID[]::new);
        return new OcspRequests(ids, template, nonce);
    }

    /** Requests about a random serial each, which {@code issuer} never issued. */
    static OcspRequests forRandomSerials(X509CertificateHolder issuer, boolean nonce) {
        return new OcspRequests(new CertificateID[0], certificateId(issuer, BigInteger.ONE), nonce);
    }

    boolean randomSerials() {
        return fixed.length == 0;
    }

    int certificates() {
        return fixed.length;
    }

    boolean nonce() {
        return nonce;
    }

    /** The request number {@code sequence} (round robin over the given serials); {@code random} makes serials and nonces. */
    Prepared next(long sequence, Random random) {
        CertificateID id;
        byte[] prebuilt = null;
        if (fixed.length == 0) {
            id = CertificateID.deriveCertificateID(template, randomSerial(random));
        } else {
            int index = (int) Math.floorMod(sequence, (long) fixed.length);
            id = fixed[index];
            prebuilt = fixedDer[index];
        }
        if (!nonce) {
            return new Prepared(prebuilt != null ? prebuilt : encode(id, null), id, null);
        }
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        byte[] nonceValue = octetString(bytes);
        return new Prepared(encode(id, nonceValue), id, nonceValue);
    }

    /** A positive 159-bit serial of 20 bytes, the shape of the CA's own. */
    static BigInteger randomSerial(Random random) {
        byte[] bytes = new byte[SERIAL_BYTES];
        random.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7F) | 0x40);
        return new BigInteger(1, bytes);
    }

    /**
     * The last path segment of {@code GET /v1/ocsp/{request}} (RFC 6960 A.1): the URL encoding of the Base64 of the
     * DER, so {@code +}, {@code /} and {@code =} travel as {@code %2B}, {@code %2F} and {@code %3D}.
     */
    static String getPathSegment(byte[] der) {
        return URLEncoder.encode(Base64.getEncoder().encodeToString(der), StandardCharsets.US_ASCII);
    }

    /** The CertID of {@code serial} under {@code issuer}, SHA-1 hashes. */
    static CertificateID certificateId(X509CertificateHolder issuer, BigInteger serial) {
        try {
            return new CertificateID(sha1(), issuer, serial);
        } catch (OCSPException e) {
            throw new IllegalStateException("cannot hash the issuer for a CertID", e);
        }
    }

    static DigestCalculator sha1() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    private static byte[] octetString(byte[] bytes) {
        try {
            return new DEROctetString(bytes).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(CertificateID id, byte[] nonceValue) {
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (nonceValue != null) {
            builder.setRequestExtensions(
                    new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonceValue)));
        }
        try {
            return builder.build().getEncoded();
        } catch (OCSPException e) {
            throw new IllegalStateException("cannot build an OCSP request", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
