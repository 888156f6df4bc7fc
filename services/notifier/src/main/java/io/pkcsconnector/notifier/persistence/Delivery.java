package io.pkcsconnector.notifier.persistence;

import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.PaddingScheme;
import io.pkcsconnector.notifier.DeliveryState;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One item of a device's inbox (table {@code delivery}, migration V10). Rows are inserted by {@link
 * DeliveryRepository#insertIfAbsent}, never through {@code persist}: the insert must take the device's lock
 * and absorb duplicates in one statement.
 */
@Entity
@Table(name = "delivery")
public class Delivery {

    /** Per-table sequence; the device's cursor encodes it. */
    @Id
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "delivery_id", nullable = false, updatable = false)
    public String deliveryId;

    @Column(name = "device_id", nullable = false, updatable = false)
    public String deviceId;

    @Convert(converter = DeliveryKindConverter.class)
    @Column(nullable = false, updatable = false)
    public DeliveryKind kind;

    @Column(name = "request_id", updatable = false)
    public String requestId;

    @Column(name = "serial_number", updatable = false)
    public String serialNumber;

    @Column(updatable = false)
    public String thumbprint;

    @Column(name = "encrypted_pfx_blob", updatable = false)
    public String encryptedPfxBlob;

    @Column(name = "encrypted_pfx_password", updatable = false)
    public String encryptedPfxPassword;

    @Convert(converter = PaddingSchemeConverter.class)
    @Column(name = "padding_scheme", updatable = false)
    public PaddingScheme paddingScheme;

    @Column(name = "certificate_pem", updatable = false)
    public String certificatePem;

    /** Kind trustedRoot: Graph {@code certificateDestinationStore}, or null if the producer named none. */
    @Column(name = "destination_store", updatable = false)
    public String destinationStore;

    @Convert(converter = DeliveryStateConverter.class)
    @Column(nullable = false)
    public DeliveryState status;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "source_event_id", nullable = false, updatable = false)
    public UUID sourceEventId;

    @Column(name = "trace_id", updatable = false)
    public String traceId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "acknowledged_at")
    public OffsetDateTime acknowledgedAt;

    /** Keeps the encrypted key material out of logs. */
    @Override
    public String toString() {
        return "Delivery[seq=" + seq + ", tenantId=" + tenantId + ", deliveryId=" + deliveryId + ", deviceId="
                + deviceId + ", kind=" + (kind == null ? null : kind.wireName()) + ", status="
                + (status == null ? null : status.wireName()) + "]";
    }
}
