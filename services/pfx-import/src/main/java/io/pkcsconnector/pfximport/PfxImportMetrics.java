package io.pkcsconnector.pfximport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The service's Prometheus metrics, all prefixed {@code pkcs_pfx_import_}. */
@ApplicationScoped
public class PfxImportMetrics {

    private final MeterRegistry registry;
    private final Timer fanOut;
    private final Counter duplicates;

    PfxImportMetrics(MeterRegistry registry) {
        this.registry = registry;
        fanOut = Timer.builder("pkcs.pfx.import.fanout")
                .description("Time to re-encrypt one imported PFX for a set of devices and queue the deliveries")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        duplicates = Counter.builder("pkcs.pfx.import.fanout.duplicates")
                .description("Deliveries prepared but not sent because the device had the certificate already")
                .register(registry);
    }

    public void imported(String intendedPurpose) {
        Counter.builder("pkcs.pfx.import.imported")
                .description("PFX imported through the Graph API")
                .tag("intended_purpose", intendedPurpose)
                .register(registry)
                .increment();
    }

    public void refused(String errorCode) {
        Counter.builder("pkcs.pfx.import.refused")
                .description("PFX imports refused, by reason")
                .tag("error_code", errorCode)
                .register(registry)
                .increment();
    }

    public void deleted() {
        Counter.builder("pkcs.pfx.import.deleted")
                .description("Imported PFX deleted")
                .register(registry)
                .increment();
    }

    public void delivered(String kind, int count) {
        Counter.builder("pkcs.pfx.import.deliveries")
                .description("Deliveries queued for devices, by kind (importedPfx, remove)")
                .tag("kind", kind)
                .register(registry)
                .increment(count);
    }

    public void skipped(String reason) {
        Counter.builder("pkcs.pfx.import.deliveries.skipped")
                .description("Devices an imported PFX was not sent to, by reason (expired, invalidDeviceKey)")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void reconciled(int count) {
        Counter.builder("pkcs.pfx.import.reconciled")
                .description("Deliveries sent by the reconciliation sweep because no fan-out had sent them")
                .register(registry)
                .increment(count);
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void fanOut(Duration duration) {
        fanOut.record(duration);
    }
}
