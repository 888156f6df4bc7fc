package io.pkcsconnector.pkcsctl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs pkcsctl in-process with a controlled environment and captures what it prints. */
final class Cli {

    static final String TOKEN = "test-admin-token";

    record Result(int exitCode, String out, String err) {}

    private Cli() {}

    /** With PKCS_TOKEN set, as an administrator's shell would have it. */
    static Result run(String... args) {
        return runWithEnvironment(Map.of(Pkcsctl.TOKEN_VARIABLE, TOKEN), args);
    }

    static Result runWithEnvironment(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = Pkcsctl.run(args, outStream, errStream, environment);
        }
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
