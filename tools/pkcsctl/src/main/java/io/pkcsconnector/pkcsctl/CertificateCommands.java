package io.pkcsconnector.pkcsctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code pkcsctl pfx list|show|delete}: the imported certificates (Graph userPFXCertificate). */
final class CertificateCommands {

    private CertificateCommands() {}

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            usageHelpWidth = 100,
            description = {
                "Lists imported certificates.",
                "",
                "Of one user (--upn) or of the whole tenant; all pages.",
                ""
            })
    static final class ListCertificates extends ServiceCommand implements Callable<Integer> {

        @Option(names = "--upn", paramLabel = "UPN", description = "Only this user's (userPrincipalName).")
        String userPrincipalName;

        @Option(names = "--json", description = "Print a JSON array of the certificates instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            List<JsonNode> certificates = client().listCertificates(userPrincipalName);
            if (json) {
                printJson(certificates);
                return 0;
            }
            Table table = new Table("ID", "USER PRINCIPAL NAME", "PURPOSE", "THUMBPRINT", "EXPIRES");
            certificates.forEach(c -> table.row(
                    text(c, "id"),
                    text(c, "userPrincipalName"),
                    text(c, "intendedPurpose"),
                    text(c, "thumbprint"),
                    text(c, "expirationDateTime")));
            table.print(out());
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            usageHelpWidth = 100,
            description = {"Shows one imported certificate.", ""})
    static final class ShowCertificate extends ServiceCommand implements Callable<Integer> {

        /** Base64 that says nothing to a reader; shown by size. */
        private static final Set<String> OPAQUE = Set.of("encryptedPfxBlob", "encryptedPfxPassword");

        @Mixin
        CertificateId certificateId;

        @Option(names = "--json", description = "Print the certificate as JSON, with its encrypted PFX and password.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode certificate = client().getCertificate(certificateId.resolve(spec));
            if (json) {
                printJson(certificate);
                return 0;
            }
            int width = 0;
            for (var names = certificate.fieldNames(); names.hasNext(); ) {
                width = Math.max(width, names.next().length());
            }
            for (Map.Entry<String, JsonNode> field : certificate.properties()) {
                String value = OPAQUE.contains(field.getKey())
                        ? describeOpaque(field.getValue())
                        : field.getValue().isValueNode()
                                ? field.getValue().asText()
                                : field.getValue().toString();
                out().printf("%-" + (width + 1) + "s %s%n", field.getKey() + ":", value);
            }
            return 0;
        }

        private static String describeOpaque(JsonNode value) {
            if (value.isNull()) {
                return "";
            }
            try {
                return "(" + Base64.getDecoder().decode(value.asText()).length + " bytes)";
            } catch (IllegalArgumentException e) {
                return "(" + value.asText().length() + " characters, not base64)";
            }
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            usageHelpWidth = 100,
            description = {
                "Deletes an imported certificate.",
                "",
                "Its PFX is no longer delivered to the user's devices.",
                ""
            })
    static final class DeleteCertificate extends ServiceCommand implements Callable<Integer> {

        @Mixin
        CertificateId certificateId;

        @Override
        public Integer call() {
            String id = certificateId.resolve(spec);
            client().deleteCertificate(id);
            out().println("deleted " + id);
            return 0;
        }
    }

    /** An imported certificate's id, {@code {userId}-{thumbprint}}, given whole or in its two parts. */
    static final class CertificateId {

        private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-F]{40}");

        @Parameters(
                arity = "0..1",
                paramLabel = "ID",
                description = "The certificate's id, {userId}-{thumbprint}, as 'pkcsctl pfx list' shows it.")
        String id;

        @Option(names = "--user-id", paramLabel = "ID", description = "The user's object id (instead of ID).")
        String userId;

        @Option(
                names = "--thumbprint",
                paramLabel = "SHA1",
                description = "The certificate's SHA-1 thumbprint, hex, colons allowed (with --user-id).")
        String thumbprint;

        String resolve(CommandSpec command) {
            if (id != null) {
                if (userId != null || thumbprint != null) {
                    throw new ParameterException(
                            command.commandLine(), "give either ID or --user-id and --thumbprint, not both");
                }
                if (id.isBlank()) {
                    throw new ParameterException(command.commandLine(), "ID must not be empty");
                }
                return id;
            }
            if (userId == null || thumbprint == null || userId.isBlank()) {
                throw new ParameterException(
                        command.commandLine(), "give the certificate's ID, or both --user-id and --thumbprint");
            }
            // openssl prints "AB:CD:..." and Windows lower-case with spaces; ids use Graph's upper-case hex.
            String normalized = thumbprint.replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT);
            if (!THUMBPRINT.matcher(normalized).matches()) {
                throw new ParameterException(
                        command.commandLine(),
                        "--thumbprint must be a SHA-1 in hex (40 digits), not '" + thumbprint + "'");
            }
            return userId + "-" + normalized;
        }
    }
}
