package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.ConnectorFleet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One connector instance in the shape of Graph's {@code certificateConnectorDetails}, plus its {@code status}
 * ({@code active}, {@code inactive}, {@code warning}, {@code error}) and {@code versionMismatch}: it runs another
 * version than the newest one running in the fleet.
 */
public record ConnectorDetails(
        String id,
        String connectorName,
        String machineName,
        OffsetDateTime enrollmentDateTime,
        OffsetDateTime lastCheckinDateTime,
        String connectorVersion,
        String status,
        boolean versionMismatch) {

    static ConnectorDetails of(ConnectorFleet.Assessed assessed) {
        ConnectorFleet.Connector connector = assessed.connector();
        return new ConnectorDetails(
                connector.id(),
                connector.name(),
                connector.machineName(),
                OffsetDateTime.ofInstant(connector.enrolledAt(), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(connector.lastCheckinAt(), ZoneOffset.UTC),
                connector.version(),
                assessed.status().wireName(),
                assessed.versionMismatch());
    }
}
