package io.pkcsconnector.issuanceworker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Direct JDBC access to the worker's tables: what an auditor would query, and how a crash is staged. */
final class IssuanceTables {

    private final DataSource dataSource;

    IssuanceTables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Rows of {@code issuance_request} for one request id, as column → value. */
    List<Map<String, Object>> requests(String requestId) {
        return query("SELECT * FROM issuance.issuance_request WHERE request_id = ?", requestId);
    }

    /** Rows of {@code certificate_serial} for one request id, oldest first. */
    List<Map<String, Object>> serials(String requestId) {
        return query(
                "SELECT * FROM issuance.certificate_serial WHERE request_id = ? ORDER BY reserved_at, serial_number",
                requestId);
    }

    List<Map<String, Object>> connector(String connectorId) {
        return query("SELECT * FROM issuance.connector_instance WHERE connector_id = ?", connectorId);
    }

    /** Every text column of the worker's tables, for checks that no secret was stored anywhere. */
    String everythingStoredFor(String requestId) {
        StringBuilder all = new StringBuilder();
        requests(requestId).forEach(row -> all.append(row.values()));
        serials(requestId).forEach(row -> all.append(row.values()));
        query("SELECT payload FROM issuance.outbox_event WHERE message_key = ?", requestId)
                .forEach(row -> all.append(row.values()));
        return all.toString();
    }

    /**
     * Stages what a worker leaves behind when it dies between reserving and recording: a request in progress with
     * a reserved serial and a lease that runs out {@code leaseSeconds} from now (negative: already expired).
     */
    void reserve(io.pkcsconnector.contracts.CertificateRequested request, String serial, double leaseSeconds) {
        execute(
                "INSERT INTO issuance.issuance_request (request_id, tenant_id, device_id, profile_id, key_algorithm,"
                        + " status, serial_number, owner_token, owner_connector, lease_until)"
                        + " VALUES (?, ?, ?, ?, ?, 'in_progress', ?, 'token-of-another-attempt', 'another-connector',"
                        + " now() + make_interval(secs => ?))",
                request.requestId(),
                request.tenantId(),
                request.deviceId(),
                request.profileId(),
                request.keyAlgorithm().wireName(),
                serial,
                leaseSeconds);
        execute(
                "INSERT INTO issuance.certificate_serial (serial_number, request_id, status, reserved_by)"
                        + " VALUES (?, ?, 'reserved', 'another-connector')",
                serial,
                request.requestId());
    }

    /**
     * Makes every statement on {@code issuance_request} fail until {@link #restoreRequestsTable()}: what a database
     * outage looks like to the worker, without disturbing anything else.
     */
    void breakRequestsTable() {
        execute("ALTER TABLE issuance.issuance_request RENAME TO issuance_request_unavailable");
    }

    void restoreRequestsTable() {
        execute("ALTER TABLE issuance.issuance_request_unavailable RENAME TO issuance_request");
    }

    private List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
