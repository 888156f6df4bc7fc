package io.pkcsconnector.loadgenerator;

import io.pkcsconnector.contracts.KeyAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A validated run configuration ({@link Main#toConfig()}).
 *
 * @param requests measured requests; 0 when {@code duration} decides
 * @param rate requests per second (open loop), or null for closed loop
 * @param pidsDir the stack's pid files, or null when absent
 */
record LoadConfig(
        long requests,
        Duration duration,
        Double rate,
        int concurrency,
        KeyAlgorithm key,
        int devices,
        Main.Mode mode,
        Scenario scenario,
        Path reportDir,
        String tenant,
        int warmup,
        Duration timeout,
        Duration pollInterval,
        int connections,
        int verifyPfx,
        Duration settle,
        Duration baseline,
        double baselineRate,
        long replayAfter,
        Long replayLimit,
        double poisonPercent,
        URI intakeUrl,
        URI notifierUrl,
        URI workerUrl,
        String kafkaBootstrap,
        Path jwtDir,
        Path pidsDir,
        Progress.Style progress) {

    static final String DEFAULT_KAFKA = "127.0.0.1:9092";

    /** The profile this run's key algorithm uses: created or updated by every run, so always current. */
    String profileId() {
        return "load-" + key.wireName();
    }

    /** {@code KAFKA_BOOTSTRAP_SERVERS} from the stack's env file, or the local default. */
    static String kafkaFromEnvFile(Path envFile) {
        if (envFile == null || !Files.isRegularFile(envFile)) {
            return DEFAULT_KAFKA;
        }
        try {
            return Files.readAllLines(envFile).stream()
                    .map(String::trim)
                    .filter(line -> line.startsWith("KAFKA_BOOTSTRAP_SERVERS="))
                    .map(line ->
                            line.substring("KAFKA_BOOTSTRAP_SERVERS=".length()).trim())
                    .map(value -> value.replaceAll("^[\"']|[\"']$", ""))
                    .filter(value -> !value.isEmpty())
                    .findFirst()
                    .orElse(DEFAULT_KAFKA);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + envFile, e);
        }
    }
}
