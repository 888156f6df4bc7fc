package io.pkcsconnector.pfximport.messaging;

import io.pkcsconnector.contracts.DeviceEnrolled;
import io.pkcsconnector.contracts.DeviceRetired;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.PfxImported;
import io.pkcsconnector.pfximport.DeliveryPlanner;
import io.pkcsconnector.pfximport.config.PfxImportConfig;
import io.pkcsconnector.pfximport.persistence.Database;
import io.pkcsconnector.pfximport.persistence.DeviceDirectory;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps every user's devices supplied with the user's imported PFX:
 *
 * <ul>
 *   <li>{@code pki.pfx-imported.v1} (this service's own event): send the new certificate to the user's devices;
 *   <li>{@code pki.device-enrolled.v1} (compacted, read from the start): remember the device and its management
 *       key, and send it every certificate imported for its user before it came;
 *   <li>{@code pki.device-retired.v1}: stop sending to the device and take the imported certificates off it.
 * </ul>
 *
 * Re-encrypting a PFX is PBKDF2 and RSA work, so these run on worker threads. A record is acknowledged once its
 * transaction has committed; a redelivered record finds its deliveries in the ledger and sends nothing. Database
 * failures are retried with back-off, then the record goes to the channel's dead-letter topic and the partition
 * moves on.
 */
@ApplicationScoped
public class FanOutConsumer {

    private static final Logger LOG = Logger.getLogger(FanOutConsumer.class);

    private final DeliveryPlanner planner;
    private final DeviceDirectory devices;
    private final Database database;
    private final PfxImportConfig config;

    FanOutConsumer(DeliveryPlanner planner, DeviceDirectory devices, Database database, PfxImportConfig config) {
        this.planner = planner;
        this.devices = devices;
        this.database = database;
        this.config = config;
    }

    @Incoming("pfx-imported")
    @Blocking
    public void pfxImported(PfxImported event) {
        if (event == null) {
            return;
        }
        retrying(
                event.toString(),
                () -> planner.deliverToUser(event.tenantId(), event.userPfxCertificateId(), event.traceId()));
    }

    /** A null value is a tombstone of the compacted topic: nothing to do, the device's data stays as it was. */
    @Incoming("device-enrolled")
    @Blocking
    public void deviceEnrolled(DeviceEnrolled event) {
        if (event == null) {
            return;
        }
        retrying(event.toString(), () -> {
            database.transaction(() -> devices.upsert(
                    event.tenantId(),
                    event.deviceId(),
                    event.userId(),
                    event.userPrincipalName(),
                    event.managementPublicKey()));
            return planner.deliverToDevice(event.tenantId(), event.deviceId(), event.traceId());
        });
    }

    @Incoming("device-retired")
    @Blocking
    public void deviceRetired(DeviceRetired event) {
        if (event == null) {
            return;
        }
        int removed = retrying(
                event.toString(),
                () -> database.transaction(
                        () -> devices.retire(event.tenantId(), event.deviceId(), event.userId(), Instant.now())
                                .chain(() -> planner.queueRemovalsFromDevice(
                                        event.tenantId(), event.deviceId(), EventEnvelope.causedBy(event)))));
        if (removed > 0) {
            LOG.infof(
                    "Device %s of tenant %s left management (%s): %d imported PFX to be removed",
                    event.deviceId(), event.tenantId(), event.action().wireName(), removed);
        }
    }

    private <T> T retrying(String what, Supplier<T> work) {
        PfxImportConfig.Consumer retry = config.consumer();
        Uni<T> attempt = Uni.createFrom()
                .item(work)
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "Handling %s failed (%d attempts in all before the dead-letter topic): %s",
                        what, retry.maxAttempts(), e.toString()));
        if (retry.maxAttempts() > 1) {
            attempt = attempt.onFailure()
                    .retry()
                    .withBackOff(retry.initialBackoff(), retry.maxBackoff())
                    .atMost(retry.maxAttempts() - 1L);
        }
        return attempt.await().indefinitely();
    }
}
