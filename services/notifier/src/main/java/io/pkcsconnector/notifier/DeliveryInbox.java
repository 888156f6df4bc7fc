package io.pkcsconnector.notifier;

import io.pkcsconnector.contracts.DeliveryAcknowledged;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryStatus;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.notifier.NotifierMetrics.DuplicateSource;
import io.pkcsconnector.notifier.persistence.Delivery;
import io.pkcsconnector.notifier.persistence.DeliveryRepository;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The device delivery inbox: stores what devices must install or remove, pages it out to each device, and
 * records the device's acknowledgement. Deliveries are idempotent on their delivery id and, for certificates,
 * on the certificate request, so redelivered and replayed events change nothing; the first terminal
 * acknowledgement sticks.
 */
@ApplicationScoped
public class DeliveryInbox {

    private static final Logger LOG = Logger.getLogger(DeliveryInbox.class);

    @Inject
    DeliveryRepository deliveries;

    @Inject
    Outbox outbox;

    @Inject
    NotifierMetrics metrics;

    /**
     * Stores {@code delivery} unless it (or, for kind pkcs, its certificate request) is already stored; the
     * returned Uni completes after the commit.
     *
     * @return whether it was stored; false for a duplicate
     */
    public Uni<Boolean> store(NewDelivery delivery, DuplicateSource source) {
        if (delivery.kind() != DeliveryKind.REMOVE) {
            // An install whose removal came first (published out of order) is not put in front of the device.
            return Panache.withTransaction(() -> deliveries.isCancelled(delivery.tenantId(), delivery.deliveryId()))
                    .chain(cancelled -> {
                        if (!cancelled) {
                            return insert(delivery, source);
                        }
                        metrics.cancelled(delivery.kind());
                        LOG.infof(
                                "%s delivery %s for device %s of tenant %s was taken back before it arrived; not stored",
                                delivery.kind().wireName(),
                                delivery.deliveryId(),
                                delivery.deviceId(),
                                delivery.tenantId());
                        return Uni.createFrom().item(false);
                    });
        }
        return insert(delivery, source);
    }

    private Uni<Boolean> insert(NewDelivery delivery, DuplicateSource source) {
        return Panache.withTransaction(() -> deliveries
                        .insertIfAbsent(delivery)
                        .call(() -> deliveries.rememberDevice(delivery.tenantId(), delivery.deviceId())))
                .invoke(stored -> {
                    if (stored) {
                        metrics.deliveryStored(delivery.kind());
                        LOG.infof(
                                "Stored %s delivery %s for device %s of tenant %s (event %s)",
                                delivery.kind().wireName(),
                                delivery.deliveryId(),
                                delivery.deviceId(),
                                delivery.tenantId(),
                                delivery.sourceEventId());
                    } else {
                        metrics.duplicate(source);
                        LOG.debugf(
                                "Duplicate delivery %s of tenant %s (event %s) ignored",
                                delivery.deliveryId(), delivery.tenantId(), delivery.sourceEventId());
                    }
                });
    }

    /** Makes a device known in its tenant before its first delivery, so that its empty inbox answers 200. */
    public Uni<Void> rememberDevice(String tenantId, String deviceId) {
        return Panache.withTransaction(() -> deliveries.rememberDevice(tenantId, deviceId));
    }

    /**
     * @throws ProblemException 404 (in the Uni) when the device is not known in {@code tenantId}
     */
    public Uni<InboxPage> page(String tenantId, String deviceId, InboxCursor after, int limit) {
        return Panache.withSession(
                () -> deliveries.page(tenantId, deviceId, after, limit).chain(items -> {
                    if (!items.isEmpty()) {
                        return Uni.createFrom()
                                .item(new InboxPage(items, new InboxCursor(items.get(items.size() - 1).seq)));
                    }
                    // Only an empty page needs the check: a device with a delivery is known.
                    return deliveries.isKnownDevice(tenantId, deviceId).map(known -> {
                        if (!known) {
                            throw unknownDevice();
                        }
                        return new InboxPage(items, after);
                    });
                }));
    }

    /**
     * Records the device's terminal status and, in the same transaction, the {@link DeliveryAcknowledged} event
     * for the outbox. The same status again answers the stored result without a second event.
     *
     * @throws ProblemException (in the Uni) 404 for a delivery the device does not have, 409 when another
     *     terminal status is already recorded
     */
    public Uni<Acknowledgement> acknowledge(
            String tenantId, String deviceId, String deliveryId, DeliveryStatus status, String errorCode) {
        DeliveryState requested = DeliveryState.of(status);
        return outbox.transaction(() -> deliveries
                        .findForUpdate(tenantId, deviceId, deliveryId)
                        .chain(delivery -> {
                            if (delivery == null) {
                                throw ProblemException.notFound(
                                        "delivery-not-found", "Device " + deviceId + " has no delivery " + deliveryId);
                            }
                            if (delivery.status == requested) {
                                return Uni.createFrom().item(new Acknowledgement(delivery, false));
                            }
                            if (delivery.status != DeliveryState.PENDING) {
                                throw new ProblemException(Problem.of(
                                                409,
                                                "delivery-already-acknowledged",
                                                "Conflict",
                                                "Delivery " + deliveryId + " is already " + delivery.status.wireName()
                                                        + "; a terminal status cannot change")
                                        .with("currentStatus", delivery.status.wireName()));
                            }
                            delivery.status = requested;
                            delivery.errorCode = errorCode;
                            // PostgreSQL keeps microseconds: the first answer must equal what a repeated
                            // acknowledgement reads back.
                            delivery.acknowledgedAt =
                                    OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                            return outbox.add(acknowledged(delivery, status))
                                    .replaceWith(new Acknowledgement(delivery, true));
                        }))
                .invoke(ack -> {
                    if (ack.recorded()) {
                        metrics.deliveryAcknowledged(status);
                        LOG.infof(
                                "Device %s of tenant %s acknowledged delivery %s: %s",
                                deviceId, tenantId, deliveryId, status.wireName());
                    } else {
                        metrics.duplicate(DuplicateSource.ACK);
                    }
                });
    }

    private static DeliveryAcknowledged acknowledged(Delivery delivery, DeliveryStatus status) {
        EventEnvelope envelope = new EventEnvelope(
                UUID.randomUUID().toString(), delivery.tenantId, delivery.deliveryId, Instant.now(), delivery.traceId);
        return DeliveryAcknowledged.of(envelope, delivery.deviceId, status, delivery.errorCode);
    }

    private static ProblemException unknownDevice() {
        return ProblemException.notFound("device-not-found", "No such device in the caller's tenant");
    }
}
