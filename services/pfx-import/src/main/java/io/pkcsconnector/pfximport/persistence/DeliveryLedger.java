package io.pkcsconnector.pfximport.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code pfx_delivery} table of V10: which imported certificate went to which device. Its primary key is the
 * exactly-once of the fan-out: whoever records a (certificate, device) pair first sends the delivery, everyone else
 * sends nothing.
 */
@ApplicationScoped
public class DeliveryLedger {

    /** A certificate that is on a device and would have to be taken off it. */
    public record Installed(
            String userPfxCertificateId, String deviceId, String thumbprint, String serialNumber, String deliveryId) {}

    private final String claimSql;
    private final String deliveredDevicesSql;
    private final String deliveredToSql;
    private final String installedOnDeviceSql;
    private final String installedOfCertificateSql;
    private final String markRemovedSql;
    private final String undeliveredSql;

    DeliveryLedger(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        String table = schema + ".pfx_delivery";
        String certificates = schema + ".user_pfx_certificate";
        claimSql = "INSERT INTO " + table + " (tenant_id, user_pfx_certificate_id, device_id, delivery_id)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
        deliveredDevicesSql = "SELECT device_id FROM " + table + " WHERE tenant_id = ? AND user_pfx_certificate_id = ?";
        deliveredToSql = "SELECT user_pfx_certificate_id FROM " + table + " WHERE tenant_id = ? AND device_id = ?";
        String installed = "SELECT d.user_pfx_certificate_id, d.device_id, c.thumbprint, c.serial_number,"
                + " CAST(d.delivery_id AS text) FROM "
                + table + " d JOIN " + certificates
                + " c ON c.tenant_id = d.tenant_id AND c.id = d.user_pfx_certificate_id"
                + " WHERE d.tenant_id = ? AND d.removed_at IS NULL";
        installedOnDeviceSql = installed + " AND d.device_id = ? ORDER BY d.user_pfx_certificate_id";
        installedOfCertificateSql = installed + " AND d.user_pfx_certificate_id = ? ORDER BY d.device_id";
        // Pairs of an active device and a certificate of its user that have no ledger row: a fan-out that never
        // happened. Expired certificates are not sent, so they are not looked for.
        undeliveredSql = "SELECT DISTINCT c.tenant_id || chr(10) || c.id FROM " + certificates + " c JOIN " + schema
                + ".device v ON v.tenant_id = c.tenant_id AND v.user_id = c.user_id AND v.retired_at IS NULL"
                + " AND v.management_public_key <> ''"
                + " WHERE c.expiration_date_time > now() AND c.last_modified_at < now() - CAST(? AS bigint) * interval '1 millisecond'"
                + " AND v.updated_at < now() - CAST(? AS bigint) * interval '1 millisecond' AND NOT EXISTS (SELECT 1 FROM "
                + table
                + " d WHERE d.tenant_id = c.tenant_id AND d.user_pfx_certificate_id = c.id AND d.device_id = v.device_id)"
                + " LIMIT ?";
        markRemovedSql = "UPDATE " + table + " SET removed_at = now() WHERE tenant_id = ?"
                + " AND user_pfx_certificate_id = ? AND device_id = ? AND removed_at IS NULL";
    }

    /** @return false if the certificate was sent to this device before */
    public Uni<Boolean> claim(String tenantId, String userPfxCertificateId, String deviceId, String deliveryId) {
        return Database.execute(claimSql, tenantId, userPfxCertificateId, deviceId, UUID.fromString(deliveryId))
                .map(inserted -> inserted == 1);
    }

    public Uni<Set<String>> deliveredDevices(String tenantId, String userPfxCertificateId) {
        return Database.strings(deliveredDevicesSql, tenantId, userPfxCertificateId)
                .map(Set::copyOf);
    }

    /** The certificates ever sent to a device (taken off again or not). */
    public Uni<Set<String>> deliveredTo(String tenantId, String deviceId) {
        return Database.strings(deliveredToSql, tenantId, deviceId).map(Set::copyOf);
    }

    public Uni<List<Installed>> installedOn(String tenantId, String deviceId) {
        return Database.rows(installedOnDeviceSql, tenantId, deviceId).map(DeliveryLedger::installed);
    }

    public Uni<List<Installed>> installedOf(String tenantId, String userPfxCertificateId) {
        return Database.rows(installedOfCertificateSql, tenantId, userPfxCertificateId)
                .map(DeliveryLedger::installed);
    }

    public Uni<Boolean> markRemoved(String tenantId, String userPfxCertificateId, String deviceId) {
        return Database.execute(markRemovedSql, tenantId, userPfxCertificateId, deviceId)
                .map(changed -> changed == 1);
    }

    /** Certificates (tenant and id) that some active device of their user never got, older than {@code grace}. */
    public Uni<List<String[]>> undelivered(java.time.Duration grace, int limit) {
        return Database.strings(undeliveredSql, grace.toMillis(), grace.toMillis(), limit)
                .map(rows -> rows.stream().map(row -> row.split("\n", 2)).toList());
    }

    private static List<Installed> installed(List<Object[]> rows) {
        return rows.stream()
                .map(row -> new Installed(
                        (String) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4]))
                .toList();
    }
}
