package io.pkcsconnector.revocationworker;

import io.pkcsconnector.pki.CaKeystore;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.PkiUrls;
import io.pkcsconnector.revocationworker.config.RevocationConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The CA whose CRLs and OCSP responses this worker signs, loaded when the service starts (a wrong password or a
 * broken keystore stops the start instead of the first CRL).
 */
@Startup
@ApplicationScoped
public class RevocationCa {

    private static final Logger LOG = Logger.getLogger(RevocationCa.class);

    private final CertificateAuthority authority;

    @Inject
    public RevocationCa(RevocationConfig config) {
        CaSettings settings = CaSettings.defaults(PkiUrls.of(config.publicBaseUrl()));
        char[] password = config.ca().keystorePassword().toCharArray();
        this.authority = CaKeystore.loadOrCreate(config.ca().keystorePath(), password, settings);
        LOG.infof(
                "Revoking for issuing CA %s (root %s), keystore %s",
                authority.caId(),
                authority.rootCaId(),
                config.ca().keystorePath().toAbsolutePath());
    }

    public CertificateAuthority authority() {
        return authority;
    }
}
