package io.pkcsconnector.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The launcher {@code ./stack} runs as a child JVM: {@code up} serves the infrastructure, {@code token} signs. */
@Command(
        name = "local-infra",
        mixinStandardHelpOptions = true,
        version = "local-infra 0.1.0",
        description = "Local infrastructure for the PKCS connector platform: Kafka, PostgreSQL, Redis and dev JWTs.",
        subcommands = {Main.Up.class, Main.Token.class})
public final class Main implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        // Kafka and the embedded servers leave non-daemon threads; only exit() ends a failed start.
        System.exit(exitCode);
    }

    /** The configured command line; tests run subcommands through it. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: up or token");
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = "Starts Kafka with every contract topic, PostgreSQL and Redis (embedded only when"
                    + " nothing answers on their ports), writes the env file, and runs until SIGTERM.")
    static final class Up implements Callable<Integer> {

        @Option(
                names = "--data-dir",
                defaultValue = ".stack/data",
                description = "Kafka and embedded PostgreSQL data, kept across runs (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(
                names = "--kafka-port",
                defaultValue = "9092",
                description = "Kafka client port on 127.0.0.1, 0 for a free one (default: ${DEFAULT-VALUE}).")
        int kafkaPort;

        @Option(
                names = "--kafka-controller-port",
                defaultValue = "0",
                description = "KRaft controller port on 127.0.0.1, internal to the broker; 0 picks a free one"
                        + " (default: ${DEFAULT-VALUE}).")
        int kafkaControllerPort;

        @Option(
                names = "--postgres-port",
                defaultValue = "5432",
                description = "PostgreSQL port on 127.0.0.1: used if a server answers, else an embedded one"
                        + " starts there (default: ${DEFAULT-VALUE}).")
        int postgresPort;

        @Option(
                names = "--redis-port",
                defaultValue = "6379",
                description = "Redis port on 127.0.0.1: used if a server answers PING, else an embedded one"
                        + " starts there (default: ${DEFAULT-VALUE}).")
        int redisPort;

        @Option(
                names = "--database",
                defaultValue = "pkcs",
                description = "PostgreSQL database to create when missing (default: ${DEFAULT-VALUE}).")
        String database;

        @Option(
                names = "--env-file",
                defaultValue = ".stack/infra.env",
                description = "Where to write the services' environment (KAFKA_BOOTSTRAP_SERVERS, QUARKUS_*,"
                        + " MP_JWT_*); written once ready, removed on exit (default: ${DEFAULT-VALUE}).")
        Path envFile;

        @Option(
                names = "--jwt-dir",
                defaultValue = ".stack/jwt",
                description = "Dev JWT key pair, generated on first use (default: ${DEFAULT-VALUE}).")
        Path jwtDir;

        @Override
        public Integer call() throws IOException, InterruptedException {
            // A file left by a killed run would tell the caller we are ready before we are.
            Files.deleteIfExists(envFile);
            AtomicReference<LocalStack> running = new AtomicReference<>();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                LocalStack stack = running.getAndSet(null);
                                if (stack != null) {
                                    LOG.info("stopping local infrastructure");
                                    deleteEnvFile();
                                    stack.close();
                                    LOG.info("local infrastructure stopped");
                                }
                            },
                            "local-infra-shutdown"));
            LocalStack stack;
            try {
                stack = LocalStack.start(
                        new LocalStack.Options(
                                dataDir, kafkaPort, kafkaControllerPort, postgresPort, redisPort, database, jwtDir),
                        ContractTopics.all());
            } catch (RuntimeException e) {
                LOG.error("local infrastructure failed to start: {}", e.getMessage(), e);
                return 1;
            }
            running.set(stack);
            stack.writeEnvFile(envFile);
            // Passwords stay in the owner-only env file, never in the log.
            stack.environment()
                    .forEach((name, value) -> LOG.info("  {}={}", name, name.contains("PASSWORD") ? "****" : value));
            LOG.info("local infrastructure ready (env file {})", envFile.toAbsolutePath());
            // Runs until SIGTERM; the shutdown hook does the stopping.
            new CountDownLatch(1).await();
            return 0;
        }

        private void deleteEnvFile() {
            try {
                Files.deleteIfExists(envFile);
            } catch (IOException e) {
                LOG.warn("cannot remove {}", envFile, e);
            }
        }
    }

    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = "Prints a bearer token that the local stack's services accept.")
    static final class Token implements Callable<Integer> {

        enum Role {
            ADMIN,
            DEVICE,
            CONNECTOR
        }

        @Spec
        CommandSpec spec;

        @Option(
                names = "--role",
                required = true,
                description = "admin, device or connector; becomes the groups claim.")
        Role role;

        @Option(names = "--device", description = "Device id, required for --role device; becomes sub and upn.")
        String device;

        @Option(
                names = "--tenant",
                defaultValue = "tenant-dev",
                description = "Tenant id, the tid claim (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Option(
                names = "--subject",
                description = "sub and upn for admin and connector tokens (default: dev-admin, dev-connector).")
        String subject;

        @Option(names = "--audience", description = "The aud claim; none by default.")
        String audience;

        @Option(
                names = "--jwt-dir",
                defaultValue = ".stack/jwt",
                description = "Dev JWT key pair, generated on first use (default: ${DEFAULT-VALUE}).")
        Path jwtDir;

        @Option(
                names = "--ttl",
                defaultValue = "8h",
                converter = DurationConverter.class,
                description = "Lifetime: 90s, 30m, 8h, 2d or ISO-8601 like PT8H (default: ${DEFAULT-VALUE}).")
        Duration ttl;

        @Override
        public Integer call() {
            String sub =
                    switch (role) {
                        case DEVICE -> {
                            if (device == null || device.isBlank()) {
                                throw new ParameterException(spec.commandLine(), "--role device needs --device <id>");
                            }
                            yield device;
                        }
                        case ADMIN -> orDefault("dev-admin");
                        case CONNECTOR -> orDefault("dev-connector");
                    };
            if (role != Role.DEVICE && device != null) {
                throw new ParameterException(spec.commandLine(), "--device only applies to --role device");
            }
            if (role == Role.DEVICE && subject != null) {
                throw new ParameterException(spec.commandLine(), "a device token's subject is its --device id");
            }
            String group = role.name().toLowerCase(Locale.ROOT);
            String token = DevJwt.open(jwtDir).token(tenant, Set.of(group), sub, ttl, audience);
            spec.commandLine().getOut().println(token);
            spec.commandLine().getOut().flush();
            return 0;
        }

        private String orDefault(String fallback) {
            return subject == null || subject.isBlank() ? fallback : subject;
        }
    }

    /** Accepts the short forms people type ({@code 8h}) as well as ISO-8601 ({@code PT8H}). */
    static final class DurationConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");

        @Override
        public Duration convert(String value) {
            Matcher matcher = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            try {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("not a duration: " + value + " (try 8h, 30m, PT8H)");
            }
        }
    }
}
