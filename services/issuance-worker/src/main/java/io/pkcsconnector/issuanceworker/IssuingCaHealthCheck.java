package io.pkcsconnector.issuanceworker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready to take requests with an issuing CA that is expired or not yet valid. */
@Readiness
@ApplicationScoped
public class IssuingCaHealthCheck implements HealthCheck {

    @Inject
    IssuingCa ca;

    @Override
    public HealthCheckResponse call() {
        X509Certificate issuing = ca.authority().issuingCertificate();
        Instant now = Instant.now();
        boolean valid = !now.isBefore(issuing.getNotBefore().toInstant())
                && now.isBefore(issuing.getNotAfter().toInstant());
        return HealthCheckResponse.named("Issuing CA")
                .status(valid)
                .withData("caId", ca.authority().caId())
                .withData("notAfter", issuing.getNotAfter().toInstant().toString())
                .build();
    }
}
