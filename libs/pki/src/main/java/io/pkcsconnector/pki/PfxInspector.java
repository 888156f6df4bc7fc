package io.pkcsconnector.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/**
 * Opens an administrator's PFX and checks that it is one importable identity: the password is right,
 * there is exactly one private key, a certificate has its public key, that certificate has not expired,
 * and it is the certificate the administrator described. Reads what {@code openssl pkcs12 -export}
 * writes by default (PBES2 with AES-256-CBC, HMAC-SHA256 MAC) and the legacy form (PKCS#12 PBE with
 * 3DES or RC2-40, HMAC-SHA1 MAC) that Windows and {@code -legacy} produce.
 *
 * <p>A PFX whose bytes were altered fails its MAC exactly as a wrong password does, so with a MAC it is
 * reported as {@code wrongPassword}; {@code corruptPfx} means the structure itself cannot be read.
 *
 * <p>Key derivation counts come from the file, so a crafted PFX could ask for billions of iterations and
 * hold a thread for hours; counts above {@link #MAX_ITERATIONS} are refused as {@code corruptPfx} before
 * any derivation runs. Thread-safe.
 */
public final class PfxInspector {

    /** Real exporters use 2,000 (Windows) to 600,000 (password managers following OWASP). */
    public static final int MAX_ITERATIONS = 1_000_000;

    /** Graph dates carry fractions; X.509 dates have whole seconds. */
    private static final Duration DATE_TOLERANCE = Duration.ofSeconds(1);

    private final Clock clock;

    public PfxInspector() {
        this(Clock.systemUTC());
    }

    /** @param clock decides what "expired" means */
    public PfxInspector(Clock clock) {
        this.clock = clock;
    }

    public InspectedPfx inspect(byte[] pfx, char[] password) {
        return inspect(pfx, password, PfxExpectations.none());
    }

    /**
     * @throws PfxImportException with the first failure found, in this order: {@code corruptPfx} (also for
     *     an unreadable structure), {@code wrongPassword}, {@code noPrivateKey}, {@code multiplePrivateKeys},
     *     {@code noCertificate}, {@code keyDoesNotMatchCertificate}, {@code thumbprintMismatch}, {@code
     *     datesMismatch}, {@code expired}
     */
    public InspectedPfx inspect(byte[] pfx, char[] password, PfxExpectations expected) {
        if (password == null) {
            throw new IllegalArgumentException("a PFX password is required (it may be empty)");
        }
        PKCS12PfxPdu pdu = parse(pfx);
        boolean macChecked = checkMac(pdu, password);
        Contents contents = decrypt(pdu, password, macChecked);

        if (contents.keys.isEmpty()) {
            throw new PfxImportException(PfxImportFailure.NO_PRIVATE_KEY, "the PFX contains no private key");
        }
        if (contents.keys.size() > 1) {
            throw new PfxImportException(
                    PfxImportFailure.MULTIPLE_PRIVATE_KEYS,
                    "the PFX contains " + contents.keys.size() + " private keys; import one identity per PFX");
        }
        if (contents.certificates.isEmpty()) {
            throw new PfxImportException(PfxImportFailure.NO_CERTIFICATE, "the PFX contains no certificate");
        }
        Key key = contents.keys.get(0);
        X509Certificate leaf = certificateOf(key, contents.certificates);

        String thumbprint = Certificates.thumbprint(leaf);
        Instant notBefore = leaf.getNotBefore().toInstant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        checkExpectations(expected, thumbprint, notBefore, notAfter);
        if (clock.instant().isAfter(notAfter)) {
            throw new PfxImportException(
                    PfxImportFailure.EXPIRED, "certificate " + thumbprint + " expired at " + notAfter);
        }
        PublicKey publicKey = leaf.getPublicKey();
        return new InspectedPfx(
                leaf,
                key.privateKey,
                chain(
                        leaf,
                        contents.certificates.stream().map(c -> c.certificate).toList()),
                thumbprint,
                notBefore,
                notAfter,
                publicKey.getAlgorithm(),
                keySize(publicKey));
    }

    private static PKCS12PfxPdu parse(byte[] pfx) {
        if (pfx == null || pfx.length == 0) {
            throw new PfxImportException(PfxImportFailure.CORRUPT_PFX, "the PFX is empty");
        }
        PKCS12PfxPdu pdu;
        try {
            pdu = new PKCS12PfxPdu(pfx);
            // The content infos are decoded on demand; decoding them here puts structural damage under corruptPfx.
            pdu.getContentInfos();
        } catch (IOException | RuntimeException e) {
            throw new PfxImportException(PfxImportFailure.CORRUPT_PFX, "not a readable PKCS#12 structure", e);
        }
        return pdu;
    }

