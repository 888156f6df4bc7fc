package io.pkcsconnector.issuanceworker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings of the issuance worker (the connector), prefix {@code pkcs.issuance}. */
@ConfigMapping(prefix = "pkcs.issuance")
public interface IssuanceConfig {

    /** The two-tier CA this connector signs with. */
    Ca ca();

    /**
     * Base URL under which relying parties reach the CRL ({@code /v1/crl/{caId}.crl}), OCSP ({@code
     * /v1/ocsp}) and CA certificates ({@code /v1/ca/...}); written into every issued certificate. In
     * Kubernetes this is the public host name of the ingress.
     */
    @WithDefault("http://127.0.0.1:8080")
    String publicBaseUrl();

    interface Ca {
        /**
         * PKCS#12 keystore holding the root and issuing CA keys. Generated on first start when missing, loaded
         * afterwards; in Kubernetes a volume shared by every instance (or a mounted Secret).
         */
        @WithDefault("ca/issuing-ca.p12")
        Path keystorePath();

        /** Password of the CA keystore; from the environment or a Secret, never from a committed file. */
        String keystorePassword();
    }
}
