package io.pkcsconnector.contracts;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The envelope components every {@link PkiEvent} starts with, so that producers pass one value to an event's
 * {@code of} factory instead of hand-rolling ids and timestamps.
 */
public record EventEnvelope(String eventId, String tenantId, String requestId, Instant occurredAt, String traceId) {

    public EventEnvelope {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
    }

    /** A fresh envelope: a random event id and the current time. */
    public static EventEnvelope newEnvelope(String tenantId, String requestId, String traceId) {
        return newEnvelope(tenantId, requestId, traceId, Clock.systemUTC());
    }

    public static EventEnvelope newEnvelope(String tenantId, String requestId, String traceId, Clock clock) {
        return new EventEnvelope(UUID.randomUUID().toString(), tenantId, requestId, clock.instant(), traceId);
    }

    /**
     * The envelope for an event that continues the flow of {@code cause}: same tenant, request and trace, but
     * its own id and time, e.g. the CertificateIssued that answers a CertificateRequested.
     */
    public static EventEnvelope causedBy(PkiEvent cause) {
        return newEnvelope(cause.tenantId(), cause.requestId(), cause.traceId());
    }
}
