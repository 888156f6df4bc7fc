package io.pkcsconnector.revocationworker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every CA has a CRL whose nextUpdate lies ahead: relying parties would reject anything else. */
@Readiness
@ApplicationScoped
public class CrlHealthCheck implements HealthCheck {

    private final CrlPublisher publisher;

    CrlHealthCheck(CrlPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("crl").status(publisher.fresh());
        publisher
                .served()
                .forEach((caId, crl) -> builder.withData(
                        caId,
                        "#" + crl.crlNumber() + ", " + crl.entries() + " entries, next update " + crl.nextUpdate()));
        return builder.build();
    }
}
