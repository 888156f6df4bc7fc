package io.pkcsconnector.pkcsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pkcsconnector.pki.DeviceKeys;
import io.pkcsconnector.pki.ImportPaddingScheme;
import io.pkcsconnector.pki.InspectedPfx;
import io.pkcsconnector.pki.InvalidDeviceKeyException;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.pki.PfxImportException;
import io.pkcsconnector.pki.PfxInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code pkcsctl pfx import}: one PFX for one user, as the Intune PowerShell module's Import-IntuneUserPfxCertificate. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Imports a PFX for a user.",
            "",
            "The PFX is opened locally with its password first, so a wrong password or a damaged or expired PFX"
                    + " fails before anything is sent; thumbprint and validity dates come from its certificate. The"
                    + " password is encrypted locally with the import key's public key (RSA-OAEP, --padding) and sent"
                    + " only in that form, with the PFX file as it is. Prints the id of the imported certificate"
                    + " ({userId}-{thumbprint}).",
            ""
        })
final class ImportCommand extends ServiceCommand implements Callable<Integer> {

    /** Graph's userPfxIntendedPurpose values. */
    static final List<String> PURPOSES = List.of("unassigned", "smimeEncryption", "smimeSigning", "vpn", "wifi");

    private static final DateTimeFormatter GRAPH_DATE = DateTimeFormatter.ISO_INSTANT;

    @Option(names = "--pfx", required = true, paramLabel = "FILE", description = "The PFX (PKCS#12) file.")
    Path pfx;

    @Option(
            names = "--password-file",
            required = true,
            paramLabel = "FILE",
            description = "File holding the PFX password (UTF-8; one trailing line break is ignored). Only"
                    + " characters up to U+00FF can be imported.")
    Path passwordFile;

    @Option(names = "--upn", required = true, paramLabel = "UPN", description = "The user's userPrincipalName.")
    String userPrincipalName;

    @Option(
            names = "--purpose",
            required = true,
            paramLabel = "PURPOSE",
            completionCandidates = Purposes.class,
            description = "Intended purpose: ${COMPLETION-CANDIDATES}.")
    String purpose;

    @Option(names = "--provider", required = true, paramLabel = "NAME", description = "Import key's provider name.")
    String providerName;

    @Option(names = "--key-name", required = true, paramLabel = "NAME", description = "Import key's name.")
    String keyName;

    @Option(
            names = "--padding",
            paramLabel = "SCHEME",
            defaultValue = "oaepSha512",
            converter = PaddingConverter.class,
            description = "RSA-OAEP variant the password is encrypted with: oaepSha256, oaepSha384 or oaepSha512"
                    + " (default: ${DEFAULT-VALUE}). pkcs1 and oaepSha1 are no longer supported.")
    ImportPaddingScheme padding;

    @Option(
            names = "--user-id",
            paramLabel = "ID",
            description = "The user's Entra object id; needed only if the service does not know the user from a"
                    + " registered device.")
    String userId;

    @Option(names = "--json", description = "Print the imported certificate as JSON instead of its id.")
    boolean json;

    @Override
    public Integer call() {
        if (!PURPOSES.contains(purpose)) {
            throw invalid("--purpose must be one of " + String.join(", ", PURPOSES) + ", not '" + purpose + "'");
        }
        if (userPrincipalName.isBlank()) {
            throw invalid("--upn must not be empty");
        }
        PfxImportClient client = client();
        byte[] pfxBytes = readPfx();
        // "none" means OAEP-SHA512 to the service; naming it keeps what is sent unambiguous.
        ImportPaddingScheme scheme = padding == ImportPaddingScheme.NONE ? ImportPaddingScheme.DEFAULT : padding;

        InspectedPfx inspected;
        String encryptedPassword;
        char[] password = ImportPassword.read(passwordFile);
        byte[] passwordBytes = null;
        try {
            passwordBytes = ImportPassword.encode(password);
            inspected = inspect(pfxBytes, password);
            encryptedPassword = encrypt(passwordBytes, importKey(client), scheme);
        } finally {
            Arrays.fill(password, '\0');
            if (passwordBytes != null) {
                Arrays.fill(passwordBytes, (byte) 0);
            }
        }

        ObjectNode body = mapper().createObjectNode()
                .put("@odata.type", "#microsoft.graph.userPFXCertificate")
                .put("thumbprint", inspected.thumbprint())
                .put("intendedPurpose", purpose)
                .put("userPrincipalName", userPrincipalName)
                .put("startDateTime", graphDate(inspected.notBefore()))
                .put("expirationDateTime", graphDate(inspected.notAfter()))
                .put("providerName", providerName)
                .put("keyName", keyName)
                .put("paddingScheme", scheme.wireName())
                .put("encryptedPfxBlob", Base64.getEncoder().encodeToString(pfxBytes))
                .put("encryptedPfxPassword", encryptedPassword);
        if (userId != null) {
            body.put("userId", userId);
        }
        JsonNode created = client.importCertificate(body);
        if (json) {
            printJson(created);
        } else {
            out().println(text(created, "id"));
        }
        return 0;
    }

    private byte[] readPfx() {
        try {
            return Files.readAllBytes(pfx);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read the PFX " + pfx + ": " + e);
        }
    }

    private InspectedPfx inspect(byte[] pfxBytes, char[] password) {
        try {
            return new PfxInspector().inspect(pfxBytes, password);
        } catch (PfxImportException e) {
            // The message starts with the failure's wire name (wrongPassword, expired, ...), as the service reports it.
            throw new CommandFailedException("cannot import " + pfx + ": " + e.getMessage());
        }
    }

    private RSAPublicKey importKey(PfxImportClient client) {
        String pem = text(client.getKey(providerName, keyName), "publicKey");
        try {
            return DeviceKeys.parsePem(pem);
        } catch (InvalidDeviceKeyException e) {
            throw new ServiceException("the public key of import key " + providerName + "/" + keyName
                    + " cannot be used: " + e.getMessage());
        }
    }

    private static String encrypt(byte[] password, RSAPublicKey key, ImportPaddingScheme scheme) {
        byte[] ciphertext;
        try {
            ciphertext = PasswordWrapper.wrap(password, key, scheme.oaepPadding());
        } catch (IllegalArgumentException e) {
            // Only the length is wrong here (the key was checked); the message gives sizes, not the password.
            throw new CommandFailedException("the password cannot be encrypted with " + scheme.wireName() + ": "
                    + e.getMessage() + "; use a shorter password, a larger import key or a shorter hash");
        }
        return Base64.getEncoder().encodeToString(ciphertext);
    }

    /** Graph's form, {@code 2026-01-01T00:00:00Z}: X.509 times are whole seconds anyway. */
    static String graphDate(Instant instant) {
        return GRAPH_DATE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static final class Purposes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PURPOSES.iterator();
        }
    }

    /** Refuses pkcs1 and oaepSha1 while the arguments are parsed, with the library's reason. */
    static final class PaddingConverter implements ITypeConverter<ImportPaddingScheme> {
        @Override
        public ImportPaddingScheme convert(String value) {
            try {
                return ImportPaddingScheme.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
