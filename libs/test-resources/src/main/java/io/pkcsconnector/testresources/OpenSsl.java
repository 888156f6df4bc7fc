package io.pkcsconnector.testresources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} CLI: the independent judge of the certificates, PFX files, CRLs and OCSP responses the services produce. */
public final class OpenSsl {

    /** Exit status and combined output of one run. */
    public record Result(int exitCode, String output) {}

    private OpenSsl() {}

    /** Runs {@code openssl args...} in {@code dir}, asserts it succeeded and returns its output. */
    public static String run(Path dir, String... args) {
        Result result = attempt(dir, args);
        assertThat(result.exitCode())
                .as("openssl " + String.join(" ", args) + "\n" + result.output())
                .isZero();
        return result.output();
    }

    /** Runs {@code openssl args...} in {@code dir}, whatever its exit status. */
    public static Result attempt(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("openssl finished")
                    .isTrue();
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
