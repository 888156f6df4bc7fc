package io.pkcsconnector.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka, PostgreSQL, Redis and the dev JWT issuer together, as {@code local-infra up} runs them. */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]*");

    private final LocalKafka kafka;
    private final LocalPostgres postgres;
    private final LocalRedis redis;
    private final DevJwt jwt;
    private final String database;
    private final Deque<AutoCloseable> started;

    /**
     * @param dataDir Kafka data goes to {@code kafka/}, an embedded PostgreSQL's to {@code postgres/}
     * @param kafkaPort 0 for a free port, as for every port here
     * @param kafkaControllerPort KRaft controller port, internal to the broker
     * @param postgresPort probed first; an embedded server takes it when nothing answers
     * @param redisPort probed first; an embedded server takes it when nothing answers
     * @param database created in PostgreSQL when missing
     * @param jwtDir the dev JWT key pair
     */
    public record Options(
            Path dataDir,
            int kafkaPort,
            int kafkaControllerPort,
            int postgresPort,
            int redisPort,
            String database,
            Path jwtDir) {}

    private LocalStack(
            LocalKafka kafka,
            LocalPostgres postgres,
            LocalRedis redis,
            DevJwt jwt,
            String database,
            Deque<AutoCloseable> started) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
        this.jwt = jwt;
        this.database = database;
        this.started = started;
    }

    /** Starts everything, or nothing: on failure whatever did start is stopped again. */
    public static LocalStack start(Options options, Collection<TopicSpec> topics) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            DevJwt jwt = DevJwt.open(options.jwtDir());
            LocalKafka kafka = LocalKafka.start(
                    options.dataDir().resolve("kafka"), options.kafkaPort(), options.kafkaControllerPort());
            started.push(kafka);
            kafka.createTopics(topics);
            LocalPostgres postgres = LocalPostgres.ensure(LocalPostgres.Options.forStack(
                    options.postgresPort(), options.dataDir().resolve("postgres")));
            started.push(postgres);
            postgres.createDatabaseIfMissing(options.database());
            LocalRedis redis = LocalRedis.ensure(options.redisPort());
            started.push(redis);
            return new LocalStack(kafka, postgres, redis, jwt, options.database(), started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** The environment variables, as Quarkus reads them, that point a service at this stack. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("QUARKUS_REDIS_HOSTS", redis.hosts());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwt.publicKeyLocation());
        env.put("MP_JWT_VERIFY_ISSUER", jwt.issuer());
        return env;
    }

    /**
     * Writes {@link #environment()} as {@code NAME=value} lines that both {@code set -a; . file} and
     * env-file readers accept. Written atomically, so a reader never sees half a file.
     */
    public void writeEnvFile(Path file) {
        StringBuilder content = new StringBuilder("# written by local-infra up; removed when it stops\n");
        environment()
                .forEach((name, value) ->
                        content.append(name).append('=').append(quote(value)).append('\n'));
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static String quote(String value) {
        if (PLAIN_VALUE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalRedis redis() {
        return redis;
    }

    public DevJwt jwt() {
        return jwt;
    }

    public String database() {
        return database;
    }

    /** Stops what this stack started, newest first; servers it found running are left alone. */
    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        synchronized (started) {
            while (!started.isEmpty()) {
                AutoCloseable resource = started.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Stopping {} failed", resource, e);
                }
            }
        }
    }
}
