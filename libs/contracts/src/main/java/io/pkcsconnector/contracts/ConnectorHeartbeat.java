package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * A connector instance is alive. Field names follow Graph's {@code certificateConnectorDetails}, which the fleet
 * view serves; request-intake derives active/inactive/warning/error from the check-in time and the version.
 * {@code requestId} is the connectorId: heartbeats belong to no request, and one connector's are one flow.
 *
 * @param connectorVersion the running build's version, compared against the newest to start the grace period
 * @param issuedCount certificates issued since the instance started
 * @param failedCount requests failed since the instance started
 */
public record ConnectorHeartbeat(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String connectorId,
        String connectorName,
        String machineName,
        String connectorVersion,
        Instant enrollmentDateTime,
        Instant lastCheckinDateTime,
        long issuedCount,
        long failedCount)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.CONNECTOR_HEARTBEAT;

    public ConnectorHeartbeat {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(connectorId, "connectorId");
        Checks.text(connectorName, "connectorName");
        Checks.text(machineName, "machineName");
        Checks.text(connectorVersion, "connectorVersion");
        Checks.ordered(enrollmentDateTime, "enrollmentDateTime", lastCheckinDateTime, "lastCheckinDateTime");
        Checks.notNegative(issuedCount, "issuedCount");
        Checks.notNegative(failedCount, "failedCount");
    }

    public static ConnectorHeartbeat of(
            EventEnvelope envelope,
            String connectorId,
            String connectorName,
            String machineName,
            String connectorVersion,
            Instant enrollmentDateTime,
            Instant lastCheckinDateTime,
            long issuedCount,
            long failedCount) {
        return new ConnectorHeartbeat(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                connectorId,
                connectorName,
                machineName,
                connectorVersion,
                enrollmentDateTime,
                lastCheckinDateTime,
                issuedCount,
                failedCount);
    }

    @Override
    public String partitionKey() {
        return connectorId;
    }
}
