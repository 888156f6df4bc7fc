package io.pkcsconnector.issuanceworker.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The connector instances that checked in, keyed by connectorId (table {@code connector_instance}). */
@ApplicationScoped
public class ConnectorInstances {

    /** Both from the database's clock, so the enrollment can never lie after the check-in. */
    public record CheckIn(Instant enrolledAt, Instant checkedInAt) {}

    private final String checkInSql;

    ConnectorInstances(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        checkInSql = "INSERT INTO " + schema + ".connector_instance"
                + " (connector_id, connector_name, machine_name, connector_version) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (connector_id) DO UPDATE SET last_checkin_at = now(),"
                + " connector_name = excluded.connector_name, machine_name = excluded.machine_name,"
                + " connector_version = excluded.connector_version"
                + " RETURNING enrolled_at, last_checkin_at";
    }

    /** Records a check-in; the first one of a connectorId is its enrollment, kept across restarts. */
    public Uni<CheckIn> checkIn(String connectorId, String connectorName, String machineName, String version) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(checkInSql, Object[].class)
                        .setParameter(1, connectorId)
                        .setParameter(2, connectorName)
                        .setParameter(3, machineName)
                        .setParameter(4, version)
                        .getSingleResult())
                .map(row -> new CheckIn(instant(row[0]), instant(row[1]))));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        throw new IllegalStateException(
                "unexpected timestamp type " + value.getClass().getName());
    }
}
