package io.pkcsconnector.pkcsctl;

import io.pkcsconnector.testresources.OpenSsl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PFX written by the openssl CLI, with what openssl itself says about its certificate: the independent
 * reference for what the CLI must send.
 *
 * @param thumbprint SHA-1 fingerprint as {@code openssl x509 -fingerprint -sha1} prints it, colons removed
 * @param notBefore {@code 2026-01-01T00:00:00Z}
 */
record TestPfx(Path file, String password, String thumbprint, String notBefore, String notAfter) {

    static TestPfx create(Path dir, String name, String password) {
        OpenSsl.run(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=" + name,
                "-keyout",
                name + ".key.pem",
                "-out",
                name + ".cert.pem");
        OpenSsl.run(
                dir,
                "pkcs12",
                "-export",
                "-inkey",
                name + ".key.pem",
                "-in",
                name + ".cert.pem",
                "-passout",
                "pass:" + password,
                "-out",
                name + ".pfx");
        String fingerprint = OpenSsl.run(dir, "x509", "-in", name + ".cert.pem", "-noout", "-fingerprint", "-sha1");
        String dates = OpenSsl.run(
                dir, "x509", "-in", name + ".cert.pem", "-noout", "-startdate", "-enddate", "-dateopt", "iso_8601");
        return new TestPfx(
                dir.resolve(name + ".pfx"),
                password,
                fingerprint.strip().substring(fingerprint.indexOf('=') + 1).replace(":", ""),
                isoDate(dates, "notBefore="),
                isoDate(dates, "notAfter="));
    }

    byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A password file as an editor writes it: UTF-8 with a final line break. */
    static Path passwordFile(Path dir, String name, String password) {
        try {
            return Files.writeString(dir.resolve(name), password + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "notBefore=2026-11-25 01:55:49Z" to "2026-11-25T01:55:49Z". */
    private static String isoDate(String output, String prefix) {
        return output.lines()
                .filter(line -> line.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("openssl printed no " + prefix + ": " + output))
                .substring(prefix.length())
                .strip()
                .replace(' ', 'T');
    }
}
