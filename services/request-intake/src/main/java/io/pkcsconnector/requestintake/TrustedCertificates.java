package io.pkcsconnector.requestintake;

import io.pkcsconnector.contracts.CertificateDestinationStore;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.pki.Certificates;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.pki.SerialNumbers;
import io.pkcsconnector.requestintake.persistence.CaCertificateEntity;
import io.pkcsconnector.requestintake.persistence.TrustedCertificateDeliveryEntity;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The trusted certificate profile that comes with every PKCS profile: before a device gets its first certificate
 * it gets the CA's root (for its Trusted Root store) and issuing certificate (for its Intermediate store), so that
 * it can build the chain of what follows. Each goes to a device once ({@code trusted_certificate_delivery}); a CA
 * that publishes a new certificate has it delivered at each device's next check-in. The deliveries are committed
 * before the check-in creates any certificate request, and the outbox relay publishes rows in commit order, so they
 * reach the device's inbox ahead of the certificate; only if the relay failed to publish them while it published
 * the request (a broker fault on their partition alone) would they follow it, within the relay's retry back-off.
 */
@ApplicationScoped
public class TrustedCertificates {

    private static final Logger LOG = Logger.getLogger(TrustedCertificates.class);

    /**
     * What the check-in did about one CA certificate: {@code delivered} now, or {@code present} from before.
     *
     * @param store Graph's {@code certificateDestinationStore}: {@code computerCertStoreRoot} or {@code
     *     computerCertStoreIntermediate}
     */
    public record Outcome(String thumbprint, String store, String subject, String deliveryId, String action) {}

    private final Outbox outbox;

    TrustedCertificates(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Sends the device the CA certificates it has not had, in one transaction with their ledger rows. A 503 problem
     * while no CA has published its certificates (an issuance worker publishes them when it starts).
     */
    public Uni<List<Outcome>> deliver(String tenant, String deviceId) {
        return outbox.transaction(() -> CaCertificateEntity.current().chain(ca -> {
            if (ca == null) {
                // Issuing now would put a certificate on the device ahead of the chain it needs.
                throw new ProblemException(Problem.of(
                        503,
                        "ca-not-published",
                        "Service unavailable",
                        "No CA has published its certificates yet, so the trust chain cannot be delivered before the"
                                + " certificates; check in again shortly"));
            }
            X509Certificate root = Pem.parseCertificates(ca.rootCertificatePem).get(0);
            X509Certificate issuing =
                    Pem.parseCertificates(ca.issuingCertificatePem).get(0);
            List<Outcome> outcomes = new ArrayList<>();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            // Root first: a device adding the intermediate can then chain it at once.
            return deliverOne(tenant, deviceId, root, CertificateDestinationStore.COMPUTER_CERT_STORE_ROOT, now)
                    .invoke(outcomes::add)
                    .chain(() -> deliverOne(
                            tenant,
                            deviceId,
                            issuing,
                            CertificateDestinationStore.COMPUTER_CERT_STORE_INTERMEDIATE,
                            now))
                    .invoke(outcomes::add)
                    .replaceWith(outcomes);
        }));
    }

    private Uni<Outcome> deliverOne(
            String tenant,
            String deviceId,
            X509Certificate certificate,
            CertificateDestinationStore destination,
            OffsetDateTime now) {
        String store = destination.wireName();
        String thumbprint = Certificates.thumbprint(certificate);
        String subject = certificate.getSubjectX500Principal().getName();
        UUID deliveryId = UUID.randomUUID();
        return TrustedCertificateDeliveryEntity.claim(tenant, deviceId, thumbprint, store, deliveryId, now)
                .chain(claimed -> {
                    if (!claimed) {
                        return TrustedCertificateDeliveryEntity.<TrustedCertificateDeliveryEntity>findById(
                                        new TrustedCertificateDeliveryEntity.Key(tenant, deviceId, thumbprint))
                                .map(existing -> new Outcome(
                                        thumbprint, store, subject, existing.deliveryId.toString(), "present"));
                    }
                    LOG.infof(
                            "Trusted %s certificate %s delivered to device %s (tenant %s)",
                            store, thumbprint, deviceId, tenant);
                    return outbox.add(DeliveryRequested.trustedCertificate(
                                    EventEnvelope.newEnvelope(tenant, deliveryId.toString(), null),
                                    deviceId,
                                    SerialNumbers.toHex(certificate.getSerialNumber()),
                                    thumbprint,
                                    Pem.certificate(certificate),
                                    destination))
                            .replaceWith(new Outcome(thumbprint, store, subject, deliveryId.toString(), "delivered"));
                });
    }
}
