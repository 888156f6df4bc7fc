package io.pkcsconnector.revocationworker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of the revocation worker (CRL publication, OCSP responder), prefix {@code pkcs.revocation}. */
@ConfigMapping(prefix = "pkcs.revocation")
public interface RevocationConfig {

    /** The CA whose certificates this worker revokes; the same keystore the issuance worker signs with. */
    Ca ca();

    /**
     * Base URL under which relying parties reach the CRL and OCSP; must equal the issuance worker's {@code
     * pkcs.issuance.public-base-url}, since both write it into certificates.
     */
    @WithDefault("http://127.0.0.1:8080")
    String publicBaseUrl();

    Crl crl();

    Ocsp ocsp();

    interface Ca {
        /**
         * PKCS#12 keystore holding the root and issuing CA keys (a volume or Secret shared with the issuance
         * worker). Generated on first start when missing, exactly as the issuance worker does; whichever starts
         * first creates it, the other loads it.
         */
        @WithDefault("ca/issuing-ca.p12")
        Path keystorePath();

        /** Password of the CA keystore; from the environment or a Secret, never from a committed file. */
        String keystorePassword();
    }

    interface Crl {
        /** nextUpdate - thisUpdate of every CRL: how long a relying party may cache it. */
        @WithDefault("24h")
        Duration validity();

        /**
         * A CRL is re-issued on schedule once less than this is left before its nextUpdate, so relying parties
         * always find a fresh one well before the cached one expires.
         */
        @WithDefault("12h")
        Duration reissueBefore();

        /**
         * After a revocation, the CRL is rebuilt this much later, so that a burst of revocations (a retired
         * fleet) costs one build instead of one per certificate.
         */
        @WithDefault("250ms")
        Duration coalesce();

        /** How often the schedule (and CRLs built by other instances) are checked. */
        @WithDefault("30s")
        Duration checkInterval();
    }

    interface Ocsp {
        /** {@code ca}: responses signed by the issuing CA itself; {@code delegated}: by an OCSP signing certificate. */
        @WithDefault("delegated")
        Signer signer();

        /** Lifetime of the delegated OCSP signing certificate; a new one is issued at every start. */
        @WithDefault("30d")
        Duration signerValidity();

        /** nextUpdate - thisUpdate of an OCSP response: how long a relying party may cache it. */
        @WithDefault("1h")
        Duration responseValidity();

        /** Largest OCSP request accepted, in bytes; a request for one certificate is about 100. */
        @WithDefault("8192")
        int maxRequestBytes();
    }

    enum Signer {
        ca,
        delegated
    }
}
