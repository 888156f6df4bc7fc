package io.pkcsconnector.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Builds full X.509 v2 CRLs (RFC 5280 section 5): one for the issuing CA, listing revoked leaf
 * certificates, and one for the root, listing revoked CA certificates (normally none). Thread-safe: the
 * issuer names and extensions are immutable and every call signs with a new {@link ContentSigner}.
 *
 * <p>Each CRL carries a CRL Number and an Authority Key Identifier (RFC 5280 requires both of a
 * conforming CA) and no Issuing Distribution Point: it is a full CRL for everything its CA issued, which
 * is what a relying party without an IDP assumes. An entry has the reasonCode extension except for
 * unspecified(0), which RFC 5280 5.3.1 says to leave out. The issuer name is copied byte for byte from
 * the CA certificate, because OpenSSL and Windows match a CRL to its CA by the encoded name.
 *
 * <p>Entries are streamed into Bouncy Castle's builder with one shared, pre-encoded reason extension per
 * code. Most of the remaining cost per entry is Bouncy Castle formatting the revocation date; a CRL of
 * 100,000 entries (~5 MB) takes about half a second once the JIT has warmed up (2 vCPU development
 * machine, under load).
 */
public final class CrlBuilder {

    /** RFC 5280 5.2.3: a CRL number fits in 20 octets, so at most 159 bits as a positive INTEGER. */
    static final int MAX_CRL_NUMBER_BITS = 159;

    private final CertificateAuthority ca;
    private final Issuer issuing;
    private final Issuer root;
    private final Extensions[] reasonExtensions;

    public CrlBuilder(CertificateAuthority ca) {
        if (ca == null) {
            throw new IllegalArgumentException("a CA is required");
        }
        this.ca = ca;
        this.issuing = Issuer.of(ca.issuingCertificate(), ca::newContentSigner);
        this.root = Issuer.of(ca.rootCertificate(), ca::newRootContentSigner);
        this.reasonExtensions = new Extensions[11];
        for (int code = 1; code <= 10; code++) {
            if (code != 7) {
                reasonExtensions[code] = reasonExtension(code);
            }
        }
    }

    public CertificateAuthority authority() {
        return ca;
    }

    /**
     * The issuing CA's CRL, signed by the issuing CA: what {@code /v1/crl/{caId}.crl} serves and what leaf
     * certificates point to.
     *
     * @param crlNumber increases with every CRL the CA publishes (RFC 5280 5.2.3), 0 to 2^159-1
     * @param thisUpdate issue date, truncated to seconds
     * @param nextUpdate when the next CRL will be out at the latest, after {@code thisUpdate}
     * @param revoked the entries; serials must be unique
     * @throws IllegalArgumentException for a bad CRL number, times out of order or a repeated serial
     */
    public X509CRL issuingCrl(
            BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, Iterable<RevokedCertificate> revoked) {
        return build(issuing, crlNumber, thisUpdate, nextUpdate, revoked);
    }

    /**
     * The root CA's CRL, signed by the root: what {@code /v1/crl/{rootCaId}.crl} serves and what the
     * issuing CA certificate points to. It lists revoked CA certificates, so it is normally empty.
     *
     * @see #issuingCrl(BigInteger, Instant, Instant, Iterable)
     */
    public X509CRL rootCrl(
            BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, Iterable<RevokedCertificate> revoked) {
        return build(root, crlNumber, thisUpdate, nextUpdate, revoked);
    }

    private X509CRL build(
            Issuer issuer,
            BigInteger crlNumber,
            Instant thisUpdate,
            Instant nextUpdate,
            Iterable<RevokedCertificate> revoked) {
        if (crlNumber == null || crlNumber.signum() < 0 || crlNumber.bitLength() > MAX_CRL_NUMBER_BITS) {
            throw new IllegalArgumentException("CRL number must be a non-negative integer of at most 20 octets");
        }
        if (thisUpdate == null || nextUpdate == null) {
            throw new IllegalArgumentException("thisUpdate and nextUpdate are required");
        }
        Instant start = thisUpdate.truncatedTo(ChronoUnit.SECONDS);
        Instant end = nextUpdate.truncatedTo(ChronoUnit.SECONDS);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException(
                    "nextUpdate " + nextUpdate + " must be at least a second after thisUpdate " + thisUpdate);
        }
        if (revoked == null) {
            throw new IllegalArgumentException("revoked certificates are required (an empty list for none)");
        }

        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer.name, Date.from(start));
        builder.setNextUpdate(Date.from(end));
        addExtension(builder, Extension.cRLNumber, new CRLNumber(crlNumber));
        addExtension(builder, Extension.authorityKeyIdentifier, issuer.authorityKeyIdentifier);

        // A serial listed twice would make relying parties pick one of two revocation dates or reasons.
        Set<BigInteger> seen = new HashSet<>();
        for (RevokedCertificate entry : revoked) {
            if (entry == null) {
                throw new IllegalArgumentException("a revoked certificate entry is null");
            }
            if (!seen.add(entry.serialNumber())) {
                throw new IllegalArgumentException(
                        "serial " + SerialNumbers.toHex(entry.serialNumber()) + " is listed twice");
            }
            builder.addCRLEntry(
                    entry.serialNumber(), Date.from(entry.revokedAt()), reasonExtensions[entry.reasonCode()]);
        }

        X509CRLHolder holder = builder.build(issuer.signer.get());
        try {
            // Bouncy Castle's X509CRL decodes entries on demand; the JDK's parses all of them up front, which
            // for 100,000 entries costs as much again as building the CRL, only to serve getEncoded().
            return (X509CRL) CertificateFactory.getInstance("X.509", CryptoProviders.bouncyCastle())
                    .generateCRL(new ByteArrayInputStream(holder.getEncoded()));
        } catch (IOException | CertificateException | CRLException e) {
            throw new PkiException("cannot encode the signed CRL", e);
        }
    }

    /** Null for unspecified(0): the entry then has no extensions at all. */
    private static Extensions reasonExtension(int code) {
        try {
            return new Extensions(new Extension(
                    Extension.reasonCode, false, CRLReason.lookup(code).getEncoded(ASN1Encoding.DER)));
        } catch (IOException e) {
            throw new PkiException("cannot encode CRL reason " + code, e);
        }
    }

    private static void addExtension(X509v2CRLBuilder builder, ASN1ObjectIdentifier oid, ASN1Encodable value) {
        try {
            builder.addExtension(oid, false, value);
        } catch (CertIOException e) {
            throw new PkiException("cannot encode CRL extension " + oid, e);
        }
    }

    /** One CRL issuer: its encoded name, its key identifier and how to get a signer over its key. */
    private record Issuer(
            X500Name name, AuthorityKeyIdentifier authorityKeyIdentifier, Supplier<ContentSigner> signer) {

        static Issuer of(X509Certificate certificate, Supplier<ContentSigner> signer) {
            byte[] ski = Certificates.subjectKeyIdentifier(certificate);
            if (ski.length == 0) {
                throw new IllegalArgumentException(
                        "CA certificate " + certificate.getSubjectX500Principal() + " has no subject key identifier");
            }
            return new Issuer(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new AuthorityKeyIdentifier(ski),
                    signer);
        }
    }
}
