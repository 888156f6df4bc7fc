package io.pkcsconnector.revocationworker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.contracts.RevocationTrigger;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** The revocation worker's Prometheus metrics, all prefixed {@code pkcs_revocation_}, {@code pkcs_crl_} or {@code pkcs_ocsp_}. */
@ApplicationScoped
public class RevocationMetrics {

    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Counter crlBuildFailures;
    private final Timer crlBuild;
    private final Timer revocationToCrl;
    private final Timer ocspResponse;

    RevocationMetrics(MeterRegistry registry) {
        this.registry = registry;
        duplicates = Counter.builder("pkcs.revocation.duplicates")
                .description("Revocation requests seen again (redelivered or replayed): nothing changed")
                .register(registry);
        crlBuildFailures = Counter.builder("pkcs.crl.build.failures")
                .description("CRL builds that failed and were retried")
                .register(registry);
        crlBuild = Timer.builder("pkcs.crl.build")
                .description("Time to build, sign and store one CRL")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        revocationToCrl = Timer.builder("pkcs.revocation.to.crl")
                .description("From taking a revocation request to a CRL that lists it (coalescing included)")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        ocspResponse = Timer.builder("pkcs.ocsp.response")
                .description("Time to answer one OCSP request (parse, look up, sign)")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public void revoked(RevocationReason reason, RevocationTrigger trigger) {
        Counter.builder("pkcs.revocation.revoked")
                .description("Certificates revoked")
                .tag("reason", reason.wireName())
                .tag("trigger", trigger.wireName())
                .register(registry)
                .increment();
    }

    public void failed(String errorCode) {
        Counter.builder("pkcs.revocation.failed")
                .description("Revocation requests refused for good (unknown serial, already revoked)")
                .tag("code", errorCode)
                .register(registry)
                .increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    void crlBuilt(Duration took) {
        crlBuild.record(took);
    }

    void crlBuildFailed() {
        crlBuildFailures.increment();
    }

    void revocationToCrl(Duration took) {
        revocationToCrl.record(took);
    }

    /** One OCSP exchange; {@code status} is good, revoked, unknown or the OCSP error status. */
    public void ocsp(String status, Duration took) {
        Counter.builder("pkcs.ocsp.responses")
                .description("OCSP responses, by certificate status or OCSP error status")
                .tag("status", status)
                .register(registry)
                .increment();
        ocspResponse.record(took);
    }

    void crls(CrlPublisher publisher) {
        for (String caId : publisher.caIds()) {
            Gauge.builder("pkcs.crl.entries", publisher, p -> value(p, caId, Field.ENTRIES))
                    .description("Entries of the CRL served for this CA")
                    .tag("ca", caId)
                    .register(registry);
            Gauge.builder("pkcs.crl.number", publisher, p -> value(p, caId, Field.NUMBER))
                    .description("CRL number of the CRL served for this CA")
                    .tag("ca", caId)
                    .register(registry);
            Gauge.builder("pkcs.crl.next.update.seconds", publisher, p -> value(p, caId, Field.SECONDS_LEFT))
                    .description("Seconds until the served CRL's nextUpdate (negative: relying parties reject it)")
                    .tag("ca", caId)
                    .register(registry);
        }
    }

    private enum Field {
        ENTRIES,
        NUMBER,
        SECONDS_LEFT
    }

    private static double value(CrlPublisher publisher, String caId, Field field) {
        CrlPublisher.Published published = publisher.served().get(caId);
        if (published == null) {
            return Double.NaN;
        }
        return switch (field) {
            case ENTRIES -> published.entries();
            case NUMBER -> published.crlNumber();
            case SECONDS_LEFT -> Duration.between(Instant.now(), published.nextUpdate())
                    .toSeconds();
        };
    }
}
