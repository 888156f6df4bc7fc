package io.pkcsconnector.localinfra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM.
 *
 * <p>The data directory survives {@link #close()}: starting again on the same directory keeps topics
 * and records, which is what the local stack relies on across {@code ./stack down} / {@code up}.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private boolean closed;

    private LocalKafka(KafkaRaftServer server, Path dataDir, int port, int controllerPort) {
        this.server = server;
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @param dataDir where the broker keeps its logs and metadata; formatted on first use only
     * @param port client (PLAINTEXT) port on 127.0.0.1, 0 for a free one
     * @param controllerPort KRaft controller port on 127.0.0.1, 0 for a free one
     */
    public static LocalKafka start(Path dataDir, int port, int controllerPort) {
        long startedAt = System.nanoTime();
        int brokerPort = Ports.orFree(port);
        int quorumPort = Ports.orFree(controllerPort);
        while (quorumPort == brokerPort) {
            quorumPort = Ports.freePort();
        }
        Path absoluteDir = dataDir.toAbsolutePath().normalize();
        Path logDir = absoluteDir.resolve("logs");
        Properties props = serverProperties(logDir, brokerPort, quorumPort);
        try {
            Files.createDirectories(logDir);
            Path configFile = absoluteDir.resolve("server.properties");
            writeProperties(props, configFile);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(configFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + absoluteDir, e);
        }

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            // A half-started server leaves non-daemon threads behind that keep the JVM alive.
            shutdownQuietly(server);
            // The cause says why: a port in use, or the log directory locked by another broker.
            throw new IllegalStateException(
                    "Kafka did not start on 127.0.0.1:" + brokerPort + " (controller " + quorumPort + ") with data in "
                            + absoluteDir + ": " + e.getMessage(),
                    e);
        }
        LOG.info(
                "Kafka started on 127.0.0.1:{} (controller {}) with data in {} in {} ms",
                brokerPort,
                quorumPort,
                absoluteDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return new LocalKafka(server, absoluteDir, brokerPort, quorumPort);
    }

    static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("log.dirs", logDir.toString());
        // One node: every replication factor and min ISR must be 1 or internal topics never come up.
        settings.put("num.partitions", "1");
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("offsets.topic.replication.factor", "1");
        // The defaults (50) make the first consumer group and first transaction wait for 50 partitions.
        settings.put("offsets.topic.num.partitions", "10");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "10");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers in tests join one by one; the default 3 s delay only slows the first assignment.
        settings.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MB dedupe buffer OOMs small heaps, and Kafka then halts the whole JVM.
        settings.put("log.cleaner.dedupe.buffer.size", "8388608");
        // A local broker serves a handful of clients; the defaults size for production load.
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");
        Properties props = new Properties();
        props.putAll(settings);
        return props;
    }

    private static void writeProperties(Properties props, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "written by local-infra on every start; edits are overwritten");
        }
    }

    private static void format(Path configFile) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        // Static voters (controller.quorum.voters) means no --standalone; execute() rather than
        // main(), which ends in System.exit.
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", configFile.toString()}, printStream);
        }
        String printed = output.toString(StandardCharsets.UTF_8).strip();
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (" + exitCode + "): " + printed);
        }
        LOG.info("Formatted Kafka storage with cluster id {}: {}", clusterId, printed);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates the topics that do not exist yet and grows those with fewer partitions than asked;
     * configs of existing topics are left alone. Returns once every partition has a leader, so
     * producers and consumers can use the topics straight away.
     */
    public void createTopics(Collection<TopicSpec> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long startedAt = System.nanoTime();
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (TopicSpec topic : topics) {
            TopicSpec previous = byName.put(topic.name(), topic);
            if (previous != null && !previous.equals(topic)) {
                throw new IllegalArgumentException("topic " + topic.name() + " is specified twice, differently");
            }
        }
        try (Admin admin = admin()) {
            Set<String> existing = await(admin.listTopics().names());
            List<NewTopic> missing = byName.values().stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.configs()))
                    .toList();
            int created = create(admin, missing);
            int grown = growPartitions(admin, byName, existing);
            awaitLeaders(admin, byName);
            LOG.info(
                    "Topics ready: {} created, {} grown, {} total, in {} ms",
                    created,
                    grown,
                    byName.size(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        }
    }

    private static int create(Admin admin, List<NewTopic> missing) {
        int created = 0;
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                await(entry.getValue());
                created++;
            } catch (IllegalStateException e) {
                // Someone else created it between listing and creating: fine, it exists.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    private static int growPartitions(Admin admin, Map<String, TopicSpec> wanted, Set<String> existing) {
        List<String> names = wanted.keySet().stream().filter(existing::contains).toList();
        if (names.isEmpty()) {
            return 0;
        }
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(names).allTopicNames());
        Map<String, NewPartitions> increases = new HashMap<>();
        for (TopicDescription description : descriptions.values()) {
            int want = wanted.get(description.name()).partitions();
            if (description.partitions().size() < want) {
                increases.put(description.name(), NewPartitions.increaseTo(want));
            }
        }
        if (!increases.isEmpty()) {
            await(admin.createPartitions(increases).all());
        }
        return increases.size();
    }

    private static void awaitLeaders(Admin admin, Map<String, TopicSpec> wanted) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            List<String> notReady = topicsWithoutLeaders(admin, wanted);
            if (notReady.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topics without partition leaders after " + ADMIN_TIMEOUT + ": " + notReady);
            }
            try {
                // The broker learns of new partitions from the metadata log a moment after the
                // controller confirms them, and no admin call blocks until then: poll.
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for partition leaders", e);
            }
        }
    }

    private static List<String> topicsWithoutLeaders(Admin admin, Map<String, TopicSpec> wanted) {
        List<String> notReady = new ArrayList<>();
        for (var entry : admin.describeTopics(wanted.keySet()).topicNameValues().entrySet()) {
            TopicDescription description;
            try {
                description = await(entry.getValue());
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    notReady.add(entry.getKey());
                    continue;
                }
                throw e;
            }
            if (description.partitions().size() < wanted.get(entry.getKey()).partitions()
                    || description.partitions().stream().anyMatch(LocalKafka::leaderless)) {
                notReady.add(entry.getKey());
            }
        }
        return notReady;
    }

    private static boolean leaderless(TopicPartitionInfo partition) {
        return partition.leader() == null || partition.leader().isEmpty();
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) ADMIN_TIMEOUT.toMillis()));
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call timed out after " + ADMIN_TIMEOUT, e);
        }
    }

    /** Stops the broker; the data directory is kept. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startedAt = System.nanoTime();
        shutdownQuietly(server);
        LOG.info(
                "Kafka on 127.0.0.1:{} stopped in {} ms",
                port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka shutdown failed", e);
        }
    }
}
