package io.pkcsconnector.issuanceworker.persistence;

import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.servicecommon.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The issuance cycle's records (tables of V10): every state change is one conditional statement, so two attempts
 * racing for one request cannot both win, and lease expiry is judged by the database's clock, the one clock all
 * instances share. Every method runs in the caller's reactive transaction ({@code Outbox.transaction}), so the
 * outcome and its outbox event commit together.
 */
@ApplicationScoped
public class IssuanceStore {

    /** What an attempt needs to know about a request seen before. */
    public record Snapshot(
            String requestId,
            String tenantId,
            IssuanceStatus status,
            String serialNumber,
            String ownerToken,
            boolean leaseExpired,
            long leaseRemainingMillis,
            String outcomeEvent) {}

    private final String findSql;
    private final String reserveSql;
    private final String reserveSerialSql;
    private final String takeOverSql;
    private final String abandonSerialSql;
    private final String recordIssuedSql;
    private final String issueSerialSql;
    private final String recordFailedSql;
    private final String failReservedSql;

    IssuanceStore(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        // Native SQL does not get Hibernate's default schema.
        String requests = schema + ".issuance_request";
        String serials = schema + ".certificate_serial";
        findSql = "SELECT request_id, tenant_id, status, serial_number, owner_token, (lease_until < now()),"
                + " CAST(GREATEST(0, EXTRACT(EPOCH FROM (lease_until - now())) * 1000) AS bigint), outcome_event"
                + " FROM " + requests + " WHERE request_id = ?";
        reserveSql = "INSERT INTO " + requests
                + " (request_id, tenant_id, device_id, profile_id, key_algorithm, status, serial_number, owner_token,"
                + " owner_connector, lease_until)"
                + " VALUES (?, ?, ?, ?, ?, 'in_progress', ?, ?, ?, now() + make_interval(secs => CAST(? AS float8)))"
                + " ON CONFLICT (request_id) DO NOTHING";
        reserveSerialSql = "INSERT INTO " + serials
                + " (serial_number, request_id, status, reserved_by) VALUES (?, ?, 'reserved', ?)";
        // Taken over only from a crashed owner (lease expired) or from this very attempt's earlier try.
        takeOverSql = "UPDATE " + requests + " SET serial_number = ?, owner_token = ?, owner_connector = ?,"
                + " lease_until = now() + make_interval(secs => CAST(? AS float8)), attempts = attempts + 1,"
                + " updated_at = now()"
                + " WHERE request_id = ? AND status = 'in_progress' AND serial_number = ?"
                + " AND (lease_until < now() OR owner_token = ?)";
        abandonSerialSql = "UPDATE " + serials
                + " SET status = 'abandoned', closed_by = ?, closed_at = now(), reason = ?"
                + " WHERE serial_number = ? AND status = 'reserved'";
        // Recorded only while the reservation is still this attempt's: a takeover changed the owner.
        recordIssuedSql = "UPDATE " + requests + " SET status = 'issued', thumbprint = ?, certificate_pem = ?,"
                + " not_before = CAST(? AS timestamptz), not_after = CAST(? AS timestamptz),"
                + " outcome_event_id = CAST(? AS uuid), outcome_event = ?, owner_token = NULL, lease_until = NULL,"
                + " updated_at = now()"
                + " WHERE request_id = ? AND status = 'in_progress' AND owner_token = ? AND serial_number = ?";
        issueSerialSql = "UPDATE " + serials + " SET status = 'issued', closed_by = ?, closed_at = now()"
                + " WHERE serial_number = ? AND status = 'reserved'";
        recordFailedSql = "INSERT INTO " + requests
                + " (request_id, tenant_id, device_id, profile_id, key_algorithm, status, error_code, error_message,"
                + " outcome_event_id, outcome_event)"
                + " VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, CAST(? AS uuid), ?) ON CONFLICT (request_id) DO NOTHING";
        failReservedSql = "UPDATE " + requests + " SET status = 'failed', serial_number = NULL, owner_token = NULL,"
                + " lease_until = NULL, error_code = ?, error_message = ?, outcome_event_id = CAST(? AS uuid),"
                + " outcome_event = ?, attempts = attempts + 1, updated_at = now()"
                + " WHERE request_id = ? AND status = 'in_progress' AND serial_number = ?"
                + " AND (lease_until < now() OR owner_token = ?)";
    }

    public Uni<Optional<Snapshot>> find(String requestId) {
        return session()
                .chain(session -> session.createNativeQuery(findSql, Object[].class)
                        .setParameter(1, requestId)
                        .getSingleResultOrNull())
                .map(row -> Optional.ofNullable(row)
                        .map(r -> new Snapshot(
                                (String) r[0],
                                (String) r[1],
                                IssuanceStatus.fromColumn((String) r[2]),
                                (String) r[3],
                                (String) r[4],
                                Boolean.TRUE.equals(r[5]),
                                r[6] == null ? 0 : ((Number) r[6]).longValue(),
                                (String) r[7])));
    }

