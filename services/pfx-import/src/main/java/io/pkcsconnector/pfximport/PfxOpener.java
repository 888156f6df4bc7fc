package io.pkcsconnector.pfximport;

import io.pkcsconnector.pfximport.persistence.ImportKeyStore.StoredKey;
import io.pkcsconnector.pki.ImportPaddingScheme;
import io.pkcsconnector.pki.ImportedPasswordDecryptor;
import io.pkcsconnector.pki.InspectedPfx;
import io.pkcsconnector.pki.PfxExpectations;
import io.pkcsconnector.pki.PfxImportException;
import io.pkcsconnector.pki.PfxImportFailure;
import io.pkcsconnector.pki.PfxInspector;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Arrays;

/**
 * Opens an imported PFX: decrypts its password with the import key and reads the PFX with it. The clear password
 * lives only in a local array that is wiped before this returns.
 */
@ApplicationScoped
public class PfxOpener {

    private final ImportKeyring keys;
    private final PfxInspector inspector;

    PfxOpener(ImportKeyring keys) {
        this.keys = keys;
        this.inspector = new PfxInspector(Clock.systemUTC());
    }

    /**
     * @throws PfxImportException with the precise failure (wrong password, corrupt PFX, mismatch, expired, …)
     */
    public InspectedPfx open(
            StoredKey key,
            ImportPaddingScheme padding,
            String encryptedPfxPassword,
            byte[] pfx,
            PfxExpectations expectations) {
        char[] password = ImportedPasswordDecryptor.decrypt(encryptedPfxPassword, keys.privateKey(key), padding);
        try {
            return inspector.inspect(pfx, password, expectations);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The 422 answer for a refused PFX: its type names the failure (e.g. {@code …/problems/wrong-password}) and
     * {@code errorCode} carries the stable wire name ({@code wrongPassword}).
     */
    public static ProblemException refused(PfxImportException e) {
        PfxImportFailure failure = e.failure();
        String slug =
                failure.wireName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        return new ProblemException(
                Problem.of(422, slug, "PFX refused", e.getMessage()).with("errorCode", failure.wireName()));
    }
}
