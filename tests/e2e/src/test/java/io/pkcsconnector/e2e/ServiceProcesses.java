package io.pkcsconnector.e2e;

import static org.awaitility.Awaitility.await;

import io.pkcsconnector.localinfra.ContractTopics;
import io.pkcsconnector.localinfra.DevJwt;
import io.pkcsconnector.localinfra.LocalKafka;
import io.pkcsconnector.localinfra.LocalPostgres;
import io.pkcsconnector.localinfra.LocalRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged services ({@code target/quarkus-app/quarkus-run.jar}) as separate JVMs against a real KRaft
 * broker, PostgreSQL (a fresh database) and Redis: the same shape as production, so crashes can be real
 * SIGKILLs. Logs go to {@code target/e2e-logs/}.
 */
final class ServiceProcesses implements AutoCloseable {

    /** A throw-away key-encryption key for pfx-import: 32 random bytes per test run. */
    private static final String PFX_IMPORT_KEK = randomKek();

    static final List<String> SERVICES =
            List.of("request-intake", "issuance-worker", "revocation-worker", "pfx-import", "notifier");

    private final Path root = Path.of(System.getProperty("pkcs.project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private final Path work;
    private final Path logs;
    private final LocalKafka kafka;
    private final LocalPostgres postgres;
    private final LocalRedis redis;
    private final DevJwt jwt;
    private final String database =
            "pkcs_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    ServiceProcesses() throws IOException {
        work = Files.createTempDirectory("pkcs-e2e-");
        logs = root.resolve("tests/e2e/target/e2e-logs");
        Files.createDirectories(logs);
        kafka = LocalKafka.start(work.resolve("kafka"), 0, 0);
        kafka.createTopics(ContractTopics.all());
        postgres = LocalPostgres.ensure(LocalPostgres.Options.forTests());
        postgres.createDatabaseIfMissing(database);
        redis = LocalRedis.ensureForTests();
        jwt = DevJwt.open(work.resolve("jwt"));
    }

    void startAll() {
        SERVICES.forEach(this::start);
        SERVICES.forEach(this::awaitReady);
    }

    void start(String service) {
        start(service, service, Map.of());
    }

    /**
     * Starts {@code service} as the process {@code name} (several processes of one service may run, each under
     * its own name, port and log), with {@code extraEnv} on top of the stack's settings.
     */
    void start(String name, String service, Map<String, String> extraEnv) {
        Path jar = root.resolve("services/" + service + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn verify does)");
        }
        ProcessBuilder builder = new ProcessBuilder(
                        javaBin(),
                        "-Xms64m",
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logs.resolve(name + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.computeIfAbsent(name, ignored -> freePort())));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // A SIGKILLed consumer keeps its partitions until its session times out: keep that short here.
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("QUARKUS_REDIS_HOSTS", redis.hosts());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwt.publicKeyLocation());
        env.put("MP_JWT_VERIFY_ISSUER", jwt.issuer());
        env.put(
                "PKCS_ISSUANCE_CA_KEYSTORE_PATH",
                work.resolve("ca/issuing-ca.p12").toString());
        env.put("PKCS_ISSUANCE_CA_KEYSTORE_PASSWORD", "e2e-" + database);
        // The revocation worker signs CRLs and OCSP responses with the same CA (the keystore a Secret shares).
        env.put(
                "PKCS_REVOCATION_CA_KEYSTORE_PATH",
                work.resolve("ca/issuing-ca.p12").toString());
        env.put("PKCS_REVOCATION_CA_KEYSTORE_PASSWORD", "e2e-" + database);
        // pfx-import wraps its import keys under a key-encryption key that every instance shares (a Secret).
        env.put("PKCS_PFX_IMPORT_KEK", PFX_IMPORT_KEK);
        // These tests issue EC keys only: no RSA key pool filling in the background of C1-only JVMs.
        env.put("PKCS_ISSUANCE_KEY_POOL_RSA2048", "0");
        env.put("PKCS_ISSUANCE_KEY_POOL_RSA3072", "0");
        env.putAll(extraEnv);
        try {
            processes.put(name, builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    private static String randomKek() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Waits until the process {@code service} (a service or a named process of one) answers ready. */
    void awaitReady(String service) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Process process = processes.get(service);
                    if (process != null && !process.isAlive()) {
                        throw new IllegalStateException(
                                service + " exited with " + process.exitValue() + "; see " + logs);
                    }
                    try {
                        HttpResponse<Void> response = http.send(
                                HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        return response.statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** SIGKILL: no shutdown hook, no offset commit, no goodbye to the group. */
    void kill(String service) throws InterruptedException {
        Process process = processes.remove(service);
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: Quarkus shuts down gracefully and leaves its consumer group. */
    void stop(String service) throws InterruptedException {
        Process process = processes.remove(service);
        process.destroy();
        process.waitFor();
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    LocalKafka kafka() {
        return kafka;
    }

    String token(String tenant, String role, String subject) {
        return jwt.token(tenant, java.util.Set.of(role), subject, Duration.ofMinutes(30));
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            process.waitFor();
        }
        processes.clear();
        kafka.close();
        postgres.dropDatabase(database);
        postgres.close();
        redis.close();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
