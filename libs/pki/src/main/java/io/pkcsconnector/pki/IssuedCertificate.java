package io.pkcsconnector.pki;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A signed certificate with its server-generated private key.
 *
 * @param caId the issuing CA, see {@link CertificateAuthority#caId()}
 * @param templateName the template it was issued from
 * @param keyAlgorithm the leaf key's algorithm
 * @param serialNumber positive, 159 bits
 * @param certificate the leaf
 * @param privateKey the leaf's private key; goes into the PKCS#12 and nowhere else
 * @param chain leaf, issuing CA, root CA
 * @param thumbprint SHA-1 of the leaf, upper-case hex, as Windows and Intune show it
 * @param notBefore start of validity (backdated by a minute for clock skew)
 * @param notAfter end of validity, inclusive
 */
public record IssuedCertificate(
        String caId,
        String templateName,
        KeyAlgorithm keyAlgorithm,
        BigInteger serialNumber,
        X509Certificate certificate,
        PrivateKey privateKey,
        List<X509Certificate> chain,
        String thumbprint,
        Instant notBefore,
        Instant notAfter) {

    public IssuedCertificate {
        chain = List.copyOf(chain);
    }

    /** Lower-case hex, 40 digits; the form services store and the revocation API accepts. */
    public String serialHex() {
        return SerialNumbers.toHex(serialNumber);
    }

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    /** Leaf, issuing and root as concatenated PEM. */
    public String chainPem() {
        return Pem.certificates(chain);
    }

    /** Leaves the private key out, so that logging this record cannot leak it. */
    @Override
    public String toString() {
        return "IssuedCertificate[caId=" + caId + ", template=" + templateName + ", keyAlgorithm="
                + keyAlgorithm.wireName() + ", serial=" + serialHex() + ", thumbprint=" + thumbprint + ", subject="
                + certificate.getSubjectX500Principal() + ", notBefore=" + notBefore + ", notAfter=" + notAfter + "]";
    }
}
