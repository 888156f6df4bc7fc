package io.pkcsconnector.pfximport;

import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.PaddingScheme;
import io.pkcsconnector.pfximport.persistence.Database;
import io.pkcsconnector.pfximport.persistence.DeliveryLedger;
import io.pkcsconnector.pfximport.persistence.DeliveryLedger.Installed;
import io.pkcsconnector.pfximport.persistence.DeviceDirectory;
import io.pkcsconnector.pfximport.persistence.DeviceDirectory.KnownDevice;
import io.pkcsconnector.pfximport.persistence.ImportKeyStore.StoredKey;
import io.pkcsconnector.pfximport.persistence.PfxStore;
import io.pkcsconnector.pfximport.persistence.StoredPfx;
import io.pkcsconnector.pki.DeviceKeys;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.pki.ImportPaddingScheme;
import io.pkcsconnector.pki.InspectedPfx;
import io.pkcsconnector.pki.InvalidDeviceKeyException;
import io.pkcsconnector.pki.PasswordGenerator;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.pki.PfxExpectations;
import io.pkcsconnector.pki.PfxImportException;
import io.pkcsconnector.pki.PfxImportFailure;
import io.pkcsconnector.pki.Pkcs12Encoder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends imported PFX to devices and takes them off again.
 *
 * <p>Each device gets its own PKCS#12 under a fresh random password (PBES2/AES-256, as every delivery), the
 * password RSA-OAEP-wrapped with that device's management key ({@code oaepSha256}). So the administrator's
 * original password never leaves this service, and a PFX exported with legacy encryption (RC2, 3DES) still reaches
 * devices in a form OpenSSL 3 and current platforms read.
 *
 * <p>Exactly once per (certificate, device): the cryptography runs first, outside any transaction; then one
 * transaction holds the certificate row and the device row ({@code FOR SHARE}, so neither a deletion nor a
 * retirement slips in between), records each delivery in the ledger and adds the event to the outbox only where
 * the record is new. An import and a device enrolment racing each other both try, and the ledger lets one win.
 * Neither can miss the other: each commits its own row before it reads the other's table.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private static final Logger LOG = Logger.getLogger(DeliveryPlanner.class);

    private final Database database;
    private final PfxStore certificates;
    private final DeviceDirectory devices;
    private final DeliveryLedger ledger;
    private final ImportKeyring keys;
    private final PfxOpener opener;
    private final PfxImportMetrics metrics;
    private final Pkcs12Encoder encoder = new Pkcs12Encoder();

    DeliveryPlanner(
            Database database,
            PfxStore certificates,
            DeviceDirectory devices,
            DeliveryLedger ledger,
            ImportKeyring keys,
            PfxOpener opener,
            PfxImportMetrics metrics) {
        this.database = database;
        this.certificates = certificates;
        this.devices = devices;
        this.ledger = ledger;
        this.keys = keys;
        this.opener = opener;
        this.metrics = metrics;
    }

    /** Sends an imported certificate to every active device of its user that does not have it yet. */
    public int deliverToUser(String tenantId, String userPfxCertificateId, String traceId) {
        record Pending(StoredPfx pfx, List<KnownDevice> devices) {}
        Pending pending = database.read(
                () -> certificates.find(tenantId, userPfxCertificateId).chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(new Pending(null, List.of()));
                    }
                    StoredPfx pfx = found.get();
                    return devices.activeOfUser(tenantId, pfx.userId())
                            .chain(active -> ledger.deliveredDevices(tenantId, pfx.id())
                                    .map(done -> new Pending(
                                            pfx,
                                            active.stream()
                                                    .filter(device -> !done.contains(device.deviceId()))
                                                    .toList())));
                }));
        if (pending.pfx() == null) {
            LOG.debugf("Imported PFX %s of tenant %s is gone; nothing to deliver", userPfxCertificateId, tenantId);
            return 0;
        }
        return deliver(pending.pfx(), pending.devices(), traceId);
    }

    /** Sends every certificate imported for a device's user to that device, if it does not have it yet. */
    public int deliverToDevice(String tenantId, String deviceId, String traceId) {
        record Pending(KnownDevice device, List<StoredPfx> pfx) {}
        Pending pending = database.read(() -> devices.find(tenantId, deviceId).chain(found -> {
            if (found.isEmpty() || found.get().retired()) {
                return Uni.createFrom().item(new Pending(null, List.of()));
            }
            KnownDevice device = found.get();
            return certificates.ofUser(tenantId, device.userId()).chain(all -> ledger.deliveredTo(tenantId, deviceId)
                    .map(done -> new Pending(
                            device,
                            all.stream().filter(pfx -> !done.contains(pfx.id())).toList())));
        }));
        // One PFX that cannot be sent must not keep the user's others from this device: try each, then report.
        int sent = 0;
        RuntimeException failure = null;
        for (StoredPfx pfx : pending.pfx()) {
            try {
                sent += deliver(pfx, List.of(pending.device()), traceId);
            } catch (RuntimeException e) {
                LOG.warnf("Imported PFX %s not sent to device %s yet: %s", pfx.id(), deviceId, e.toString());
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return sent;
    }

    /**
     * Sends what no fan-out sent: for each certificate that an active device of its user lacks (older than {@code
     * grace}), the usual fan-out. Every instance may run it at the same time; the ledger keeps it exactly once.
     *
     * @return deliveries sent
     */
    public int reconcile(Duration grace, int batchSize) {
        List<String[]> missing = database.read(() -> ledger.undelivered(grace, batchSize));
        int sent = 0;
        for (String[] certificate : missing) {
            try {
                sent += deliverToUser(certificate[0], certificate[1], null);
            } catch (RuntimeException e) {
                LOG.warnf("Reconciling imported PFX %s of tenant %s failed: %s", certificate[1], certificate[0], e);
            }
        }
        if (sent > 0) {
            LOG.warnf("Reconciliation sent %d imported PFX deliveries that no fan-out had sent", sent);
            metrics.reconciled(sent);
        }
        return sent;
    }

    /**
     * The {@code remove} deliveries for a certificate about to be deleted; call inside the deleting transaction,
     * after {@link PfxStore#lockExclusive}, so no fan-out can add a device behind its back.
     */
    public Uni<Integer> queueRemovals(String tenantId, String userPfxCertificateId, EventEnvelope cause) {
        return ledger.installedOf(tenantId, userPfxCertificateId)
                .chain(installed -> remove(tenantId, installed, cause));
    }

    /** Takes every imported certificate off a device that left management; call inside a transaction. */
    public Uni<Integer> queueRemovalsFromDevice(String tenantId, String deviceId, EventEnvelope cause) {
        return ledger.installedOn(tenantId, deviceId).chain(installed -> remove(tenantId, installed, cause));
    }

    private Uni<Integer> remove(String tenantId, List<Installed> installed, EventEnvelope cause) {
        return Multi.createFrom()
                .iterable(installed)
                .onItem()
                .transformToUniAndConcatenate(
                        item -> ledger.markRemoved(tenantId, item.userPfxCertificateId(), item.deviceId())
                                .chain(changed -> {
                                    if (!changed) {
                                        return Uni.createFrom().item(0);
                                    }
                                    // Naming the install lets the notifier drop it should it be published after this.
                                    DeliveryRequested removal = DeliveryRequested.removal(
                                            EventEnvelope.newEnvelope(
                                                    tenantId, UUID.randomUUID().toString(), cause.traceId()),
                                            item.deviceId(),
                                            item.serialNumber(),
                                            item.thumbprint(),
                                            item.deliveryId());
                                    return database.outbox().add(removal).replaceWith(1);
                                }))
                .collect()
                .asList()
                .map(counts -> {
                    int sum = counts.stream().mapToInt(Integer::intValue).sum();
                    if (sum > 0) {
                        metrics.delivered(DeliveryKind.REMOVE.wireName(), sum);
                    }
                    return sum;
                });
    }

    private int deliver(StoredPfx pfx, List<KnownDevice> targets, String traceId) {
        if (targets.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        InspectedPfx opened = open(pfx);
        if (opened == null) {
            return 0;
        }
        List<DeliveryRequested> prepared = new ArrayList<>();
        for (KnownDevice device : targets) {
            DeliveryRequested delivery = prepare(pfx, opened, device, traceId);
            if (delivery != null) {
                prepared.add(delivery);
            }
        }
        int sent = database.transaction(
                () -> certificates.lockShared(pfx.tenantId(), pfx.id()).chain(still -> {
                    if (still.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Multi.createFrom()
                            .iterable(prepared)
                            .onItem()
                            .transformToUniAndConcatenate(delivery -> record(pfx, delivery))
                            .collect()
                            .asList()
                            .map(sentEach -> (int) sentEach.stream()
                                    .filter(Boolean::booleanValue)
                                    .count());
                }));
        metrics.fanOut(Duration.ofNanos(System.nanoTime() - started));
        if (sent > 0) {
            metrics.delivered(DeliveryKind.IMPORTED_PFX.wireName(), sent);
            LOG.infof("Queued imported PFX %s of tenant %s for %d device(s)", pfx.id(), pfx.tenantId(), sent);
        }
        return sent;
    }

    /** Records one delivery unless the device has it or left management; adds its event only when recorded. */
    private Uni<Boolean> record(StoredPfx pfx, DeliveryRequested delivery) {
        return devices.lockActive(pfx.tenantId(), delivery.deviceId()).chain(active -> {
            if (active.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            return ledger.claim(pfx.tenantId(), pfx.id(), delivery.deviceId(), delivery.deliveryId())
                    .chain(claimed -> {
                        if (!claimed) {
                            metrics.duplicate();
                            return Uni.createFrom().item(false);
                        }
                        return database.outbox().add(delivery).replaceWith(true);
                    });
        });
    }

    /** The stored PFX, opened; null if it can no longer be delivered (it expired since the import). */
    private InspectedPfx open(StoredPfx pfx) {
        StoredKey key = keys.find(pfx.tenantId(), pfx.providerName(), pfx.keyName())
                .orElseThrow(() -> new IllegalStateException("import key " + pfx.providerName() + "/" + pfx.keyName()
                        + " of imported PFX " + pfx.id() + " is missing"));
        try {
            return opener.open(
                    key,
                    ImportPaddingScheme.fromWireName(pfx.paddingScheme()),
                    pfx.encryptedPfxPassword(),
                    pfx.encryptedPfxBlob(),
                    PfxExpectations.none());
        } catch (PfxImportException e) {
            if (e.failure() == PfxImportFailure.EXPIRED) {
                LOG.infof("Imported PFX %s of tenant %s has expired; not delivered", pfx.id(), pfx.tenantId());
                metrics.skipped("expired");
                return null;
            }
            // It was accepted at import, so this is damage, not a caller's mistake: retry, then dead-letter.
            throw new IllegalStateException(
                    "stored PFX " + pfx.id() + " of tenant " + pfx.tenantId() + " no longer opens: "
                            + e.failure().wireName(),
                    e);
        }
    }

    private DeliveryRequested prepare(StoredPfx pfx, InspectedPfx opened, KnownDevice device, String traceId) {
        RSAPublicKey deviceKey;
        try {
            deviceKey = DeviceKeys.parsePem(device.managementPublicKey());
        } catch (InvalidDeviceKeyException e) {
            LOG.warnf(
                    "Device %s of tenant %s has no usable management key (%s); imported PFX %s not sent to it",
                    device.deviceId(), device.tenantId(), e.getMessage(), pfx.id());
            metrics.skipped("invalidDeviceKey");
            return null;
        }
        char[] password = PasswordGenerator.generate();
        byte[] passwordBytes = PasswordGenerator.toBytes(password);
        try {
            String friendlyName = DistinguishedName.subjectOf(opened.certificate())
                    .commonName()
                    .orElse(opened.thumbprint());
            byte[] devicePfx = encoder.encode(opened.privateKey(), opened.chain(), password, friendlyName);
            byte[] wrapped = PasswordWrapper.wrap(passwordBytes, deviceKey);
            return DeliveryRequested.of(
                    EventEnvelope.newEnvelope(pfx.tenantId(), UUID.randomUUID().toString(), traceId),
                    device.deviceId(),
                    DeliveryKind.IMPORTED_PFX,
                    null,
                    pfx.serialNumber(),
                    pfx.thumbprint(),
                    Base64.getEncoder().encodeToString(devicePfx),
                    Base64.getEncoder().encodeToString(wrapped),
                    PaddingScheme.OAEP_SHA256,
                    null);
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }
}