    /** @return whether a MAC was present and verified */
    private static boolean checkMac(PKCS12PfxPdu pdu, char[] password) {
        if (!pdu.hasMac()) {
            return false;
        }
        MacData macData = Pfx.getInstance(pdu.toASN1Structure()).getMacData();
        requireIterations(macData.getIterationCount(), "MAC");
        boolean valid;
        try {
            valid = pdu.isMacValid(
                    new BcPKCS12MacCalculatorBuilderProvider(BcDefaultDigestProvider.INSTANCE), password);
        } catch (PKCSException | RuntimeException e) {
            throw new PfxImportException(PfxImportFailure.CORRUPT_PFX, "the PFX's MAC cannot be computed", e);
        }
        if (!valid) {
            throw new PfxImportException(
                    PfxImportFailure.WRONG_PASSWORD,
                    "the password does not open this PFX (or the file was altered after it was written)");
        }
        return true;
    }

    private static Contents decrypt(PKCS12PfxPdu pdu, char[] password, boolean macChecked) {
        // With a verified MAC the password is right, so a failure below means damaged contents; without a MAC
        // a failed decryption is the only sign of a wrong password.
        PfxImportFailure decryptionFailure =
                macChecked ? PfxImportFailure.CORRUPT_PFX : PfxImportFailure.WRONG_PASSWORD;
        InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder()
                .setProvider(CryptoProviders.bouncyCastle())
                .build(password);
        Contents contents = new Contents();
        for (ContentInfo info : pdu.getContentInfos()) {
            PKCS12SafeBag[] bags;
            try {
                if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                    requireIterations(
                            EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm(), "certificate safe");
                    bags = new PKCS12SafeBagFactory(info, decryptor).getSafeBags();
                } else if (info.getContentType().equals(PKCSObjectIdentifiers.data)) {
                    bags = new PKCS12SafeBagFactory(info).getSafeBags();
                } else {
                    throw new PfxImportException(
                            PfxImportFailure.CORRUPT_PFX,
                            "unsupported safe content type "
                                    + info.getContentType().getId()
                                    + " (public-key protected PFX files are not supported)");
                }
            } catch (PKCSException e) {
                throw new PfxImportException(decryptionFailure, "a safe of the PFX cannot be decrypted", e);
            } catch (PfxImportException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new PfxImportException(decryptionFailure, "a safe of the PFX cannot be read", e);
            }
            for (PKCS12SafeBag bag : bags) {
                read(bag, decryptor, decryptionFailure, contents);
            }
        }
        return contents;
    }

    private static void read(
            PKCS12SafeBag bag, InputDecryptorProvider decryptor, PfxImportFailure failure, Contents contents) {
        try {
            if (bag.getType().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) bag.getBagValue();
                requireIterations(encrypted.getEncryptionAlgorithm(), "key bag");
                contents.keys.add(new Key(privateKey(encrypted.decryptPrivateKeyInfo(decryptor)), localKeyId(bag)));
            } else if (bag.getType().equals(PKCSObjectIdentifiers.keyBag)) {
                contents.keys.add(new Key(privateKey((PrivateKeyInfo) bag.getBagValue()), localKeyId(bag)));
            } else if (bag.getType().equals(PKCSObjectIdentifiers.certBag)) {
                Object value = bag.getBagValue();
                if (value instanceof X509CertificateHolder holder) {
                    contents.certificates.add(new Cert(Certificates.fromDer(holder.getEncoded()), localKeyId(bag)));
                }
                // SDSI certificates and other cert types cannot be the imported identity; they are ignored.
            }
            // CRL, secret and nested safe-contents bags carry nothing an import uses.
        } catch (PfxImportException e) {
            throw e;
        } catch (PKCSException e) {
            throw new PfxImportException(failure, "a private key of the PFX cannot be decrypted", e);
        } catch (IOException | RuntimeException e) {
            throw new PfxImportException(failure, "a bag of the PFX cannot be read", e);
        }
    }

    private static PrivateKey privateKey(PrivateKeyInfo info) throws IOException {
        return new JcaPEMKeyConverter().getPrivateKey(info);
    }

    private static byte[] localKeyId(PKCS12SafeBag bag) {
        for (var attribute :
                bag.getAttributes() == null ? new org.bouncycastle.asn1.pkcs.Attribute[0] : bag.getAttributes()) {
            if (attribute.getAttrType().equals(PKCS12SafeBag.localKeyIdAttribute)
                    && attribute.getAttrValues().size() > 0) {
                ASN1Encodable value = attribute.getAttrValues().getObjectAt(0);
                return ASN1OctetString.getInstance(value).getOctets();
            }
        }
        return null;
    }

    /** The certificate with the key's public key; the one with the key's localKeyId if several have it. */
    private static X509Certificate certificateOf(Key key, List<Cert> certificates) {
        X509Certificate match = null;
        for (Cert cert : certificates) {
            if (!matches(key.privateKey, cert.certificate.getPublicKey())) {
                continue;
            }
            if (key.localKeyId != null && cert.localKeyId != null && Arrays.equals(key.localKeyId, cert.localKeyId)) {
                return cert.certificate;
            }
            if (match == null) {
                match = cert.certificate;
            }
        }
        if (match == null) {
            throw new PfxImportException(
                    PfxImportFailure.KEY_DOES_NOT_MATCH_CERTIFICATE,
                    "no certificate in the PFX has the public key of its private key");
        }
        return match;
    }

    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (privateKey instanceof RSAPrivateKey rsa) {
            if (!(publicKey instanceof RSAPublicKey rsaPublic)
                    || !rsa.getModulus().equals(rsaPublic.getModulus())) {
                return false;
            }
            return !(rsa instanceof RSAPrivateCrtKey crt)
                    || crt.getPublicExponent().equals(rsaPublic.getPublicExponent());
        }
        // EC, EdDSA, DSA: the private key does not hold its public key in every encoding, so prove the
        // pairing by signing.
        String algorithm =
                switch (privateKey.getAlgorithm()) {
                    case "EC", "ECDSA" -> "SHA256withECDSA";
                    case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
                    case "DSA" -> "SHA256withDSA";
                    default -> null;
                };
        if (algorithm == null) {
            return false;
        }
        // A public key of another type makes initVerify throw, which counts as no match.
        try {
            byte[] challenge = new byte[32];
            CryptoProviders.random().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void checkExpectations(
            PfxExpectations expected, String thumbprint, Instant notBefore, Instant notAfter) {
        if (expected == null) {
            return;
        }
        if (expected.thumbprint() != null) {
            String normalized = expected.thumbprint().replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT);
            if (!normalized.equals(thumbprint)) {
                throw new PfxImportException(
                        PfxImportFailure.THUMBPRINT_MISMATCH,
                        "the certificate's thumbprint is " + thumbprint + ", not " + normalized);
            }
        }
        if (differs(expected.startDateTime(), notBefore)) {
            throw new PfxImportException(
                    PfxImportFailure.DATES_MISMATCH,
                    "startDateTime " + expected.startDateTime() + " is not the certificate's notBefore " + notBefore);
        }
        if (differs(expected.expirationDateTime(), notAfter)) {
            throw new PfxImportException(
                    PfxImportFailure.DATES_MISMATCH,
                    "expirationDateTime " + expected.expirationDateTime() + " is not the certificate's notAfter "
                            + notAfter);
        }
    }

    private static boolean differs(Instant expected, Instant actual) {
        return expected != null && Duration.between(expected, actual).abs().compareTo(DATE_TOLERANCE) > 0;
    }

    /** Leaf, then each issuer found among the certificates, up to a self-signed one or a missing link. */
    private static List<X509Certificate> chain(X509Certificate leaf, List<X509Certificate> certificates) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : certificates) {
                if (!chain.contains(candidate)
                        && candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                        && Certificates.isSignedBy(current, candidate)) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    private static int keySize(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return 0;
    }

    private static void requireIterations(AlgorithmIdentifier algorithm, String what) {
        ASN1Encodable parameters = algorithm.getParameters();
        BigInteger iterations = null;
        if (PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
            var kdf = PBES2Parameters.getInstance(parameters).getKeyDerivationFunc();
            if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
                iterations = PBKDF2Params.getInstance(kdf.getParameters()).getIterationCount();
            }
        } else if (algorithm.getAlgorithm().getId().startsWith(PKCSObjectIdentifiers.pkcs_12PbeIds.getId() + ".")) {
            iterations = PKCS12PBEParams.getInstance(parameters).getIterations();
        }
        if (iterations != null) {
            requireIterations(iterations, what);
        }
    }

    private static void requireIterations(BigInteger iterations, String what) {
        if (iterations.signum() <= 0 || iterations.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
            throw new PfxImportException(
                    PfxImportFailure.CORRUPT_PFX,
                    "the " + what + " asks for " + iterations + " iterations; at most " + MAX_ITERATIONS
                            + " are accepted");
        }
    }

    private record Key(PrivateKey privateKey, byte[] localKeyId) {}

    private record Cert(X509Certificate certificate, byte[] localKeyId) {}

    private static final class Contents {
        final List<Key> keys = new ArrayList<>();
        final List<Cert> certificates = new ArrayList<>();
    }
}
