package io.pkcsconnector.revocationworker.persistence;

import io.pkcsconnector.contracts.CertificateIssued;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The worker's projection of issued certificates and their revocation (tables of V10). Every change is one
 * conditional statement, so a redelivered event or two instances racing for one revocation cannot both win. Runs in
 * the caller's reactive session or transaction ({@code Outbox.transaction}), so a revocation and its event commit
 * together.
 */
@ApplicationScoped
public class CertificateRegistry {

    /** A certificate as a revocation request finds it. */
    public record Known(
            String serialNumber,
            String caId,
            String tenantId,
            String issuanceRequestId,
            String deviceId,
            boolean revoked,
            Instant revokedAt,
            Integer reasonCode,
            String revocationRequestId) {}

    private final String recordSql;
    private final String findSql;
    private final String revokeSql;
    private final String recordFailureSql;

    CertificateRegistry(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        String certificates = schema + ".issued_certificate";
        recordSql = "INSERT INTO " + certificates
                + " (serial_number, ca_id, tenant_id, issuance_request_id, device_id, thumbprint, not_after)"
                + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS timestamptz)) ON CONFLICT (serial_number) DO NOTHING";
        findSql = "SELECT serial_number, ca_id, tenant_id, issuance_request_id, device_id, status, revoked_at,"
                + " reason_code, revocation_request_id FROM " + certificates + " WHERE serial_number = ?";
        // Only a good certificate can be revoked: the second of two racing revocations updates nothing.
        revokeSql = "UPDATE " + certificates + " SET status = 'revoked', revoked_at = CAST(? AS timestamptz),"
                + " reason_code = ?, revocation_request_id = ?, revocation_event_id = CAST(? AS uuid)"
                + " WHERE serial_number = ? AND tenant_id = ? AND status = 'good'";
        recordFailureSql = "INSERT INTO " + schema + ".failed_revocation"
                + " (revocation_request_id, tenant_id, serial_number, error_code) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (revocation_request_id) DO NOTHING";
    }

    /** @return whether the certificate was new to the projection */
    public Uni<Boolean> record(CertificateIssued issued) {
        return execute(
                        recordSql,
                        issued.serialNumber(),
                        issued.caId(),
                        issued.tenantId(),
                        issued.requestId(),
                        issued.deviceId(),
                        issued.thumbprint(),
                        issued.notAfter().atOffset(ZoneOffset.UTC))
                .map(inserted -> inserted == 1);
    }

    /** The certificate with this serial, of any tenant (the caller checks the tenant), or null. */
    public Uni<Known> find(String serialNumber) {
        return session()
                .chain(session -> session.createNativeQuery(findSql, Object[].class)
                        .setParameter(1, serialNumber)
                        .getSingleResultOrNull())
                .map(row -> row == null
                        ? null
                        : new Known(
                                (String) row[0],
                                (String) row[1],
                                (String) row[2],
                                (String) row[3],
                                (String) row[4],
                                "revoked".equals(row[5]),
                                row[6] == null ? null : toInstant(row[6]),
                                row[7] == null ? null : ((Number) row[7]).intValue(),
                                (String) row[8]));
    }

    /**
     * Marks a good certificate of {@code tenantId} revoked.
     *
     * @return false if it is not this tenant's good certificate (already revoked, unknown, another tenant's)
     */
    public Uni<Boolean> revoke(
            String tenantId,
            String serialNumber,
            Instant revokedAt,
            int reasonCode,
            String revocationRequestId,
            String eventId) {
        return execute(
                        revokeSql,
                        revokedAt.atOffset(ZoneOffset.UTC),
                        reasonCode,
                        revocationRequestId,
                        UUID.fromString(eventId),
                        serialNumber,
                        tenantId)
                .map(updated -> updated == 1);
    }

    /** @return false if this revocation request had failed before (a redelivery) */
    public Uni<Boolean> recordFailure(String revocationRequestId, String tenantId, String serialNumber, String code) {
        return execute(recordFailureSql, revocationRequestId, tenantId, serialNumber, code)
                .map(inserted -> inserted == 1);
    }

    private static Instant toInstant(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
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
}
