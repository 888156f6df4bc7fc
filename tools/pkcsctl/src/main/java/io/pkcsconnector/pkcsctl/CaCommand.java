package io.pkcsconnector.pkcsctl;

import io.pkcsconnector.pki.CaKeystore;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.Certificates;
import io.pkcsconnector.pki.PkiUrls;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pkcsctl ca}: the CA keystore the issuance and revocation workers share. */
@Command(
        name = "ca",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        subcommands = {CaCommand.Init.class},
        description = {
            "The CA keystore (PKCS#12: root and issuing CA keys and certificates) that the issuance worker signs"
                    + " certificates with and the revocation worker signs CRLs and OCSP responses with.",
            "",
            "A worker creates the keystore on first start when its file is missing; in Kubernetes every replica"
                    + " must use the same one, so it is made once with 'pkcsctl ca init' and mounted from a Secret:",
            "  pkcsctl ca init --keystore issuing-ca.p12 --password-file ca.pass \\",
            "      --public-base-url https://pki.contoso.example",
            "  kubectl create secret generic pkcs-ca-keystore --from-file=issuing-ca.p12",
            ""
        })
final class CaCommand {

    @Command(
            name = "init",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            usageHelpWidth = 100,
            description = {
                "Generates a new root and issuing CA and writes them to a new PKCS#12 keystore (owner-only"
                        + " permissions). Refuses to overwrite an existing file. Prints the CA id and the"
                        + " certificates' SHA-1 thumbprints; the keys never leave the keystore."
            })
    static final class Init implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--keystore", required = true, paramLabel = "FILE", description = "The keystore to create.")
        Path keystore;

        @Option(
                names = "--password-file",
                required = true,
                paramLabel = "FILE",
                description = "File holding the keystore password (first line; at least 12 characters). Put the"
                        + " same password in the pkcs-ca-keystore-password Secret.")
        Path passwordFile;

        @Option(
                names = "--public-base-url",
                required = true,
                paramLabel = "URL",
                description = "Where relying parties reach the revocation worker (CRL and OCSP), as the workers'"
                        + " pkcs.issuance.public-base-url / pkcs.revocation.public-base-url: the issuing CA"
                        + " certificate names the root's CRL there.")
        String publicBaseUrl;

        @Override
        public Integer call() {
            URI base;
            try {
                base = URI.create(publicBaseUrl.strip());
            } catch (IllegalArgumentException e) {
                base = null;
            }
            if (base == null
                    || base.getHost() == null
                    || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
                throw new ParameterException(
                        spec.commandLine(),
                        "invalid --public-base-url '" + publicBaseUrl + "': expected http(s)://host[:port]");
            }
            if (Files.exists(keystore)) {
                throw new CommandFailedException(
                        keystore + " already exists; a CA keystore is never overwritten (move it away first)");
            }
            char[] password = readPassword();
            try {
                CertificateAuthority ca =
                        CertificateAuthority.generate(CaSettings.defaults(PkiUrls.of(base.toString())));
                if (!CaKeystore.create(keystore, password, ca)) {
                    throw new CommandFailedException(keystore + " appeared while the CA was generated; left untouched");
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println("caId        " + ca.caId());
                out.println("root        " + describe(ca.rootCertificate()));
                out.println("issuing     " + describe(ca.issuingCertificate()));
                out.println("keystore    " + keystore.toAbsolutePath());
                out.flush();
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }

        private char[] readPassword() {
            String text;
            try {
                text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailedException("cannot read --password-file " + passwordFile + ": " + e);
            }
            int newline = text.indexOf('\n');
            String line = (newline < 0 ? text : text.substring(0, newline)).strip();
            if (line.length() < 12) {
                throw new CommandFailedException(
                        "the keystore password in " + passwordFile + " is shorter than 12 characters");
            }
            return line.toCharArray();
        }

        private static String describe(X509Certificate certificate) {
            return Certificates.thumbprint(certificate) + "  "
                    + certificate.getSubjectX500Principal().getName() + "  until "
                    + certificate.getNotAfter().toInstant();
        }
    }
}
