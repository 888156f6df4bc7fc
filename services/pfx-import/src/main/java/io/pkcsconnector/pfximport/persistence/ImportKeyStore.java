package io.pkcsconnector.pfximport.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code import_key} table of V10: import key pairs, the private key wrapped under the KEK. */
@ApplicationScoped
public class ImportKeyStore {

    /** A stored key pair; {@code wrappedPrivateKey} opens only with the KEK and the key's label. */
    public record StoredKey(
            String tenantId,
            String providerName,
            String keyName,
            int keySize,
            String publicKeyPem,
            byte[] wrappedPrivateKey,
            Instant createdAt) {}

    private static final String COLUMNS =
            "tenant_id, provider_name, key_name, key_size, public_key_pem, wrapped_private_key, created_at";

    private final String insertSql;
    private final String findSql;
    private final String listSql;

    ImportKeyStore(@ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        String table = schema + ".import_key";
        // Never replaced: certificates imported under a key need that very key for as long as they exist.
        insertSql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, CAST(? AS timestamptz))"
                + " ON CONFLICT DO NOTHING";
        findSql =
                "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant_id = ? AND provider_name = ? AND key_name = ?";
        listSql = "SELECT " + COLUMNS + " FROM " + table + " WHERE tenant_id = ? ORDER BY provider_name, key_name";
    }

    /** @return false if the tenant has a key of that provider and name already */
    public Uni<Boolean> insert(StoredKey key) {
        return Database.execute(
                        insertSql,
                        key.tenantId(),
                        key.providerName(),
                        key.keyName(),
                        key.keySize(),
                        key.publicKeyPem(),
                        key.wrappedPrivateKey(),
                        Database.utc(key.createdAt()))
                .map(inserted -> inserted == 1);
    }

    public Uni<Optional<StoredKey>> find(String tenantId, String providerName, String keyName) {
        return Database.rows(findSql, tenantId, providerName, keyName)
                .map(rows -> rows.stream().findFirst().map(ImportKeyStore::key));
    }

    public Uni<List<StoredKey>> list(String tenantId) {
        return Database.rows(listSql, tenantId)
                .map(rows -> rows.stream().map(ImportKeyStore::key).toList());
    }

    private static StoredKey key(Object[] row) {
        return new StoredKey(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                ((Number) row[3]).intValue(),
                (String) row[4],
                (byte[]) row[5],
                Database.instant(row[6]));
    }
}
