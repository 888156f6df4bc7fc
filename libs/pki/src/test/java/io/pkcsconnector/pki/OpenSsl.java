package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code openssl} CLI on files the tests write. A missing binary fails the test: these
 * tests are the evidence that what the module produces interoperates, so skipping them would hide that.
 */
final class OpenSsl {

    private static final Path BINARY = locate();

    private OpenSsl() {}

    record Result(int exitCode, String stdout, String stderr) {
        Result assertSuccess() {
            assertThat(exitCode).as("openssl failed: %s%s", stdout, stderr).isZero();
            return this;
        }

        String output() {
            return stdout + stderr;
        }
    }

    /** Runs openssl with {@code args} in {@code dir}; output goes to files so neither pipe can block. */
    static Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "openssl", ".out");
            Path err = Files.createTempFile(dir, "openssl", ".err");
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("openssl %s did not finish within 60 s", command);
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    static String version() {
        return run(Path.of(System.getProperty("java.io.tmpdir")), "version")
                .assertSuccess()
                .stdout()
                .trim();
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private static Path locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + java.io.File.pathSeparator + "/usr/bin").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "openssl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("the openssl binary is required by the PKI tests and was not found on PATH or in"
                + " /usr/bin; install it (Debian: apt-get install openssl)");
    }
}
