package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import io.pkcsconnector.pki.CaKeystore;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.PkiUrls;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The CA this connector signs with, loaded (or generated on the very first start) when the service starts,
 * so a wrong password or a broken keystore stops the start instead of failing the first request.
 */
@Startup
@ApplicationScoped
public class IssuingCa {

    private static final Logger LOG = Logger.getLogger(IssuingCa.class);

    private final CertificateAuthority authority;

    @Inject
    public IssuingCa(IssuanceConfig config) {
        CaSettings settings = CaSettings.defaults(PkiUrls.of(config.publicBaseUrl()));
        char[] password = config.ca().keystorePassword().toCharArray();
        this.authority = CaKeystore.loadOrCreate(config.ca().keystorePath(), password, settings);
        LOG.infof(
                "Issuing CA %s ready (%s, valid until %s), keystore %s",
                authority.caId(),
                authority.issuingKeyAlgorithm().wireName(),
                authority.issuingCertificate().getNotAfter().toInstant(),
                config.ca().keystorePath().toAbsolutePath());
    }

    public CertificateAuthority authority() {
        return authority;
    }
}
