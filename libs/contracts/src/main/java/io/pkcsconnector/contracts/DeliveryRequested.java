package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * Something is to be put on, or taken off, one device; the notifier turns it into an item of the device's
 * inbox. {@code requestId} is the delivery id, so {@code deliveryId} always equals it.
 *
 * <p>Which fields a kind needs: {@code pkcs} has the PFX fields and {@code issuanceRequestId}; {@code
 * importedPfx} has the PFX fields; {@code trustedRoot} has {@code certificatePem} and no PFX; {@code remove}
 * has no PFX and names the certificate by serial number and thumbprint.
 *
 * @param issuanceRequestId the certificate request whose certificate this delivers (kind {@code pkcs}), else
 *     null
 * @param serialNumber of the certificate delivered or removed, lower-case hex
 * @param thumbprint of the certificate delivered or removed, upper-case hex
 * @param encryptedPfxBlob base64 PKCS#12 encrypted under a random password; never a PFX without a password and
 *     never a bare private key
 * @param encryptedPfxPassword base64 RSA-OAEP ciphertext of that password under this device's management key;
 *     never the clear password, in any encoding
 * @param paddingScheme the OAEP variant of {@code encryptedPfxPassword}; present exactly when the PFX is
 * @param certificatePem the public certificate, for kind {@code trustedRoot}; may accompany others
 * @param cancelsDeliveryId kind {@code remove} only, optional: the delivery this removal takes back. Outbox relays
 *     of several instances may publish an install and its removal out of order; naming the install lets the
 *     notifier drop it if it arrives after its removal, instead of installing a certificate that was taken back
 * @param destinationStore kind {@code trustedRoot} only, optional (added within v1; null from older producers): the
 *     store the device puts the certificate in. Without it a device puts a self-signed certificate in the root
 *     store and any other in the intermediate store
 */
