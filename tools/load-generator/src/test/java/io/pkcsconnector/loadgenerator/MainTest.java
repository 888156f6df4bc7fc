package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pkcsconnector.contracts.KeyAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

class MainTest {

    @TempDir
    Path dir;

    static LoadConfig parse(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs(args);
        Main main = commandLine.getCommand();
        return main.toConfig();
    }

    @Test
    void defaultsAreASmallSteadyRestRun() {
        LoadConfig config = parse("--progress", "off");
        assertThat(config.requests()).isEqualTo(200);
        assertThat(config.duration()).isNull();
        assertThat(config.rate()).isNull();
        assertThat(config.concurrency()).isEqualTo(16);
        assertThat(config.key()).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(config.devices()).isEqualTo(10);
        assertThat(config.mode()).isEqualTo(Main.Mode.REST);
        assertThat(config.scenario()).isEqualTo(Scenario.STEADY);
        assertThat(config.warmup()).isEqualTo(20);
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.tenant()).isEqualTo("tenant-load");
        assertThat(config.intakeUrl()).hasToString("http://127.0.0.1:8080");
        assertThat(config.notifierUrl()).hasToString("http://127.0.0.1:8084");
        assertThat(config.profileId()).isEqualTo("load-ecP256");
        assertThat(config.reportDir().toString())
                .startsWith(".stack/load-reports/")
                .endsWith("-steady");
        assertThat(config.progress()).isEqualTo(Progress.Style.OFF);
    }

    @Test
    void everyOptionIsParsed() {
        LoadConfig config = parse(
                "--requests", "100",
                "--rate", "25.5",
                "--concurrency", "32",
                "--key", "RSA2048",
                "--devices", "3",
                "--mode", "kafka",
                "--scenario", "replay-storm",
                "--replay-after", "10",
                "--replay-limit", "500",
                "--report", dir.toString(),
                "--tenant", "t1",
                "--warmup", "0",
                "--timeout", "90s",
                "--poll-interval", "20ms",
                "--connections", "4",
                "--kafka", "localhost:19092",
                "--progress", "lines");
        assertThat(config.requests()).isEqualTo(100);
        assertThat(config.rate()).isEqualTo(25.5);
        assertThat(config.concurrency()).isEqualTo(32);
        assertThat(config.key()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(config.devices()).isEqualTo(3);
        assertThat(config.mode()).isEqualTo(Main.Mode.KAFKA);
        assertThat(config.scenario()).isEqualTo(Scenario.REPLAY_STORM);
        assertThat(config.replayAfter()).isEqualTo(10);
        assertThat(config.replayLimit()).isEqualTo(500);
        assertThat(config.reportDir()).isEqualTo(dir);
        assertThat(config.tenant()).isEqualTo("t1");
        assertThat(config.warmup()).isZero();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.connections()).isEqualTo(4);
        assertThat(config.kafkaBootstrap()).isEqualTo("localhost:19092");
        assertThat(config.progress()).isEqualTo(Progress.Style.LINES);
    }

    @Test
    void aDurationReplacesTheCount() {
        LoadConfig config = parse("--duration", "2m", "--rate", "10");
        assertThat(config.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.requests()).isZero();
    }

    @Test
    void theUserWinsOverTheStackScriptsDefaults() {
        LoadConfig config = parse("--progress", "lines", "--requests", "5", "--progress", "off");
        assertThat(config.progress()).isEqualTo(Progress.Style.OFF);
    }

    @Test
    void badCombinationsAreUsageErrors() {
        assertUsageError("exclude each other", "--requests", "10", "--duration", "10s");
        assertUsageError("--requests must be at least 1", "--requests", "0");
        assertUsageError("--rate", "--rate", "0");
        assertUsageError("--concurrency", "--concurrency", "0");
        assertUsageError("--devices", "--devices", "0");
        assertUsageError("--mode must be rest or kafka", "--mode", "grpc");
        assertUsageError("unknown scenario", "--scenario", "chaos");
        assertUsageError("--rate does not apply", "--scenario", "burst", "--rate", "5");
        assertUsageError("--duration does not apply", "--scenario", "burst", "--duration", "5s");
        assertUsageError(
                "must be below --requests", "--scenario", "replay-storm", "--requests", "50", "--replay-after", "50");
        assertUsageError("--poison-percent", "--scenario", "poison", "--poison-percent", "0");
        assertUsageError("--timeout must be positive", "--timeout", "0s");
        assertUsageError("--progress must be one of", "--progress", "fancy");
        assertUsageError("not an http(s) URL", "--intake-url", "ftp://x");
    }

    @Test
    void unknownValuesAreRefusedByTheParser() {
        assertThatThrownBy(() -> parse("--key", "dsa1024"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("rsa2048, rsa3072, rsa4096, ecP256, ecP384");
        assertThatThrownBy(() -> parse("--duration", "soon"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> parse("--no-such-option")).isInstanceOf(ParameterException.class);
    }

    @Test
    void helpDocumentsEveryOptionAndItsDefault() {
        CommandLine commandLine = Main.commandLine();
        String usage = commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            assertThat(usage).contains(option.longestName());
            assertThat(option.description()).as(option.longestName()).isNotEmpty();
            if (option.defaultValue() != null) {
                assertThat(String.join(" ", option.description()))
                        .as("default of " + option.longestName())
                        .contains("(default: ");
            }
        }
        assertThat(usage)
                .contains("steady", "burst", "replay-storm", "poison")
                .contains("REPLAYS RECORDS")
                .contains("GroupNotEmptyException");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(Durations.parse("50ms")).isEqualTo(Duration.ofMillis(50));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }

    @Test
    void kafkaComesFromTheStacksEnvFile() throws IOException {
        Path env = Files.writeString(
                dir.resolve("infra.env"), "QUARKUS_REDIS_HOSTS=redis://x\nKAFKA_BOOTSTRAP_SERVERS=127.0.0.1:29092\n");
        assertThat(LoadConfig.kafkaFromEnvFile(env)).isEqualTo("127.0.0.1:29092");
        assertThat(LoadConfig.kafkaFromEnvFile(dir.resolve("missing.env"))).isEqualTo("127.0.0.1:9092");
        assertThat(parse("--env-file", env.toString()).kafkaBootstrap()).isEqualTo("127.0.0.1:29092");
    }

    private static void assertUsageError(String message, String... args) {
        assertThatThrownBy(() -> parse(args))
                .as(String.join(" ", args))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining(message);
    }
}
