package io.pkcsconnector.pkcsctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.pki.CaKeystore;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.PkiUrls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkcsctl ca init}: a keystore the workers load, that OpenSSL opens, and that is never overwritten. */
class CaCommandTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Pkcsctl.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void initCreatesAKeystoreTheWorkersLoadAndOpenSslOpens() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("ca.pass"), PASSWORD + "\n");
        Path keystore = dir.resolve("secrets/issuing-ca.p12");

        Result result = run(
                "ca",
                "init",
                "--keystore",
                keystore.toString(),
                "--password-file",
                passwordFile.toString(),
                "--public-base-url",
                "https://pki.contoso.example");

        assertThat(result.status()).as(result.err()).isZero();
        // The workers load it exactly as they load their own (IssuingCa, RevocationCa).
        CertificateAuthority ca = CaKeystore.load(
                keystore, PASSWORD.toCharArray(), CaSettings.defaults(PkiUrls.of("https://pki.contoso.example")));
        assertThat(result.out()).contains("caId        " + ca.caId()).doesNotContain(PASSWORD);

        // OpenSSL opens it with the password and the issuing CA chains to the root, naming the root's CRL there.
        Path certificates = dir.resolve("certs.pem");
        openssl(
                "pkcs12",
                "-in",
                keystore.toString(),
                "-passin",
                "file:" + passwordFile,
                "-nokeys",
                "-out",
                certificates.toString());
        Path root = dir.resolve("root.pem");
        Path issuing = dir.resolve("issuing.pem");
        Files.writeString(root, io.pkcsconnector.pki.Pem.certificate(ca.rootCertificate()));
        Files.writeString(issuing, io.pkcsconnector.pki.Pem.certificate(ca.issuingCertificate()));
        assertThat(Files.readString(certificates)).contains("BEGIN CERTIFICATE");
        assertThat(openssl("verify", "-CAfile", root.toString(), issuing.toString()))
                .contains("OK");
        assertThat(openssl("x509", "-in", issuing.toString(), "-noout", "-ext", "crlDistributionPoints"))
                .contains("https://pki.contoso.example/");

        // Never overwritten.
        byte[] before = Files.readAllBytes(keystore);
        Result again = run(
                "ca",
                "init",
                "--keystore",
                keystore.toString(),
                "--password-file",
                passwordFile.toString(),
                "--public-base-url",
                "https://pki.contoso.example");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
    }

    @Test
    void aWeakPasswordOrABadUrlIsRefusedAndNothingIsWritten() throws IOException {
        Path shortPassword = Files.writeString(dir.resolve("short.pass"), "secret\n");
        Path keystore = dir.resolve("ca.p12");
        Result weak = run(
                "ca",
                "init",
                "--keystore",
                keystore.toString(),
                "--password-file",
                shortPassword.toString(),
                "--public-base-url",
                "https://pki.contoso.example");
        assertThat(weak.status()).isEqualTo(1);
        assertThat(weak.err()).contains("shorter than 12 characters").doesNotContain("secret\n");

        Path passwordFile = Files.writeString(dir.resolve("ca.pass"), PASSWORD);
        Result badUrl = run(
                "ca",
                "init",
                "--keystore",
                keystore.toString(),
                "--password-file",
                passwordFile.toString(),
                "--public-base-url",
                "pki.contoso.example");
        assertThat(badUrl.status()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--public-base-url");
        assertThat(keystore).doesNotExist();
    }

    private String openssl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
