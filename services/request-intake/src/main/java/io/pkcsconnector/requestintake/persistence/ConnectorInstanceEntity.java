package io.pkcsconnector.requestintake.persistence;

import io.pkcsconnector.contracts.ConnectorHeartbeat;
import io.pkcsconnector.requestintake.ConnectorFleet;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** A connector instance as its latest heartbeat described it. Deployment-wide: no tenant. */
@Entity
@Table(name = "connector_instance")
public class ConnectorInstanceEntity extends PanacheEntityBase {

    /*
     * One statement, so two consumers (a rebalance, a replay) racing on one connector cannot interleave a read and
     * a write: the row only moves to a strictly later check-in, and an equal one (a redelivery) changes nothing.
     */
    private static final String UPSERT_IF_NEWER =
            """
            INSERT INTO {h-schema}connector_instance AS c (connector_id, connector_name, machine_name,
                    connector_version, enrollment_date_time, last_checkin_date_time)
            VALUES (:connectorId, :connectorName, :machineName, :connectorVersion, :enrolledAt, :checkedInAt)
            ON CONFLICT (connector_id) DO UPDATE SET connector_name = excluded.connector_name,
                    machine_name = excluded.machine_name, connector_version = excluded.connector_version,
                    enrollment_date_time = excluded.enrollment_date_time,
                    last_checkin_date_time = excluded.last_checkin_date_time
            WHERE c.last_checkin_date_time < excluded.last_checkin_date_time
            """;

    @Id
    @Column(name = "connector_id")
    public String connectorId;

    @Column(name = "connector_name", nullable = false)
    public String connectorName;

    @Column(name = "machine_name", nullable = false)
    public String machineName;

    @Column(name = "connector_version", nullable = false)
    public String connectorVersion;

    @Column(name = "enrollment_date_time", nullable = false)
    public OffsetDateTime enrollmentDateTime;

    @Column(name = "last_checkin_date_time", nullable = false)
    public OffsetDateTime lastCheckinDateTime;

    /** @return whether the heartbeat was newer than what was stored (or the connector is new) */
    public static Uni<Boolean> recordIfNewer(ConnectorHeartbeat heartbeat) {
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT_IF_NEWER)
                .setParameter("connectorId", heartbeat.connectorId())
                .setParameter("connectorName", heartbeat.connectorName())
                .setParameter("machineName", heartbeat.machineName())
                .setParameter("connectorVersion", heartbeat.connectorVersion())
                .setParameter("enrolledAt", utc(heartbeat.enrollmentDateTime()))
                .setParameter("checkedInAt", utc(heartbeat.lastCheckinDateTime()))
                .executeUpdate()
                .map(rows -> rows == 1));
    }

    /** What a tombstone on the compacted topic asks for: the connector is decommissioned. */
    public static Uni<Long> forget(String connectorId) {
        return delete("connectorId", connectorId);
    }

    /** Connectors silent since before {@code cutoff}: replaced instances that will never check in again. */
    public static Uni<Long> forgetSilentSince(Instant cutoff) {
        return delete("lastCheckinDateTime < ?1", utc(cutoff));
    }

    public static Uni<List<ConnectorInstanceEntity>> all() {
        return list("order by connectorId");
    }

    public ConnectorFleet.Connector toConnector() {
        return new ConnectorFleet.Connector(
                connectorId,
                connectorName,
                machineName,
                connectorVersion,
                enrollmentDateTime.toInstant(),
                lastCheckinDateTime.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
