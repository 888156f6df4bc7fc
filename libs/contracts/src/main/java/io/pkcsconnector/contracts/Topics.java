package io.pkcsconnector.contracts;

import static io.pkcsconnector.contracts.Topic.CleanupPolicy.COMPACT;
import static io.pkcsconnector.contracts.Topic.CleanupPolicy.DELETE;
import static io.pkcsconnector.contracts.Topic.RETAIN_FOREVER;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every topic of the system. {@link #all()} is what the local broker and the Kubernetes manifests create. */
public final class Topics {

    /** Long enough to survive a consumer outage over a long weekend and still replay. */
    public static final long SEVEN_DAYS_MS = Duration.ofDays(7).toMillis();

    /** Dead letters wait for a person, who may be on holiday for a week. */
    public static final long FOURTEEN_DAYS_MS = Duration.ofDays(14).toMillis();

    /**
     * One partition per issuance-worker instance, up to the 100 connectors a tenant may run. Keyed by request id,
     * so a duplicate of a request lands behind the original on the same partition and finds its sticky state.
     */
    public static final Topic CERT_REQUESTED =
            Topic.events("pki.cert-requested.v1", 100, DELETE, SEVEN_DAYS_MS, "requestId", CertificateRequested.class);

    public static final Topic CERT_ISSUED =
            Topic.events("pki.cert-issued.v1", 12, DELETE, SEVEN_DAYS_MS, "requestId", CertificateIssued.class);

    public static final Topic CERT_FAILED =
            Topic.events("pki.cert-failed.v1", 12, DELETE, SEVEN_DAYS_MS, "requestId", CertificateIssuanceFailed.class);

    /**
     * Keyed by serial number, so two requests to revoke one certificate are processed in order and the second
     * finds it already revoked instead of racing the first.
     */
    public static final Topic REVOCATION_REQUESTED = Topic.events(
            "pki.revocation-requested.v1", 12, DELETE, SEVEN_DAYS_MS, "serialNumber", RevocationRequested.class);

    public static final Topic CERT_REVOKED =
            Topic.events("pki.cert-revoked.v1", 12, DELETE, SEVEN_DAYS_MS, "serialNumber", CertificateRevoked.class);

    public static final Topic REVOCATION_FAILED =
            Topic.events("pki.revocation-failed.v1", 12, DELETE, SEVEN_DAYS_MS, "serialNumber", RevocationFailed.class);

    /** Compacted: a consumer that starts late still finds every device's latest state and key. */
    public static final Topic DEVICE_ENROLLED =
            Topic.events("pki.device-enrolled.v1", 12, COMPACT, RETAIN_FOREVER, "deviceId", DeviceEnrolled.class);

    public static final Topic DEVICE_RETIRED =
            Topic.events("pki.device-retired.v1", 12, DELETE, SEVEN_DAYS_MS, "deviceId", DeviceRetired.class);

    /** Keyed by user, so one user's imports and deletions share a partition number on both topics. */
    public static final Topic PFX_IMPORTED =
            Topic.events("pki.pfx-imported.v1", 6, DELETE, SEVEN_DAYS_MS, "userId", PfxImported.class);

    public static final Topic PFX_DELETED =
            Topic.events("pki.pfx-deleted.v1", 6, DELETE, SEVEN_DAYS_MS, "userId", PfxDeleted.class);

    /** Keyed by device, so one device's deliveries (install, then remove) stay in order. */
    public static final Topic DELIVERY_REQUESTED =
            Topic.events("pki.delivery-requested.v1", 12, DELETE, SEVEN_DAYS_MS, "deviceId", DeliveryRequested.class);

    public static final Topic DELIVERY_ACKNOWLEDGED = Topic.events(
            "pki.delivery-acknowledged.v1", 12, DELETE, SEVEN_DAYS_MS, "deviceId", DeliveryAcknowledged.class);

    /** Compacted: the fleet view needs each connector's last check-in, not its history. */
    public static final Topic CONNECTOR_HEARTBEAT = Topic.events(
            "pki.connector-heartbeat.v1", 6, COMPACT, RETAIN_FOREVER, "connectorId", ConnectorHeartbeat.class);

    /**
     * Compacted, one partition: a handful of records that request-intake reads from the start to serve
     * root.cer and chain.pem without holding a CA key.
     */
    public static final Topic CA_CERTIFICATES =
            Topic.events("pki.ca-certificates.v1", 1, COMPACT, RETAIN_FOREVER, "caId", CaCertificatesPublished.class);

    public static final Topic CERT_REQUESTED_DLQ = Topic.deadLetter(CERT_REQUESTED, 3, FOURTEEN_DAYS_MS);

    public static final Topic REVOCATION_REQUESTED_DLQ = Topic.deadLetter(REVOCATION_REQUESTED, 3, FOURTEEN_DAYS_MS);

    public static final Topic DELIVERY_REQUESTED_DLQ = Topic.deadLetter(DELIVERY_REQUESTED, 3, FOURTEEN_DAYS_MS);

    private static final List<Topic> ALL = List.of(
            CERT_REQUESTED,
            CERT_ISSUED,
            CERT_FAILED,
            REVOCATION_REQUESTED,
            CERT_REVOKED,
            REVOCATION_FAILED,
            DEVICE_ENROLLED,
            DEVICE_RETIRED,
            PFX_IMPORTED,
            PFX_DELETED,
            DELIVERY_REQUESTED,
            DELIVERY_ACKNOWLEDGED,
            CONNECTOR_HEARTBEAT,
            CA_CERTIFICATES,
            CERT_REQUESTED_DLQ,
            REVOCATION_REQUESTED_DLQ,
            DELIVERY_REQUESTED_DLQ);

    private Topics() {}

    public static List<Topic> all() {
        return ALL;
    }

    public static Optional<Topic> byName(String name) {
        return ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    public static Topic forEvent(Class<? extends PkiEvent> eventType) {
        return ALL.stream()
                .filter(topic -> eventType.equals(topic.eventType()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic carries " + eventType.getName()));
    }

    /** Where a consumer of {@code source} parks poison messages, if that topic has a dead-letter topic. */
    public static Optional<Topic> deadLetterFor(Topic source) {
        return byName(source.name() + ".dlq");
    }
}
