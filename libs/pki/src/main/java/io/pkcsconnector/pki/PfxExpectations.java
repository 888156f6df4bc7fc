package io.pkcsconnector.pki;

import java.time.Instant;

/**
 * What the administrator said about the PFX they upload (Graph's {@code thumbprint}, {@code
 * startDateTime}, {@code expirationDateTime}); each part may be {@code null} for "not given".
 *
 * @param thumbprint SHA-1 of the certificate in hex; case, spaces and colons are ignored
 * @param startDateTime must be within a second of notBefore
 * @param expirationDateTime must be within a second of notAfter
 */
public record PfxExpectations(String thumbprint, Instant startDateTime, Instant expirationDateTime) {

    private static final PfxExpectations NONE = new PfxExpectations(null, null, null);

    /** Nothing expected: only the PFX's own consistency is checked. */
    public static PfxExpectations none() {
        return NONE;
    }
}