    /**
     * Reserves a request that was never seen: its row and the serial it will be signed under, before signing.
     *
     * @return false if the request id exists already (another attempt, now or earlier)
     */
    public Uni<Boolean> reserve(
            CertificateRequested event, String serial, String ownerToken, String connectorId, Duration lease) {
        return execute(
                        reserveSql,
                        event.requestId(),
                        event.tenantId(),
                        event.deviceId(),
                        event.profileId(),
                        event.keyAlgorithm().wireName(),
                        serial,
                        ownerToken,
                        connectorId,
                        seconds(lease))
                .chain(inserted -> inserted == 0
                        ? Uni.createFrom().item(false)
                        : execute(reserveSerialSql, serial, event.requestId(), connectorId)
                                .replaceWith(true));
    }

    /**
     * Moves a reservation whose owner crashed (or this attempt's own earlier try) to a new serial, and marks the old
     * serial abandoned: it may have been signed, but that certificate was never recorded or published, and its
     * private key died with the process that generated it.
     *
     * @return false if the reservation changed since {@code expectedSerial} was read, or is still leased by another
     *     attempt
     */
    public Uni<Boolean> takeOver(
            String requestId,
            String expectedSerial,
            String newSerial,
            String ownerToken,
            String connectorId,
            Duration lease) {
        return execute(
                        takeOverSql,
                        newSerial,
                        ownerToken,
                        connectorId,
                        seconds(lease),
                        requestId,
                        expectedSerial,
                        ownerToken)
                .chain(updated -> updated == 0
                        ? Uni.createFrom().item(false)
                        : abandon(
                                        expectedSerial,
                                        connectorId,
                                        "taken over by " + connectorId + ", reissued as " + newSerial)
                                .chain(() -> execute(reserveSerialSql, newSerial, requestId, connectorId))
                                .replaceWith(true));
    }

    /**
     * Records the certificate signed under this attempt's reservation.
     *
     * @return false if the reservation is no longer this attempt's (it was taken over after its lease expired)
     */
    public Uni<Boolean> recordIssued(String ownerToken, CertificateIssued issued) {
        return execute(
                        recordIssuedSql,
                        issued.thumbprint(),
                        issued.certificatePem(),
                        issued.notBefore().atOffset(ZoneOffset.UTC),
                        issued.notAfter().atOffset(ZoneOffset.UTC),
                        UUID.fromString(issued.eventId()),
                        EventJson.toJson(issued),
                        issued.requestId(),
                        ownerToken,
                        issued.serialNumber())
                .chain(updated -> updated == 0
                        ? Uni.createFrom().item(false)
                        : execute(issueSerialSql, issued.connectorId(), issued.serialNumber())
                                .replaceWith(true));
    }

    /**
     * Records a permanent refusal of a request that was never seen.
     *
     * @return false if the request id exists already
     */
    public Uni<Boolean> recordFailed(CertificateRequested request, CertificateIssuanceFailed failed) {
        return execute(
                        recordFailedSql,
                        request.requestId(),
                        request.tenantId(),
                        request.deviceId(),
                        request.profileId(),
                        request.keyAlgorithm().wireName(),
                        failed.errorCode(),
                        failed.errorMessage(),
                        UUID.fromString(failed.eventId()),
                        EventJson.toJson(failed))
                .map(inserted -> inserted == 1);
    }

    /**
     * Records a permanent refusal of a request that has a reservation this attempt may take over (its owner
     * crashed, or it is this attempt's own), abandoning the reserved serial.
     *
     * @return false if the reservation changed or is leased by another attempt
     */
    public Uni<Boolean> failReserved(
            String expectedSerial, String ownerToken, String connectorId, CertificateIssuanceFailed failed) {
        return execute(
                        failReservedSql,
                        failed.errorCode(),
                        failed.errorMessage(),
                        UUID.fromString(failed.eventId()),
                        EventJson.toJson(failed),
                        failed.requestId(),
                        expectedSerial,
                        ownerToken)
                .chain(updated -> updated == 0
                        ? Uni.createFrom().item(false)
                        : abandon(expectedSerial, connectorId, "request refused: " + failed.errorCode())
                                .replaceWith(true));
    }

    /**
     * Queues a recorded outcome's outbox row for publishing once more, if the outbox still keeps it.
     *
     * @return false if the row was cleaned up already, and the event has to be added to the outbox anew
     */
    public Uni<Boolean> requeue(PkiEvent event) {
        return OutboxEvent.update("publishedAt = null where eventId = ?1", UUID.fromString(event.eventId()))
                .map(updated -> updated > 0);
    }

    private Uni<Integer> abandon(String serial, String connectorId, String reason) {
        return execute(abandonSerialSql, connectorId, reason, serial);
    }

    private static Uni<Integer> execute(String sql, Object... parameters) {
        return session().chain(session -> {
            Mutiny.Query<Object> query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
