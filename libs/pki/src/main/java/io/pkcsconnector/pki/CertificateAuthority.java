package io.pkcsconnector.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A two-tier CA: a self-signed root and the issuing CA it certified. Only the issuing CA signs leaf
 * certificates. The private keys never leave this object except into the CA keystore; signing is offered
 * through {@link #newContentSigner()} so that CRL and OCSP code can sign without holding a key.
 *
 * <p>{@link #caId()} is the first 8 bytes of the issuing CA's subject key identifier in hex: stable across
 * restarts (it is derived from the key in the keystore), different for every new CA, and short enough for
 * a URL such as {@code /v1/crl/{caId}.crl}.
 */
public final class CertificateAuthority {

    /** Covers clocks of relying parties that run a little behind ours. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final CaSettings settings;
    private final X509Certificate root;
    private final PrivateKey rootKey;
    private final X509Certificate issuing;
    private final PrivateKey issuingKey;
    private final KeyAlgorithm rootAlgorithm;
    private final KeyAlgorithm issuingAlgorithm;
    private final String caId;
    private final String rootCaId;

    private CertificateAuthority(
            CaSettings settings,
            X509Certificate root,
            PrivateKey rootKey,
            X509Certificate issuing,
            PrivateKey issuingKey) {
        this.settings = settings;
        this.root = root;
        this.issuing = issuing;
        this.rootAlgorithm = algorithmOf(root, "root");
        this.issuingAlgorithm = algorithmOf(issuing, "issuing");
        this.rootKey = preferredProviderKey(rootKey, rootAlgorithm);
        this.issuingKey = preferredProviderKey(issuingKey, issuingAlgorithm);
        this.caId = idOf(issuing);
        this.rootCaId = idOf(root);
    }

    /** Generates a new root and issuing CA in memory; {@link CaKeystore} persists them. */
    public static CertificateAuthority generate(CaSettings settings) {
        return generate(settings, Clock.systemUTC());
    }

    static CertificateAuthority generate(CaSettings settings, Clock clock) {
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        PkiUrls urls = settings.urls();

        KeyPair rootPair = settings.rootKeyAlgorithm().generateKeyPair();
        X500Name rootName = DistinguishedName.builder()
                .commonName(settings.rootCommonName())
                .organization(settings.organization())
                .build()
                .toX500Name();
        Instant rootNotAfter = plus(notBefore, settings.rootValidity());
        X509v3CertificateBuilder rootBuilder =
                builder(rootName, rootName, notBefore, rootNotAfter, rootPair.getPublic());
        JcaX509ExtensionUtils utils = extensionUtils();
        byte[] rootSki = utils.createSubjectKeyIdentifier(rootPair.getPublic()).getKeyIdentifier();
        addExtension(rootBuilder, Extension.basicConstraints, true, new BasicConstraints(true));
        addExtension(
                rootBuilder,
                Extension.keyUsage,
                true,
                KeyUsage.toExtension(EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN)));
        addExtension(rootBuilder, Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(rootSki));
        X509Certificate root = sign(rootBuilder, rootPair.getPrivate(), settings.rootKeyAlgorithm());

        KeyPair issuingPair = settings.issuingKeyAlgorithm().generateKeyPair();
        X500Name issuingName = DistinguishedName.builder()
                .commonName(settings.issuingCommonName())
                .organization(settings.organization())
                .build()
                .toX500Name();
        Instant issuingNotAfter = min(plus(notBefore, settings.issuingValidity()), rootNotAfter);
        X509v3CertificateBuilder issuingBuilder =
                builder(rootName, issuingName, notBefore, issuingNotAfter, issuingPair.getPublic());
        // pathLen 0: the issuing CA may sign end-entity certificates only, never another CA.
        addExtension(issuingBuilder, Extension.basicConstraints, true, new BasicConstraints(0));
        // digitalSignature lets the issuing CA sign OCSP responses itself, without a delegated responder.
        addExtension(
                issuingBuilder,
                Extension.keyUsage,
                true,
                KeyUsage.toExtension(
                        EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN, KeyUsage.DIGITAL_SIGNATURE)));
        addExtension(
                issuingBuilder,
                Extension.subjectKeyIdentifier,
                false,
                utils.createSubjectKeyIdentifier(issuingPair.getPublic()));
        addExtension(issuingBuilder, Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(rootSki));
        // Windows checks revocation of intermediates (NPS does for EAP-TLS), so the issuing CA carries the
        // root's CRL location like any certificate below a root.
        addExtension(
                issuingBuilder, Extension.cRLDistributionPoints, false, crlDistributionPoint(urls.crl(hexId(rootSki))));
        addExtension(
                issuingBuilder,
                Extension.authorityInfoAccess,
                false,
                new AuthorityInformationAccess(new AccessDescription(
                        AccessDescription.id_ad_caIssuers,
                        new GeneralName(GeneralName.uniformResourceIdentifier, urls.rootCertificate()))));
        X509Certificate issuing = sign(issuingBuilder, rootPair.getPrivate(), settings.rootKeyAlgorithm());

        return new CertificateAuthority(settings, root, rootPair.getPrivate(), issuing, issuingPair.getPrivate());
    }

    /**
     * Rebuilds a CA from stored material, checking that it hangs together: the issuing certificate is
     * signed by the root, and each private key belongs to its certificate.
     */
    static CertificateAuthority restore(
            CaSettings settings,
            X509Certificate root,
            PrivateKey rootKey,
            X509Certificate issuing,
            PrivateKey issuingKey) {
        if (!Certificates.isSignedBy(root, root)) {
            throw new IllegalArgumentException("root CA certificate is not self-signed");
        }
        if (!Certificates.isSignedBy(issuing, root)) {
            throw new IllegalArgumentException("issuing CA certificate is not signed by the root CA");
        }
        CertificateAuthority ca = new CertificateAuthority(settings, root, rootKey, issuing, issuingKey);
        requireMatchingKey(ca.rootKey, root, ca.rootAlgorithm, "root");
        requireMatchingKey(ca.issuingKey, issuing, ca.issuingAlgorithm, "issuing");
        return ca;
    }

    /** Stable id of the issuing CA, used in CRL URLs and to tell CAs apart in stored records. */
    public String caId() {
        return caId;
    }

    /** Stable id of the root CA; its CRL lives at {@code urls().crl(rootCaId())}. */
    public String rootCaId() {
        return rootCaId;
    }

    public X509Certificate rootCertificate() {
        return root;
    }

    public X509Certificate issuingCertificate() {
        return issuing;
    }

    /** Issuing CA then root, the order {@code chain.pem} and PKCS#12 files list them in. */
    public List<X509Certificate> chain() {
        return List.of(issuing, root);
    }

    public KeyAlgorithm issuingKeyAlgorithm() {
        return issuingAlgorithm;
    }

    public KeyAlgorithm rootKeyAlgorithm() {
        return rootAlgorithm;
    }

    /** JCA name of the algorithm the issuing CA signs with, e.g. {@code SHA256withECDSA}. */
    public String signatureAlgorithm() {
        return issuingAlgorithm.signatureAlgorithm();
    }

    public CaSettings settings() {
        return settings;
    }

    public PkiUrls urls() {
        return settings.urls();
    }

    /** The same CA keys and certificates with other settings, e.g. a new public base URL. */
    public CertificateAuthority withSettings(CaSettings newSettings) {
        return new CertificateAuthority(newSettings, root, rootKey, issuing, issuingKey);
    }

    /**
     * A signer over the issuing CA key, for CRLs and OCSP responses. A new one per call: content signers
     * are stateful and not thread-safe.
     */
    public ContentSigner newContentSigner() {
        return contentSigner(issuingKey, issuingAlgorithm);
    }

    /** A signer over the root key, for the root's CRL; nothing else should be signed by the root. */
    public ContentSigner newRootContentSigner() {
        return contentSigner(rootKey, rootAlgorithm);
    }

    PrivateKey issuingPrivateKey() {
        return issuingKey;
    }

    PrivateKey rootPrivateKey() {
        return rootKey;
    }

    static ContentSigner contentSigner(PrivateKey key, KeyAlgorithm algorithm) {
        JcaContentSignerBuilder builder = new JcaContentSignerBuilder(algorithm.signatureAlgorithm());
        if (algorithm.isEc()) {
            builder.setProvider(CryptoProviders.bouncyCastle());
        }
        try {
            return builder.build(key);
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot create a " + algorithm.signatureAlgorithm() + " signer", e);
        }
    }

    static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, Instant notBefore, Instant notAfter, PublicKey publicKey) {
        return new X509v3CertificateBuilder(
                issuer,
                SerialNumbers.random(),
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, KeyAlgorithm algorithm) {
        try {
            return Certificates.fromDer(
                    builder.build(contentSigner(key, algorithm)).getEncoded());
        } catch (IOException e) {
            throw new PkiException("cannot encode the signed certificate", e);
        }
    }

    static void addExtension(
            X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new PkiException("cannot encode extension " + oid, e);
        }
    }

    static CRLDistPoint crlDistributionPoint(String url) {
        return new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(
                    new DistributionPointName(
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))),
                    null,
                    null)
        });
    }

    static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new PkiException("SHA-1 is not available", e);
        }
    }

    static Instant plus(Instant start, Period period) {
        return start.atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String idOf(X509Certificate certificate) {
        byte[] ski = Certificates.subjectKeyIdentifier(certificate);
        if (ski.length < 8) {
            throw new IllegalArgumentException("CA certificate " + certificate.getSubjectX500Principal()
                    + " has no usable subject key identifier");
        }
        return hexId(ski);
    }

    private static String hexId(byte[] ski) {
        return HexFormat.of().formatHex(ski, 0, 8);
    }

    private static KeyAlgorithm algorithmOf(X509Certificate certificate, String role) {
        return KeyAlgorithm.of(certificate.getPublicKey())
                .orElseThrow(() -> new IllegalArgumentException(
                        role + " CA key is not one of the supported algorithms (RSA 2048/3072/4096, EC P-256/P-384)"));
    }

    /**
     * Keys read from a JDK keystore are JDK key objects; handing an EC key to Bouncy Castle's signer as
     * such makes it convert the key on every signature, so it is converted once here.
     */
    private static PrivateKey preferredProviderKey(PrivateKey key, KeyAlgorithm algorithm) {
        if (!algorithm.isEc() || key.getClass().getName().startsWith("org.bouncycastle.")) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC", CryptoProviders.bouncyCastle())
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot convert the CA's EC key", e);
        }
    }

    private static void requireMatchingKey(
            PrivateKey key, X509Certificate certificate, KeyAlgorithm algorithm, String role) {
        try {
            byte[] probe = "pkcs-connector key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = algorithm.isEc()
                    ? Signature.getInstance(algorithm.signatureAlgorithm(), CryptoProviders.bouncyCastle())
                    : Signature.getInstance(algorithm.signatureAlgorithm());
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(role + " CA private key does not belong to its certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(role + " CA private key is unusable: " + e.getMessage(), e);
        }
    }
}
