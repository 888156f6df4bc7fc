package io.pkcsconnector.notifier.api;

import io.pkcsconnector.notifier.InboxCursor;
import io.pkcsconnector.notifier.persistence.Delivery;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One item of a device's inbox, as the device receives it. */
@Schema(name = "Delivery", description = "Something the device must install or remove")
public record DeliveryItem(
        String deliveryId,
        @Schema(enumeration = {"pkcs", "importedPfx", "trustedRoot", "remove"}) String kind,
        @Schema(description = "The certificate request this delivers (kind pkcs), else null") String requestId,
        @Schema(description = "Lower-case hex") String serialNumber,
        @Schema(description = "SHA-1 of the certificate, upper-case hex") String thumbprint,
        @Schema(
                        description = "Base64 PKCS#12 (PBES2, AES-256-CBC, HMAC-SHA256 MAC) under a random password; "
                                + "kinds pkcs and importedPfx")
                String encryptedPfxBlob,
        @Schema(description = "Base64 RSA-OAEP ciphertext of the PFX password under this device's management key")
                String encryptedPfxPassword,
        @Schema(enumeration = {"oaepSha256", "oaepSha384", "oaepSha512"}) String paddingScheme,
        @Schema(description = "PEM certificate to trust; kind trustedRoot only") String certificatePem,
        @Schema(
                        description = "Kind trustedRoot: the store to put it in (Graph certificateDestinationStore); "
                                + "when absent, a self-signed certificate goes to the root store, others to the "
                                + "intermediate store",
                        enumeration = {
                            "computerCertStoreRoot",
                            "computerCertStoreIntermediate",
                            "userCertStoreIntermediate"
                        })
                String destinationStore,
        @Schema(enumeration = {"pending", "installed", "installFailed"}) String status,
        @Schema(description = "The device's error code when status is installFailed") String errorCode,
        Instant createdDateTime,
        Instant acknowledgedDateTime,
        @Schema(description = "Opaque; pass as 'after' to read the items that follow this one") String cursor) {

    static DeliveryItem of(Delivery delivery) {
        return new DeliveryItem(
                delivery.deliveryId,
                delivery.kind.wireName(),
                delivery.requestId,
                delivery.serialNumber,
                delivery.thumbprint,
                delivery.encryptedPfxBlob,
                delivery.encryptedPfxPassword,
                delivery.paddingScheme == null ? null : delivery.paddingScheme.wireName(),
                delivery.certificatePem,
                delivery.destinationStore,
                delivery.status.wireName(),
                delivery.errorCode,
                delivery.createdAt.toInstant(),
                delivery.acknowledgedAt == null ? null : delivery.acknowledgedAt.toInstant(),
                new InboxCursor(delivery.seq).encode());
    }

    /** Keeps the encrypted key material out of logs. */
    @Override
    public String toString() {
        return "DeliveryItem[deliveryId=" + deliveryId + ", kind=" + kind + ", status=" + status + "]";
    }
}
