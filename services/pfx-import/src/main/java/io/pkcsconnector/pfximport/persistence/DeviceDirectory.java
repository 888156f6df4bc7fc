package io.pkcsconnector.pfximport.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code device} table of V10: the tenant's devices as {@code pki.device-enrolled.v1} and {@code
 * pki.device-retired.v1} describe them. It is also the service's user directory: a user is known by the devices
 * registered to them.
 */
@ApplicationScoped
public class DeviceDirectory {

    /** A device PFXs can be sent to (or was, if retired). */
    public record KnownDevice(
            String tenantId,
            String deviceId,
            String userId,
            String userPrincipalName,
            String managementPublicKey,
            Instant retiredAt) {

        public boolean retired() {
            return retiredAt != null;
        }
    }

    private static final String COLUMNS =
            "tenant_id, device_id, user_id, user_principal_name, management_public_key, retired_at";

    private final String upsertSql;
    private final String retireSql;
    private final String findSql;
    private final String lockActiveSql;
    private final String activeOfUserSql;
    private final String usersOfUpnSql;
    private final String upnsOfUserSql;

    DeviceDirectory(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        String table = schema + ".device";
        // A replayed enrolment must not bring a retired device back: retired_at is left as it is.
        upsertSql = "INSERT INTO " + table + " (tenant_id, device_id, user_id, user_principal_name,"
                + " management_public_key) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, device_id) DO UPDATE SET"
                + " user_id = EXCLUDED.user_id, user_principal_name = EXCLUDED.user_principal_name,"
                + " management_public_key = EXCLUDED.management_public_key, updated_at = now()";
        // The two topics are not ordered against each other: a retirement seen before the enrolment leaves a
        // placeholder that the enrolment fills in without making the device active.
        retireSql = "INSERT INTO " + table + " (tenant_id, device_id, user_id, user_principal_name,"
                + " management_public_key, retired_at) VALUES (?, ?, ?, '', '', CAST(? AS timestamptz))"
                + " ON CONFLICT (tenant_id, device_id) DO UPDATE SET retired_at = EXCLUDED.retired_at,"
                + " updated_at = now() WHERE " + table + ".retired_at IS NULL";
        findSql = "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant_id = ? AND device_id = ?";
        lockActiveSql = findSql + " AND retired_at IS NULL FOR SHARE";
        activeOfUserSql = "SELECT " + COLUMNS + " FROM " + table
                + " WHERE tenant_id = ? AND user_id = ? AND retired_at IS NULL ORDER BY device_id";
        upnsOfUserSql = "SELECT DISTINCT lower(user_principal_name) FROM " + table
                + " WHERE tenant_id = ? AND user_id = ? AND user_principal_name <> '' ORDER BY 1";
        usersOfUpnSql = "SELECT DISTINCT user_id FROM " + table
                + " WHERE tenant_id = ? AND lower(user_principal_name) = ? ORDER BY user_id";
    }

    public Uni<Void> upsert(
            String tenantId, String deviceId, String userId, String userPrincipalName, String managementPublicKey) {
        return Database.execute(upsertSql, tenantId, deviceId, userId, userPrincipalName, managementPublicKey)
                .replaceWithVoid();
    }

    /** @return false if the device was retired before (a redelivered retirement) */
    public Uni<Boolean> retire(String tenantId, String deviceId, String userId, Instant at) {
        return Database.execute(retireSql, tenantId, deviceId, userId, Database.utc(at))
                .map(changed -> changed == 1);
    }

    public Uni<Optional<KnownDevice>> find(String tenantId, String deviceId) {
        return Database.rows(findSql, tenantId, deviceId)
                .map(rows -> rows.stream().findFirst().map(DeviceDirectory::device));
    }

    /** The device if it is not retired, kept from being retired until the transaction ends. */
    public Uni<Optional<KnownDevice>> lockActive(String tenantId, String deviceId) {
        return Database.rows(lockActiveSql, tenantId, deviceId)
                .map(rows -> rows.stream().findFirst().map(DeviceDirectory::device));
    }

    public Uni<List<KnownDevice>> activeOfUser(String tenantId, String userId) {
        return Database.rows(activeOfUserSql, tenantId, userId)
                .map(rows -> rows.stream().map(DeviceDirectory::device).toList());
    }

    /** The user ids registered devices name for this UPN (compared ignoring case); normally one. */
    public Uni<List<String>> userIdsOf(String tenantId, String userPrincipalName) {
        return Database.strings(usersOfUpnSql, tenantId, userPrincipalName.toLowerCase(Locale.ROOT));
    }

    /** The UPNs (lower case) registered devices name for this user id; normally one. */
    public Uni<List<String>> upnsOf(String tenantId, String userId) {
        return Database.strings(upnsOfUserSql, tenantId, userId);
    }

    private static KnownDevice device(Object[] row) {
        return new KnownDevice(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                (String) row[3],
                (String) row[4],
                Database.instant(row[5]));
    }
}
