package io.pkcsconnector.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An approved request, with its key pair, serial number and validity fixed but not yet signed (boulder's
 * issuance token). A service records {@link #serialHex()} before calling {@link
 * CertificateIssuer#sign(PreparedIssuance)}, so that a crash after signing still leaves a trace of the
 * serial. It can be signed once only: a second attempt would put one serial on two certificates.
 */
public final class PreparedIssuance {

    final CertificateIssuer issuer;
    final IssuanceRequest request;
    final CertificateTemplate template;
    final KeyPair keyPair;
    final BigInteger serialNumber;
    final Instant notBefore;
    final Instant notAfter;
    final Set<KeyUsage> keyUsages;
    final List<String> extendedKeyUsages;
    private final AtomicBoolean signed = new AtomicBoolean();

    PreparedIssuance(
            CertificateIssuer issuer,
            IssuanceRequest request,
            CertificateTemplate template,
            KeyPair keyPair,
            BigInteger serialNumber,
            Instant notBefore,
            Instant notAfter,
            Set<KeyUsage> keyUsages,
            List<String> extendedKeyUsages) {
        this.issuer = issuer;
        this.request = request;
        this.template = template;
        this.keyPair = keyPair;
        this.serialNumber = serialNumber;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.keyUsages = keyUsages;
        this.extendedKeyUsages = extendedKeyUsages;
    }

    public IssuanceRequest request() {
        return request;
    }

    public CertificateTemplate template() {
        return template;
    }

    public BigInteger serialNumber() {
        return serialNumber;
    }

    public String serialHex() {
        return SerialNumbers.toHex(serialNumber);
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public String caId() {
        return issuer.authority().caId();
    }

    /** The key usages the certificate will carry: the template's for the key family plus requested extras. */
    public Set<KeyUsage> keyUsages() {
        return keyUsages;
    }

    public List<String> extendedKeyUsages() {
        return extendedKeyUsages;
    }

    boolean markSigned() {
        return signed.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "PreparedIssuance[requestId=" + request.requestId() + ", template=" + template.name() + ", serial="
                + serialHex() + ", notBefore=" + notBefore + ", notAfter=" + notAfter + "]";
    }
}
