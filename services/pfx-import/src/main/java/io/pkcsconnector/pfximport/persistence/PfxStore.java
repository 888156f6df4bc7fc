package io.pkcsconnector.pfximport.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code user_pfx_certificate} table of V10. The row locks are what order a deletion against a fan-out running
 * at the same time: a fan-out holds the row {@code FOR SHARE} while it records its deliveries, a deletion takes it
 * {@code FOR UPDATE} before it reads them, so a deletion sees every delivery it has to take back.
 */
@ApplicationScoped
public class PfxStore {

    private static final String COLUMNS = "tenant_id, id, user_id, user_principal_name, thumbprint, serial_number,"
            + " intended_purpose, start_date_time, expiration_date_time, provider_name, key_name, padding_scheme,"
            + " encrypted_pfx_blob, encrypted_pfx_password, created_at, last_modified_at";

    private final String insertSql;
    private final String findSql;
    private final String lockSharedSql;
    private final String lockExclusiveSql;
    private final String pageSql;
    private final String ofUserSql;
    private final String updateSql;
    private final String deleteSql;

    PfxStore(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        String table = schema + ".user_pfx_certificate";
        insertSql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS timestamptz),"
                + " CAST(? AS timestamptz), ?, ?, ?, ?, ?, CAST(? AS timestamptz), CAST(? AS timestamptz))"
                + " ON CONFLICT DO NOTHING";
        String byId = " FROM " + table + " WHERE tenant_id = ? AND id = ?";
        findSql = "SELECT " + COLUMNS + byId;
        lockSharedSql = "SELECT " + COLUMNS + byId + " FOR SHARE";
        lockExclusiveSql = "SELECT " + COLUMNS + byId + " FOR UPDATE";
        // A null filter value matches every row (the casts give the untyped parameters a type).
        pageSql = "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant_id = ?"
                + " AND (CAST(? AS text) IS NULL OR lower(user_principal_name) = CAST(? AS text))"
                + " AND (CAST(? AS text) IS NULL OR thumbprint = CAST(? AS text)) AND id > ? ORDER BY id LIMIT ?";
        ofUserSql = "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant_id = ? AND user_id = ? ORDER BY id";
        updateSql = "UPDATE " + table + " SET intended_purpose = ?, provider_name = ?, key_name = ?,"
                + " padding_scheme = ?, encrypted_pfx_blob = ?, encrypted_pfx_password = ?,"
                + " last_modified_at = CAST(? AS timestamptz) WHERE tenant_id = ? AND id = ?";
        deleteSql = "DELETE" + byId;
    }

    /** @return false if the tenant has this certificate for this user already */
    public Uni<Boolean> insert(StoredPfx pfx) {
        return Database.execute(
                        insertSql,
                        pfx.tenantId(),
                        pfx.id(),
                        pfx.userId(),
                        pfx.userPrincipalName(),
                        pfx.thumbprint(),
                        pfx.serialNumber(),
                        pfx.intendedPurpose(),
                        Database.utc(pfx.startDateTime()),
                        Database.utc(pfx.expirationDateTime()),
                        pfx.providerName(),
                        pfx.keyName(),
                        pfx.paddingScheme(),
                        pfx.encryptedPfxBlob(),
                        pfx.encryptedPfxPassword(),
                        Database.utc(pfx.createdAt()),
                        Database.utc(pfx.lastModifiedAt()))
                .map(inserted -> inserted == 1);
    }

    public Uni<Optional<StoredPfx>> find(String tenantId, String id) {
        return one(findSql, tenantId, id);
    }

    /** Reads the row and keeps it from being deleted until the transaction ends. */
    public Uni<Optional<StoredPfx>> lockShared(String tenantId, String id) {
        return one(lockSharedSql, tenantId, id);
    }

    /** Reads the row and waits for, then blocks, every fan-out of it until the transaction ends. */
    public Uni<Optional<StoredPfx>> lockExclusive(String tenantId, String id) {
        return one(lockExclusiveSql, tenantId, id);
    }

    /**
     * One page in id order.
     *
     * @param userPrincipalName null for every user of the tenant; compared ignoring case, as Entra ID does
     * @param thumbprint null for any, else upper-case hex
     * @param afterId the last id of the previous page, "" for the first
     */
    public Uni<List<StoredPfx>> page(
            String tenantId, String userPrincipalName, String thumbprint, String afterId, int limit) {
        String upn = userPrincipalName == null ? null : userPrincipalName.toLowerCase(Locale.ROOT);
        return all(pageSql, tenantId, upn, upn, thumbprint, thumbprint, afterId, limit);
    }

    public Uni<List<StoredPfx>> ofUser(String tenantId, String userId) {
        return all(ofUserSql, tenantId, userId);
    }

    public Uni<Boolean> update(StoredPfx pfx) {
        return Database.execute(
                        updateSql,
                        pfx.intendedPurpose(),
                        pfx.providerName(),
                        pfx.keyName(),
                        pfx.paddingScheme(),
                        pfx.encryptedPfxBlob(),
                        pfx.encryptedPfxPassword(),
                        Database.utc(pfx.lastModifiedAt()),
                        pfx.tenantId(),
                        pfx.id())
                .map(updated -> updated == 1);
    }

    /** Deletes the row and, by cascade, its delivery records. */
    public Uni<Boolean> delete(String tenantId, String id) {
        return Database.execute(deleteSql, tenantId, id).map(deleted -> deleted == 1);
    }

    private Uni<Optional<StoredPfx>> one(String sql, Object... parameters) {
        return all(sql, parameters).map(rows -> rows.stream().findFirst());
    }

    private static Uni<List<StoredPfx>> all(String sql, Object... parameters) {
        return Database.rows(sql, parameters)
                .map(rows -> rows.stream().map(PfxStore::pfx).toList());
    }

    private static StoredPfx pfx(Object[] row) {
        return new StoredPfx(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                (String) row[3],
                (String) row[4],
                (String) row[5],
                (String) row[6],
                Database.instant(row[7]),
                Database.instant(row[8]),
                (String) row[9],
                (String) row[10],
                (String) row[11],
                (byte[]) row[12],
                (String) row[13],
                Database.instant(row[14]),
                Database.instant(row[15]));
    }
}
