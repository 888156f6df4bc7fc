package io.pkcsconnector.pki;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/** DER, thumbprints and small extension look-ups for X.509 certificates. */
public final class Certificates {

    private Certificates() {}

    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new PkiException("certificate cannot be encoded", e);
        }
    }

    /** @throws IllegalArgumentException if the bytes are not one DER X.509 certificate */
    public static X509Certificate fromDer(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * SHA-1 over the DER, upper-case hex without separators: the "thumbprint" Windows, Intune and Graph
     * show and match on.
     */
    public static String thumbprint(X509Certificate certificate) {
        return HexFormat.of().withUpperCase().formatHex(digest("SHA-1", der(certificate)));
    }

    /** SHA-256 over the DER, upper-case hex; for logs and pinning, where SHA-1 is not enough. */
    public static String sha256Fingerprint(X509Certificate certificate) {
        return HexFormat.of().withUpperCase().formatHex(digest("SHA-256", der(certificate)));
    }

    /** The subject key identifier, or an empty array for certificates without one. */
    public static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return new byte[0];
        }
        return SubjectKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(extension).getOctets())
                .getKeyIdentifier();
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new PkiException(algorithm + " is not available", e);
        }
    }

    static boolean isSignedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
