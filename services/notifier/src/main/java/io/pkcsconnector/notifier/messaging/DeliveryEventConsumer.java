package io.pkcsconnector.notifier.messaging;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.DeviceEnrolled;
import io.pkcsconnector.notifier.DeliveryInbox;
import io.pkcsconnector.notifier.NewDelivery;
import io.pkcsconnector.notifier.NotifierMetrics.DuplicateSource;
import io.pkcsconnector.notifier.config.NotifierConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns delivery events into inbox items. Each method's Uni completes after the database commit, and only then
 * is the record acknowledged (its offset committed): a crash before that redelivers it, which the inbox
 * absorbs. A record that cannot be read never gets here (the channel parks it on its dead-letter topic), and
 * one that still fails after bounded retries is nacked to the dead-letter topic, so neither blocks its
 * partition.
 */
@ApplicationScoped
public class DeliveryEventConsumer {

    private static final Logger LOG = Logger.getLogger(DeliveryEventConsumer.class);

    @Inject
    DeliveryInbox inbox;

    @Inject
    NotifierConfig config;

    @Incoming("cert-issued")
    public Uni<Void> certificateIssued(CertificateIssued event) {
        return retrying(event.toString(), () -> inbox.store(NewDelivery.from(event), DuplicateSource.CERT_ISSUED))
                .replaceWithVoid();
    }

    @Incoming("delivery-requested")
    public Uni<Void> deliveryRequested(DeliveryRequested event) {
        return retrying(
                        event.toString(),
                        () -> inbox.store(NewDelivery.from(event), DuplicateSource.DELIVERY_REQUESTED))
                .replaceWithVoid();
    }

    /** A null value is a tombstone of the compacted topic: the device's record was deleted upstream. */
    @Incoming("device-enrolled")
    public Uni<Void> deviceEnrolled(DeviceEnrolled event) {
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        return retrying(event.toString(), () -> inbox.rememberDevice(event.tenantId(), event.deviceId()));
    }

    private <T> Uni<T> retrying(String what, Supplier<Uni<? extends T>> work) {
        NotifierConfig.Consumer retry = config.consumer();
        Uni<T> attempt = Uni.createFrom()
                .deferred(work)
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "Storing %s failed (%d attempts in all before the dead-letter topic): %s",
                        what, retry.maxAttempts(), e.toString()));
        if (retry.maxAttempts() <= 1) {
            return attempt;
        }
        return attempt.onFailure()
                .retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                .atMost(retry.maxAttempts() - 1L);
    }
}
