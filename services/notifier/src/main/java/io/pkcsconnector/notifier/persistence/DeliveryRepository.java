package io.pkcsconnector.notifier.persistence;

import io.pkcsconnector.notifier.InboxCursor;
import io.pkcsconnector.notifier.NewDelivery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/** Every query is scoped by tenant: callers pass the tenant of the event or of the verified token. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, Long> {

    /*
     * The advisory lock on (tenant, device) is taken before the identity value is drawn and held until commit,
     * so one device's rows commit in seq order and a cursor never skips a row that commits late. ON CONFLICT
     * DO NOTHING absorbs both unique keys (delivery id, and certificate request for kind pkcs) without
     * aborting the transaction, which a failed persist would.
     */
    private static final String INSERT_IF_ABSENT =
            """
            WITH device_lock AS (SELECT pg_advisory_xact_lock(hashtextextended(:lockKey, 0)))
            INSERT INTO {h-schema}delivery (tenant_id, delivery_id, device_id, kind, request_id, serial_number,
                    thumbprint, encrypted_pfx_blob, encrypted_pfx_password, padding_scheme, certificate_pem,
                    source_event_id, trace_id, cancels_delivery_id, destination_store)
            SELECT CAST(:tenantId AS text), CAST(:deliveryId AS text), CAST(:deviceId AS text),
                    CAST(:kind AS text), CAST(:requestId AS text), CAST(:serialNumber AS text),
                    CAST(:thumbprint AS text), CAST(:encryptedPfxBlob AS text), CAST(:encryptedPfxPassword AS text),
                    CAST(:paddingScheme AS text), CAST(:certificatePem AS text), CAST(:sourceEventId AS uuid),
                    CAST(:traceId AS text), CAST(:cancelsDeliveryId AS text), CAST(:destinationStore AS text)
            FROM device_lock
            ON CONFLICT DO NOTHING
            """;

    private static final String CANCELLED =
            """
            SELECT count(*) FROM {h-schema}delivery WHERE tenant_id = :tenantId AND cancels_delivery_id = :deliveryId
            """;

    private static final String REMEMBER_DEVICE =
            """
            INSERT INTO {h-schema}known_device (tenant_id, device_id) VALUES (:tenantId, :deviceId)
            ON CONFLICT DO NOTHING
            """;

    private static final String KNOWN_DEVICE =
            """
            SELECT count(*) FROM {h-schema}known_device WHERE tenant_id = :tenantId AND device_id = :deviceId
            """;

    /** @return whether a row was inserted; false when the delivery (or its certificate request) is stored */
    public Uni<Boolean> insertIfAbsent(NewDelivery delivery) {
        return getSession().chain(session -> session.createNativeQuery(INSERT_IF_ABSENT)
                .setParameter("lockKey", delivery.tenantId() + "\n" + delivery.deviceId())
                .setParameter("tenantId", delivery.tenantId())
                .setParameter("deliveryId", delivery.deliveryId())
                .setParameter("deviceId", delivery.deviceId())
                .setParameter("kind", delivery.kind().wireName())
                .setParameter("requestId", delivery.requestId())
                .setParameter("serialNumber", delivery.serialNumber())
                .setParameter("thumbprint", delivery.thumbprint())
                .setParameter("encryptedPfxBlob", delivery.encryptedPfxBlob())
                .setParameter("encryptedPfxPassword", delivery.encryptedPfxPassword())
                .setParameter(
                        "paddingScheme",
                        delivery.paddingScheme() == null
                                ? null
                                : delivery.paddingScheme().wireName())
                .setParameter("certificatePem", delivery.certificatePem())
                .setParameter("sourceEventId", delivery.sourceEventId())
                .setParameter("traceId", delivery.traceId())
                .setParameter("cancelsDeliveryId", delivery.cancelsDeliveryId())
                .setParameter("destinationStore", delivery.destinationStore())
                .executeUpdate()
                .map(rows -> rows == 1));
    }

    /** Whether a stored remove names this delivery as the one it takes back. */
    public Uni<Boolean> isCancelled(String tenantId, String deliveryId) {
        return getSession().chain(session -> session.createNativeQuery(CANCELLED, Long.class)
                .setParameter("tenantId", tenantId)
                .setParameter("deliveryId", deliveryId)
                .getSingleResult()
                .map(count -> count > 0));
    }

    public Uni<Void> rememberDevice(String tenantId, String deviceId) {
        return getSession().chain(session -> session.createNativeQuery(REMEMBER_DEVICE)
                .setParameter("tenantId", tenantId)
                .setParameter("deviceId", deviceId)
                .executeUpdate()
                .replaceWithVoid());
    }

    public Uni<Boolean> isKnownDevice(String tenantId, String deviceId) {
        return getSession().chain(session -> session.createNativeQuery(KNOWN_DEVICE, Long.class)
                .setParameter("tenantId", tenantId)
                .setParameter("deviceId", deviceId)
                .getSingleResult()
                .map(count -> count > 0));
    }

    /** Up to {@code limit} items of one device's inbox after {@code after}, oldest first. */
    public Uni<List<Delivery>> page(String tenantId, String deviceId, InboxCursor after, int limit) {
        return find("tenantId = ?1 and deviceId = ?2 and seq > ?3", Sort.by("seq"), tenantId, deviceId, after.seq())
                .page(0, limit)
                .list();
    }

    /** The delivery, locked until the transaction ends, so that two acknowledgements cannot both record. */
    public Uni<Delivery> findForUpdate(String tenantId, String deviceId, String deliveryId) {
        return find("tenantId = ?1 and deviceId = ?2 and deliveryId = ?3", tenantId, deviceId, deliveryId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }
}