public record DeliveryRequested(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String deliveryId,
        String deviceId,
        DeliveryKind kind,
        String issuanceRequestId,
        String serialNumber,
        String thumbprint,
        String encryptedPfxBlob,
        String encryptedPfxPassword,
        PaddingScheme paddingScheme,
        String certificatePem,
        String cancelsDeliveryId,
        CertificateDestinationStore destinationStore)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.DELIVERY_REQUESTED;

    public DeliveryRequested {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        checkDeliveryId(deliveryId, requestId);
        Checks.text(deviceId, "deviceId");
        Checks.present(kind, "kind");
        Checks.optionalText(issuanceRequestId, "issuanceRequestId");
        serialNumber = Checks.serialNumber(serialNumber, "serialNumber");
        thumbprint = Checks.thumbprint(thumbprint, "thumbprint");
        Checks.optionalPem(certificatePem, "CERTIFICATE", "certificatePem");
        Checks.optionalText(cancelsDeliveryId, "cancelsDeliveryId");
        if (cancelsDeliveryId != null && kind != DeliveryKind.REMOVE) {
            throw new IllegalArgumentException("only a remove delivery cancels another (cancelsDeliveryId)");
        }
        if (destinationStore != null && kind != DeliveryKind.TRUSTED_ROOT) {
            throw new IllegalArgumentException("only a trustedRoot delivery names a destinationStore");
        }

        boolean hasPfx = encryptedPfxBlob != null || encryptedPfxPassword != null || paddingScheme != null;
        if (hasPfx) {
            Checks.pkcs12(encryptedPfxBlob, "encryptedPfxBlob");
            Checks.wrappedPassword(encryptedPfxPassword, "encryptedPfxPassword");
            Checks.present(paddingScheme, "paddingScheme");
        }
        switch (kind) {
            case PKCS -> {
                Checks.present(issuanceRequestId, "issuanceRequestId (kind pkcs)");
                requirePfx(hasPfx, kind);
            }
            case IMPORTED_PFX -> requirePfx(hasPfx, kind);
            case TRUSTED_ROOT -> {
                Checks.present(certificatePem, "certificatePem (kind trustedRoot)");
                refusePfx(hasPfx, kind);
            }
            case REMOVE -> refusePfx(hasPfx, kind);
        }
    }

    /** {@code deliveryId} is the envelope's {@code requestId}. */
    public static DeliveryRequested of(
            EventEnvelope envelope,
            String deviceId,
            DeliveryKind kind,
            String issuanceRequestId,
            String serialNumber,
            String thumbprint,
            String encryptedPfxBlob,
            String encryptedPfxPassword,
            PaddingScheme paddingScheme,
            String certificatePem) {
        return fromEnvelope(
                envelope,
                deviceId,
                kind,
                issuanceRequestId,
                serialNumber,
                thumbprint,
                encryptedPfxBlob,
                encryptedPfxPassword,
                paddingScheme,
                certificatePem,
                null,
                null);
    }

    /** A CA certificate for the device's {@code store} (kind {@code trustedRoot}). */
    public static DeliveryRequested trustedCertificate(
            EventEnvelope envelope,
            String deviceId,
            String serialNumber,
            String thumbprint,
            String certificatePem,
            CertificateDestinationStore store) {
        Checks.present(store, "destinationStore");
        return fromEnvelope(
                envelope,
                deviceId,
                DeliveryKind.TRUSTED_ROOT,
                null,
                serialNumber,
                thumbprint,
                null,
                null,
                null,
                certificatePem,
                null,
                store);
    }

    /**
     * A {@code remove} of the certificate with this serial and thumbprint from the device.
     *
     * @param cancelsDeliveryId the delivery that installed it, if known, else null
     */
    public static DeliveryRequested removal(
            EventEnvelope envelope, String deviceId, String serialNumber, String thumbprint, String cancelsDeliveryId) {
        return fromEnvelope(
                envelope,
                deviceId,
                DeliveryKind.REMOVE,
                null,
                serialNumber,
                thumbprint,
                null,
                null,
                null,
                null,
                cancelsDeliveryId,
                null);
    }

    /** The envelope's fields, with the delivery id taken from its request id. */
    private static DeliveryRequested fromEnvelope(
            EventEnvelope envelope,
            String deviceId,
            DeliveryKind kind,
            String issuanceRequestId,
            String serialNumber,
            String thumbprint,
            String encryptedPfxBlob,
            String encryptedPfxPassword,
            PaddingScheme paddingScheme,
            String certificatePem,
            String cancelsDeliveryId,
            CertificateDestinationStore destinationStore) {
        return new DeliveryRequested(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                envelope.requestId(),
                deviceId,
                kind,
                issuanceRequestId,
                serialNumber,
                thumbprint,
                encryptedPfxBlob,
                encryptedPfxPassword,
                paddingScheme,
                certificatePem,
                cancelsDeliveryId,
                destinationStore);
    }

    /** Both ids are on the wire because the device API calls it deliveryId; one value keeps them from drifting. */
    static void checkDeliveryId(String deliveryId, String requestId) {
        Checks.text(deliveryId, "deliveryId");
        if (!deliveryId.equals(requestId)) {
            throw new IllegalArgumentException("deliveryId '" + deliveryId + "' must equal requestId '" + requestId
                    + "': a delivery is its own flow");
        }
    }

    private static void requirePfx(boolean hasPfx, DeliveryKind kind) {
        if (!hasPfx) {
            throw new IllegalArgumentException(
                    "kind " + kind.wireName() + " needs encryptedPfxBlob, encryptedPfxPassword and paddingScheme");
        }
    }

    private static void refusePfx(boolean hasPfx, DeliveryKind kind) {
        if (hasPfx) {
            throw new IllegalArgumentException("kind " + kind.wireName() + " must not carry a PFX");
        }
    }

    @Override
    public String partitionKey() {
        return deviceId;
    }

    /** Keeps the encrypted key material out of logs: a record's default toString would print all of it. */
    @Override
    public String toString() {
        return "DeliveryRequested[eventId=" + eventId + ", tenantId=" + tenantId + ", deliveryId=" + deliveryId
                + ", deviceId=" + deviceId + ", kind=" + kind.wireName() + ", serialNumber=" + serialNumber
                + ", thumbprint=" + thumbprint + "]";
    }
}
