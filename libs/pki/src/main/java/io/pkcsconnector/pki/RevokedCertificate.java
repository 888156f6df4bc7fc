package io.pkcsconnector.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A revoked certificate as a CRL entry or an OCSP answer sees it. The revocation time is kept at second
 * precision because that is all a CRL's UTCTime and an OCSP GeneralizedTime carry: truncating here makes
 * the CRL and the OCSP responder state the same instant for the same revocation.
 *
 * @param serialNumber the certificate's serial, positive
 * @param revokedAt when it was revoked
 * @param reasonCode the RFC 5280 CRLReason code: 0-6 or 8-10 (7 is unassigned)
 */
public record RevokedCertificate(BigInteger serialNumber, Instant revokedAt, int reasonCode) {

    /** CRLReason unspecified(0): CRL entries and OCSP answers leave the reason out for it (RFC 5280 5.3.1). */
    public static final int UNSPECIFIED = 0;

    public RevokedCertificate {
        if (serialNumber == null || serialNumber.signum() <= 0) {
            throw new IllegalArgumentException("a revoked certificate needs a positive serial number");
        }
        if (revokedAt == null) {
            throw new IllegalArgumentException("revokedAt is required");
        }
        requireReasonCode(reasonCode);
        revokedAt = revokedAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * @throws IllegalArgumentException unless {@code code} is one RFC 5280 defines; removeFromCRL(8) is
     *     accepted here as the RFC does, though it only means something in a delta CRL
     */
    static int requireReasonCode(int code) {
        if (code < 0 || code > 10 || code == 7) {
            throw new IllegalArgumentException("unknown CRLReason code " + code + " (RFC 5280 defines 0-6 and 8-10)");
        }
        return code;
    }
}
