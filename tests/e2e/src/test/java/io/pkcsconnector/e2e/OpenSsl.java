package io.pkcsconnector.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** OpenSSL 3 as the outside party: secrets go in files ({@code file:}), never on the command line. */
final class OpenSsl {

    private OpenSsl() {}

    /** Runs {@code openssl args}, asserting it succeeds; returns its output (stdout and stderr). */
    static String run(String... args) throws Exception {
        Process process = start(args);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as("openssl " + String.join(" ", args) + "\n" + output)
                .isZero();
        return output;
    }

    /** Runs {@code openssl args} and returns its exit status, for checks that must fail. */
    static int exitCode(String... args) throws Exception {
        Process process = start(args);
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    /**
     * What a device does with a PFX delivery: decrypts the password with its management key (RSA-OAEP SHA-256,
     * MGF1 SHA-256) into a file, opens the PFX with it, checks it holds a private key and writes the leaf
     * certificate to {@code leaf.pem} in {@code dir}.
     *
     * @return the leaf certificate's PEM file
     */
    static Path openDelivery(Path dir, PrivateKey deviceKey, Map<String, Object> delivery) throws Exception {
        Path key = Files.writeString(dir.resolve("device.key"), Pem.privateKey(deviceKey));
        Path pfx = Files.write(
                dir.resolve("device.pfx"), Base64.getDecoder().decode((String) delivery.get("encryptedPfxBlob")));
        Path wrapped = Files.write(
                dir.resolve("password.enc"), Base64.getDecoder().decode((String) delivery.get("encryptedPfxPassword")));
        Path password = dir.resolve("password");
        run(
                "pkeyutl",
                "-decrypt",
                "-inkey",
                key.toString(),
                "-in",
                wrapped.toString(),
                "-out",
                password.toString(),
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-pkeyopt",
                "rsa_oaep_md:sha256",
                "-pkeyopt",
                "rsa_mgf1_md:sha256");
        Path leaf = dir.resolve("leaf.pem");
        run(
                "pkcs12",
                "-in",
                pfx.toString(),
                "-passin",
                "file:" + password,
                "-nokeys",
                "-clcerts",
                "-out",
                leaf.toString());
        assertThat(run("pkcs12", "-in", pfx.toString(), "-passin", "file:" + password, "-nocerts", "-nodes"))
                .contains("PRIVATE KEY");
        return leaf;
    }

    private static Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
