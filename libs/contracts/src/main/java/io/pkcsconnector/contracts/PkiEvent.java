package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * An event on one of the {@link Topics}. Every event record starts with the same five envelope components, in
 * this order, followed by its payload; each has a static {@code TOPIC} naming where it is published, and a
 * static {@code of(EventEnvelope, …)} factory for producers.
 *
 * <p>A record that breaks its contract cannot be constructed, whether by a producer or by the JSON reader: every
 * violation is an {@link IllegalArgumentException}. No event ever carries a private key or a clear password.
 *
 * <p>The interface is sealed so that tests can check that each event has a topic, a golden file and a Kafka
 * deserializer.
 */
public sealed interface PkiEvent
        permits CertificateRequested,
                CertificateIssued,
                CertificateIssuanceFailed,
                RevocationRequested,
                CertificateRevoked,
                RevocationFailed,
                DeviceEnrolled,
                DeviceRetired,
                PfxImported,
                PfxDeleted,
                DeliveryRequested,
                DeliveryAcknowledged,
                ConnectorHeartbeat,
                CaCertificatesPublished {

    /** A random UUID, unique per event: what consumers deduplicate redeliveries on. */
    String eventId();

    String tenantId();

    /**
     * The idempotency key of the flow the event belongs to: the certificate request id for issuance, the
     * revocation request id for revocation, the delivery id for deliveries. Each event type says what it holds.
     * Consumers key their sticky terminal states on it, so that a replayed request cannot be processed twice.
     */
    String requestId();

    /** When the fact happened at the producer, not when it was published. */
    Instant occurredAt();

    /** The W3C trace id of the span that produced the event, or null when there was none. */
    String traceId();

    /**
     * The Kafka record key, the value of the field that {@link Topic#keyField()} names. It decides the
     * partition, and with it which events are delivered in order relative to each other.
     */
    String partitionKey();

    default EventEnvelope envelope() {
        return new EventEnvelope(eventId(), tenantId(), requestId(), occurredAt(), traceId());
    }
}
