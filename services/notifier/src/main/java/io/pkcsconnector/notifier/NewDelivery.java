package io.pkcsconnector.notifier;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.PaddingScheme;

/**
 * An inbox item to store, taken from the event that asked for it.
 *
 * @param deliveryId unique per tenant; for a certificate from {@code pki.cert-issued.v1} the certificate request
 *     id, so that request-intake can match the device's acknowledgement to its request without a lookup
 * @param requestId the certificate request a {@code pkcs} delivery answers, else null
 * @param certificatePem kept for {@code trustedRoot} only: the other kinds carry the certificate in the PFX or
 *     name it by serial and thumbprint
 * @param cancelsDeliveryId for kind {@code remove}: the delivery it takes back, if the producer named it
 * @param destinationStore for kind {@code trustedRoot}: Graph's {@code certificateDestinationStore}, if named
 */
public record NewDelivery(
        String tenantId,
        String deliveryId,
        String deviceId,
        DeliveryKind kind,
        String requestId,
        String serialNumber,
        String thumbprint,
        String encryptedPfxBlob,
        String encryptedPfxPassword,
        PaddingScheme paddingScheme,
        String certificatePem,
        String sourceEventId,
        String traceId,
        String cancelsDeliveryId,
        String destinationStore) {

    public static NewDelivery from(CertificateIssued event) {
        return new NewDelivery(
                event.tenantId(),
                event.requestId(),
                event.deviceId(),
                DeliveryKind.PKCS,
                event.requestId(),
                event.serialNumber(),
                event.thumbprint(),
                event.encryptedPfxBlob(),
                event.encryptedPfxPassword(),
                event.paddingScheme(),
                null,
                event.eventId(),
                event.traceId(),
                null,
                null);
    }

    public static NewDelivery from(DeliveryRequested event) {
        return new NewDelivery(
                event.tenantId(),
                event.deliveryId(),
                event.deviceId(),
                event.kind(),
                event.kind() == DeliveryKind.PKCS ? event.issuanceRequestId() : null,
                event.serialNumber(),
                event.thumbprint(),
                event.encryptedPfxBlob(),
                event.encryptedPfxPassword(),
                event.paddingScheme(),
                event.kind() == DeliveryKind.TRUSTED_ROOT ? event.certificatePem() : null,
                event.eventId(),
                event.traceId(),
                event.cancelsDeliveryId(),
                event.destinationStore() == null
                        ? null
                        : event.destinationStore().wireName());
    }

    /** Keeps the encrypted key material out of logs. */
    @Override
    public String toString() {
        return "NewDelivery[tenantId=" + tenantId + ", deliveryId=" + deliveryId + ", deviceId=" + deviceId
                + ", kind=" + kind.wireName() + ", requestId=" + requestId + ", serialNumber=" + serialNumber
                + ", sourceEventId=" + sourceEventId + "]";
    }
}
