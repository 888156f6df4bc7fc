package io.pkcsconnector.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    private static final String TENANT = "tenant-1";

    @Test
    void newEnvelopeHasARandomEventIdAndTheCurrentTime() {
        Instant before = Instant.now();
        EventEnvelope first = EventEnvelope.newEnvelope(TENANT, "request-1", GoldenSamples.TRACE_ID);
        EventEnvelope second = EventEnvelope.newEnvelope(TENANT, "request-1", GoldenSamples.TRACE_ID);
        Instant after = Instant.now();

        assertThat(UUID.fromString(first.eventId()).version()).isEqualTo(4);
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
        assertThat(first.occurredAt()).isBetween(before, after);
        assertThat(first.tenantId()).isEqualTo(TENANT);
        assertThat(first.requestId()).isEqualTo("request-1");
        assertThat(first.traceId()).isEqualTo(GoldenSamples.TRACE_ID);
    }

    @Test
    void newEnvelopeTakesTheTimeFromTheClock() {
        Instant fixed = Instant.parse("2026-01-02T03:04:05.678Z");

        EventEnvelope envelope = EventEnvelope.newEnvelope(TENANT, "r", null, Clock.fixed(fixed, ZoneOffset.UTC));

        assertThat(envelope.occurredAt()).isEqualTo(fixed);
    }

    @Test
    void causedByContinuesTheFlowOfTheCause() {
        CertificateRequested cause = GoldenSamples.certificateRequested();

        EventEnvelope next = EventEnvelope.causedBy(cause);

        assertThat(next.tenantId()).isEqualTo(cause.tenantId());
        assertThat(next.requestId()).isEqualTo(cause.requestId());
        assertThat(next.traceId()).isEqualTo(cause.traceId());
        assertThat(next.eventId()).isNotEqualTo(cause.eventId());
        assertThat(next.occurredAt()).isAfter(cause.occurredAt());
    }

    /** OpenTelemetry's id for "no current span". */
    @Test
    void allZeroTraceIdMeansNoTrace() {
        EventEnvelope envelope = EventEnvelope.newEnvelope(TENANT, "r", "0".repeat(32));

        assertThat(envelope.traceId()).isNull();
    }

    @Test
    void refusesAnInvalidEnvelope() {
        assertThatThrownBy(() -> EventEnvelope.newEnvelope(" ", "r", null)).hasMessage("tenantId must not be blank");
        assertThatThrownBy(() -> EventEnvelope.newEnvelope(TENANT, null, null))
                .hasMessage("requestId must not be blank");
        assertThatThrownBy(() -> EventEnvelope.newEnvelope(TENANT, "r", "00-4bf92f3577b34da6a3ce929d0e0e4736-01"))
                .hasMessageContaining("traceId must be a W3C trace id");
        assertThatThrownBy(() -> new EventEnvelope("1-2-3-4-5", TENANT, "r", Instant.now(), null))
                .hasMessageContaining("eventId must be a UUID");
        assertThatThrownBy(() -> new EventEnvelope(UUID.randomUUID().toString(), TENANT, "r", null, null))
                .hasMessage("occurredAt must not be null");
    }
}
