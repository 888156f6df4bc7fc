package io.pkcsconnector.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A PFX that {@link PfxInspector} accepted.
 *
 * @param certificate the certificate whose public key is the PFX's private key
 * @param privateKey the one private key
 * @param chain the certificate, then its issuers as far as the PFX contains them; certificates of the PFX
 *     that are not in this path are left out
 * @param thumbprint SHA-1 of the certificate, upper-case hex, as Windows and Graph show it
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param keyAlgorithm the JCA name of the key's algorithm: {@code RSA}, {@code EC}, {@code EdDSA}, …
 * @param keySize RSA modulus or EC field size in bits; 0 for algorithms without a meaningful size
 */
public record InspectedPfx(
        X509Certificate certificate,
        PrivateKey privateKey,
        List<X509Certificate> chain,
        String thumbprint,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        int keySize) {

    public InspectedPfx {
        chain = List.copyOf(chain);
    }

    /** The algorithm as the issuance side names it, empty for e.g. RSA-1024 or brainpool curves. */
    public Optional<KeyAlgorithm> knownKeyAlgorithm() {
        return KeyAlgorithm.of(certificate.getPublicKey());
    }

    /** Leaves the private key out: some providers' {@code toString} print its private exponent. */
    @Override
    public String toString() {
        return "InspectedPfx[thumbprint=" + thumbprint + ", subject=" + certificate.getSubjectX500Principal()
                + ", notBefore=" + notBefore + ", notAfter=" + notAfter + ", keyAlgorithm=" + keyAlgorithm
                + ", keySize=" + keySize + ", chainLength=" + chain.size() + "]";
    }
}
