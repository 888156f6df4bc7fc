package io.pkcsconnector.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Issues end-entity certificates from templates, the connector's job: look up the template, enforce it,
 * generate the key pair, sign. Thread-safe; one instance serves all requests.
 *
 * <p>{@link #issue(IssuanceRequest)} does it all in one call. Services that record the serial before
 * signing (so a crash cannot lose track of a certificate) call {@link #prepare(IssuanceRequest)} and
 * {@link #sign(PreparedIssuance)} instead.
 */
public final class CertificateIssuer {

    /** szOID_ENROLL_CERTTYPE_EXTENSION: Windows shows it as "Certificate Template Name". */
    static final ASN1ObjectIdentifier MS_CERTIFICATE_TEMPLATE_NAME = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2");

    private final CertificateAuthority authority;
    private final TemplateRegistry templates;
    private final IssuancePolicy policy;
    private final Clock clock;
    private final X500Name issuerName;
    private final AuthorityKeyIdentifier authorityKeyIdentifier;
    private final CRLDistPoint crlDistributionPoint;
    private final AuthorityInformationAccess authorityInformationAccess;

    public CertificateIssuer(CertificateAuthority authority, TemplateRegistry templates) {
        this(authority, templates, IssuancePolicy.standard(), Clock.systemUTC());
    }

    public CertificateIssuer(
            CertificateAuthority authority, TemplateRegistry templates, IssuancePolicy policy, Clock clock) {
        this.authority = authority;
        this.templates = templates;
        this.policy = policy;
        this.clock = clock;
        X509Certificate issuing = authority.issuingCertificate();
        // The issuer name must be byte-identical to the CA certificate's subject for chain building.
        this.issuerName = X500Name.getInstance(issuing.getSubjectX500Principal().getEncoded());
        this.authorityKeyIdentifier = new AuthorityKeyIdentifier(Certificates.subjectKeyIdentifier(issuing));
        PkiUrls urls = authority.urls();
        this.crlDistributionPoint = CertificateAuthority.crlDistributionPoint(urls.crl(authority.caId()));
        this.authorityInformationAccess = new AuthorityInformationAccess(new AccessDescription[] {
            new AccessDescription(
                    AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, urls.ocsp())),
            new AccessDescription(
                    AccessDescription.id_ad_caIssuers,
                    new GeneralName(GeneralName.uniformResourceIdentifier, urls.issuingCertificate()))
        });
    }

    public CertificateAuthority authority() {
        return authority;
    }

    public TemplateRegistry templates() {
        return templates;
    }

    /**
     * Checks the request against its template without generating anything, so a service can refuse a
     * request before spending a key generation on it.
     *
     * @return the template the request will be issued from
     * @throws TemplateViolationException if the template is unknown or refuses the request
     */
    public CertificateTemplate check(IssuanceRequest request) {
        CertificateTemplate template = templates.get(request.templateName());
        policy.check(request, template);
        return template;
    }

    /** Checks the request and generates its key pair, serial number and validity. */
    public PreparedIssuance prepare(IssuanceRequest request) {
        CertificateTemplate template = check(request);
        return prepared(request, template, request.keyAlgorithm().generateKeyPair());
    }

    /**
     * As {@link #prepare(IssuanceRequest)} with a key pair generated in advance (RSA key generation takes
     * ~100 ms, so a service may keep a pool filled while idle).
     *
     * @throws TemplateViolationException if the key is too small or of an algorithm the template refuses
     * @throws IllegalArgumentException if the key pair does not match the request's algorithm or itself
     */
    public PreparedIssuance prepare(IssuanceRequest request, KeyPair keyPair) {
        CertificateTemplate template = check(request);
        PublicKey publicKey = keyPair.getPublic();
        if (publicKey instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < template.minimumRsaKeySize()) {
            throw TemplateValidators.violation(
                    ViolationCode.KEY_TOO_SMALL,
                    template,
                    "RSA key of " + rsa.getModulus().bitLength() + " bits is below the minimum of "
                            + template.minimumRsaKeySize());
        }
        KeyAlgorithm actual = KeyAlgorithm.of(publicKey)
                .orElseThrow(() -> TemplateValidators.violation(
                        ViolationCode.KEY_ALGORITHM_NOT_ALLOWED,
                        template,
                        "a " + publicKey.getAlgorithm() + " key of this kind is not supported"));
        if (actual != request.keyAlgorithm()) {
            throw new IllegalArgumentException("key pair is " + actual.wireName() + " but the request asks for "
                    + request.keyAlgorithm().wireName());
        }
        requireMatchingPair(keyPair);
        return prepared(request, template, keyPair);
    }

    /**
     * Signs a prepared issuance with the issuing CA.
     *
     * @throws IllegalStateException if it was signed before
     */
    public IssuedCertificate sign(PreparedIssuance prepared) {
        if (prepared.issuer != this) {
            throw new IllegalArgumentException("prepared by another issuer");
        }
        if (!prepared.markSigned()) {
            throw new IllegalStateException("serial " + prepared.serialHex() + " has already been signed");
        }
        IssuanceRequest request = prepared.request;
        PublicKey publicKey = prepared.keyPair.getPublic();
        SubjectPublicKeyInfo keyInfo = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                issuerName,
                prepared.serialNumber,
                Date.from(prepared.notBefore),
                Date.from(prepared.notAfter),
                request.subject().toX500Name(),
                keyInfo);
        CertificateAuthority.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        CertificateAuthority.addExtension(builder, Extension.keyUsage, true, KeyUsage.toExtension(prepared.keyUsages));
        if (!prepared.extendedKeyUsages.isEmpty()) {
            CertificateAuthority.addExtension(
                    builder,
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(prepared.extendedKeyUsages.stream()
                            .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
                            .toArray(KeyPurposeId[]::new)));
        }
        if (!request.subjectAlternativeNames().isEmpty()) {
            // RFC 5280 4.2.1.6: with an empty subject, the SAN is the only name and must be critical.
            CertificateAuthority.addExtension(
                    builder,
                    Extension.subjectAlternativeName,
                    request.subject().isEmpty(),
                    new GeneralNames(request.subjectAlternativeNames().stream()
                            .map(SubjectAlternativeName::toGeneralName)
                            .toArray(GeneralName[]::new)));
        }
        CertificateAuthority.addExtension(
                builder, Extension.subjectKeyIdentifier, false, subjectKeyIdentifier(keyInfo));
        CertificateAuthority.addExtension(builder, Extension.authorityKeyIdentifier, false, authorityKeyIdentifier);
        CertificateAuthority.addExtension(builder, Extension.cRLDistributionPoints, false, crlDistributionPoint);
        CertificateAuthority.addExtension(builder, Extension.authorityInfoAccess, false, authorityInformationAccess);
        CertificateAuthority.addExtension(
                builder, MS_CERTIFICATE_TEMPLATE_NAME, false, new DERBMPString(prepared.template.name()));

        X509Certificate certificate =
                CertificateAuthority.sign(builder, authority.issuingPrivateKey(), authority.issuingKeyAlgorithm());
        List<X509Certificate> chain = new ArrayList<>(3);
        chain.add(certificate);
        chain.addAll(authority.chain());
        return new IssuedCertificate(
                authority.caId(),
                prepared.template.name(),
                request.keyAlgorithm(),
                prepared.serialNumber,
                certificate,
                prepared.keyPair.getPrivate(),
                chain,
                Certificates.thumbprint(certificate),
                prepared.notBefore,
                prepared.notAfter);
    }

    /** Checks, generates the key pair and signs. */
    public IssuedCertificate issue(IssuanceRequest request) {
        return sign(prepare(request));
    }

    private PreparedIssuance prepared(IssuanceRequest request, CertificateTemplate template, KeyPair keyPair) {
        Instant now = clock.instant();
        Instant caNotAfter = authority.issuingCertificate().getNotAfter().toInstant();
        if (!now.isBefore(caNotAfter)) {
            throw new IllegalStateException("issuing CA " + authority.caId() + " expired at " + caNotAfter);
        }
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(CertificateAuthority.BACKDATE);
        // X.509 validity includes its last second, so a one-year certificate ends one second early.
        Instant notAfter = CertificateAuthority.min(
                CertificateAuthority.plus(notBefore, request.validity()).minusSeconds(1), caNotAfter);

        Set<KeyUsage> keyUsages = EnumSet.copyOf(template.keyUsagesFor(request.keyAlgorithm()));
        keyUsages.addAll(request.additionalKeyUsages());
        List<String> ekus = request.extendedKeyUsages().isEmpty()
                ? template.extendedKeyUsages()
                : template.extendedKeyUsages().stream()
                        .filter(request.extendedKeyUsages()::contains)
                        .toList();
        BigInteger serial = SerialNumbers.random();
        return new PreparedIssuance(
                this, request, template, keyPair, serial, notBefore, notAfter, Set.copyOf(keyUsages), ekus);
    }

    /** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
    static SubjectKeyIdentifier subjectKeyIdentifier(SubjectPublicKeyInfo keyInfo) {
        return new SubjectKeyIdentifier(
                Certificates.digest("SHA-1", keyInfo.getPublicKeyData().getBytes()));
    }

    /**
     * A pre-generated pair whose halves do not belong together would produce a certificate for one key and
     * a PKCS#12 with another, undetectable until the device fails to use it.
     */
    private static void requireMatchingPair(KeyPair keyPair) {
        PrivateKey privateKey = keyPair.getPrivate();
        PublicKey publicKey = keyPair.getPublic();
        boolean matches;
        if (publicKey instanceof RSAPublicKey rsa && privateKey instanceof RSAPrivateKey rsaPrivate) {
            matches = rsa.getModulus().equals(rsaPrivate.getModulus());
        } else {
            try {
                ECPrivateKeyParameters d =
                        (ECPrivateKeyParameters) PrivateKeyFactory.createKey(privateKey.getEncoded());
                ECPublicKeyParameters q = (ECPublicKeyParameters) PublicKeyFactory.createKey(publicKey.getEncoded());
                matches = d.getParameters()
                        .getG()
                        .multiply(d.getD())
                        .normalize()
                        .equals(q.getQ().normalize());
            } catch (IOException | ClassCastException e) {
                matches = false;
            }
        }
        if (!matches) {
            throw new IllegalArgumentException("the private key does not belong to the public key");
        }
    }
}
