package io.pkcsconnector.notifier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryStatus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** The notifier's business counters, as Prometheus {@code pkcs_notifier_*_total}. */
@ApplicationScoped
public class NotifierMetrics {

    /** Where a duplicate was absorbed: one of the consumed topics, or a repeated acknowledgement. */
    public enum DuplicateSource {
        CERT_ISSUED("cert-issued"),
        DELIVERY_REQUESTED("delivery-requested"),
        ACK("ack");

        private final String tag;

        DuplicateSource(String tag) {
            this.tag = tag;
        }
    }

    @Inject
    MeterRegistry registry;

    /** Registers every series at zero, so that dashboards and rate() see them before the first event. */
    void onStart(@Observes StartupEvent event) {
        for (DeliveryKind kind : DeliveryKind.values()) {
            stored(kind).increment(0);
        }
        for (DeliveryStatus status : DeliveryStatus.values()) {
            acknowledged(status).increment(0);
        }
        for (DuplicateSource source : DuplicateSource.values()) {
            duplicates(source).increment(0);
        }
    }

    public void deliveryStored(DeliveryKind kind) {
        stored(kind).increment();
    }

    public void deliveryAcknowledged(DeliveryStatus status) {
        acknowledged(status).increment();
    }

    public void duplicate(DuplicateSource source) {
        duplicates(source).increment();
    }

    public void cancelled(DeliveryKind kind) {
        Counter.builder("pkcs.notifier.deliveries.cancelled")
                .description("Deliveries not stored because a removal that takes them back arrived first")
                .tag("kind", kind.wireName())
                .register(registry)
                .increment();
    }

    private Counter stored(DeliveryKind kind) {
        return Counter.builder("pkcs.notifier.deliveries.stored")
                .description("Deliveries stored in device inboxes")
                .tag("kind", kind.wireName())
                .register(registry);
    }

    private Counter acknowledged(DeliveryStatus status) {
        return Counter.builder("pkcs.notifier.deliveries.acknowledged")
                .description("Deliveries a device acknowledged for the first time")
                .tag("status", status.wireName())
                .register(registry);
    }

    private Counter duplicates(DuplicateSource source) {
        return Counter.builder("pkcs.notifier.duplicates")
                .description("Redelivered or replayed events and repeated acknowledgements that changed nothing")
                .tag("source", source.tag)
                .register(registry);
    }
}
