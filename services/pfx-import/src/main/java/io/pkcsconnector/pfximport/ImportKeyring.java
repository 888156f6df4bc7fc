package io.pkcsconnector.pfximport;

import io.pkcsconnector.pfximport.config.PfxImportConfig;
import io.pkcsconnector.pfximport.persistence.Database;
import io.pkcsconnector.pfximport.persistence.ImportKeyStore;
import io.pkcsconnector.pfximport.persistence.ImportKeyStore.StoredKey;
import io.pkcsconnector.pki.ImportKeyException;
import io.pkcsconnector.pki.ImportKeys;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.jboss.logging.Logger;

/**
 * The tenants' import key pairs. Private keys are stored wrapped under the key-encryption key (KEK) and bound to
 * their tenant, provider and name (a wrapped key copied to another row does not open); opened keys are kept in
 * memory only, since a key pair never changes once created.
 */
@ApplicationScoped
public class ImportKeyring {

    private static final Logger LOG = Logger.getLogger(ImportKeyring.class);

    /** Graph names are free text, but one line of printable characters keeps logs and URLs sane. */
    static final int MAX_NAME_LENGTH = 256;

    private final ImportKeyStore store;
    private final Database database;
    private final SecretKey kek;
    private final Map<String, PrivateKey> opened = new ConcurrentHashMap<>();

    ImportKeyring(ImportKeyStore store, Database database, PfxImportConfig config) {
        this.store = store;
        this.database = database;
        try {
            this.kek = ImportKeys.kekFromBase64(config.kek());
        } catch (IllegalArgumentException e) {
            // The value itself is never part of the message.
            throw new IllegalStateException(
                    "pkcs.pfx-import.kek (PKCS_PFX_IMPORT_KEK): " + e.getMessage()
                            + "; generate one with: openssl rand -base64 32",
                    e);
        }
    }

    /**
     * Creates a key pair.
     *
     * @throws ProblemException 409 if the tenant has a key of that provider and name; 422 for a bad name or size
     */
    public StoredKey create(String tenantId, String providerName, String keyName, Integer keySize) {
        String provider = requireName(providerName, "providerName");
        String name = requireName(keyName, "keyName");
        int bits = keySize == null ? ImportKeys.DEFAULT_RSA_BITS : keySize;
        if (bits != 2048 && bits != 3072 && bits != 4096) {
            throw ProblemException.unprocessable(
                    "invalid-key-size", "keySize must be 2048, 3072 or 4096 (RSA bits), got " + bits);
        }
        KeyPair pair = ImportKeys.generate(bits);
        StoredKey key = new StoredKey(
                tenantId,
                provider,
                name,
                bits,
                ImportKeys.publicKeyPem(pair.getPublic()),
                ImportKeys.wrapPrivateKey(pair.getPrivate(), label(tenantId, provider, name), kek),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        boolean created = database.transaction(() -> store.insert(key));
        if (!created) {
            throw ProblemException.conflict(
                    "import-key-exists",
                    "Import key '" + name + "' of provider '" + provider + "' exists already; keys are never"
                            + " replaced, because PFX imported under a key need it for as long as they exist");
        }
        opened.put(label(tenantId, provider, name), pair.getPrivate());
        LOG.infof("Created import key %s/%s (RSA %d) for tenant %s", provider, name, bits, tenantId);
        return key;
    }

    public Optional<StoredKey> find(String tenantId, String providerName, String keyName) {
        return database.read(() -> store.find(tenantId, providerName, keyName));
    }

    public List<StoredKey> list(String tenantId) {
        return database.read(() -> store.list(tenantId));
    }

    /**
     * The private key of a stored key pair.
     *
     * @throws ProblemException 500 if it does not open with this service's KEK (the KEK was changed, or the row
     *     was altered): no caller can fix that, an operator must
     */
    public PrivateKey privateKey(StoredKey key) {
        String label = label(key.tenantId(), key.providerName(), key.keyName());
        return opened.computeIfAbsent(label, ignored -> {
            try {
                return ImportKeys.unwrapPrivateKey(key.wrappedPrivateKey(), label, kek);
            } catch (ImportKeyException e) {
                LOG.errorf(
                        "Import key %s/%s of tenant %s does not open with the configured KEK: %s",
                        key.providerName(), key.keyName(), key.tenantId(), e.getMessage());
                throw new ProblemException(Problem.of(
                        500,
                        "import-key-unusable",
                        "Import key unusable",
                        "Import key '" + key.keyName() + "' cannot be opened with this service's key-encryption"
                                + " key; an operator must restore the KEK it was created with"));
            }
        });
    }

    /** What the wrapped key is bound to: the same bytes in another tenant's or key's row do not open. */
    private static String label(String tenantId, String providerName, String keyName) {
        return tenantId + "\n" + providerName + "\n" + keyName;
    }

    static String requireName(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.unprocessable("missing-property", field + " is required");
        }
        if (value.length() > MAX_NAME_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.unprocessable(
                    "invalid-property",
                    field + " must be at most " + MAX_NAME_LENGTH + " characters without control characters");
        }
        return value;
    }
}
