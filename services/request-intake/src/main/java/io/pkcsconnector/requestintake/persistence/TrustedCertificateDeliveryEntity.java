package io.pkcsconnector.requestintake.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A CA certificate sent to a device's trust store ({@code kind: trustedRoot}); one row per device and thumbprint. */
@Entity
@Table(name = "trusted_certificate_delivery")
@IdClass(TrustedCertificateDeliveryEntity.Key.class)
public class TrustedCertificateDeliveryEntity extends PanacheEntityBase {

    public record Key(String tenantId, String deviceId, String thumbprint) implements Serializable {}

    private static final String CLAIM =
            """
            INSERT INTO {h-schema}trusted_certificate_delivery (tenant_id, device_id, thumbprint, store, delivery_id,
                    created_at)
            VALUES (:tenantId, :deviceId, :thumbprint, :store, :deliveryId, :createdAt)
            ON CONFLICT DO NOTHING
            """;

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "device_id")
    public String deviceId;

    @Id
    public String thumbprint;

    /** Graph {@code certificateDestinationStore}: {@code computerCertStoreRoot} or {@code computerCertStoreIntermediate}. */
    public String store;

    @Column(name = "delivery_id")
    public UUID deliveryId;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    /**
     * Records that the certificate goes to the device under {@code deliveryId}, unless it already went: true when
     * this call claimed it (and must send it), false when an earlier or concurrent check-in did.
     */
    public static Uni<Boolean> claim(
            String tenantId, String deviceId, String thumbprint, String store, UUID deliveryId, OffsetDateTime now) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM)
                        .setParameter("tenantId", tenantId)
                        .setParameter("deviceId", deviceId)
                        .setParameter("thumbprint", thumbprint)
                        .setParameter("store", store)
                        .setParameter("deliveryId", deliveryId)
                        .setParameter("createdAt", now)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public static Uni<List<TrustedCertificateDeliveryEntity>> forDevice(String tenantId, String deviceId) {
        return list("tenantId = ?1 and deviceId = ?2", tenantId, deviceId);
    }
}
