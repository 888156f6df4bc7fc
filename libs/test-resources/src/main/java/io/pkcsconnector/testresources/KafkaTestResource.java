package io.pkcsconnector.testresources;

import io.pkcsconnector.localinfra.ContractTopics;
import io.pkcsconnector.localinfra.Dirs;
import io.pkcsconnector.localinfra.LocalKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Kafka broker (KRaft, in this JVM, random ports, throw-away data) with every contract topic,
 * for {@code @WithTestResource(KafkaTestResource.class)} / {@code @QuarkusTestResource}.
 *
 * <p>Config returned: {@code kafka.bootstrap.servers}, plus WARN levels for the broker's log
 * categories and Kafka's INFO-level config and version dumps, which would otherwise drown the test
 * output; client warnings and errors still show.
 * Tests reach the broker through an {@link InjectKafka} field or {@link #bootstrapServers()}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * System property carrying the bootstrap servers: the test class and this resource may be
     * loaded by different class loaders, so a static field would not be shared.
     */
    public static final String BOOTSTRAP_SERVERS_PROPERTY = "pkcs.test.kafka.bootstrap-servers";

    /** The broker's own categories, and the few shared ones that print whole configs at INFO. */
    static final List<String> QUIET_LOG_CATEGORIES = List.of(
            "kafka",
            "org.apache.kafka.common.config.AbstractConfig",
            "org.apache.kafka.common.metrics.Metrics",
            "org.apache.kafka.common.utils.AppInfoParser",
            "state.change.logger",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage");

    private Path dataDir;
    private LocalKafka kafka;

    @Override
    public Map<String, String> start() {
        BrokerLogging.quieten(QUIET_LOG_CATEGORIES);
        dataDir = Dirs.createTemp("kafka-test-");
        try {
            kafka = LocalKafka.start(dataDir, 0, 0);
            kafka.createTopics(ContractTopics.all());
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
        System.setProperty(BOOTSTRAP_SERVERS_PROPERTY, kafka.bootstrapServers());
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        for (String category : QUIET_LOG_CATEGORIES) {
            config.put("quarkus.log.category.\"" + category + "\".level", "WARN");
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                kafka.bootstrapServers(), new TestInjector.AnnotatedAndMatchesType(InjectKafka.class, String.class));
    }

    @Override
    public void stop() {
        System.clearProperty(BOOTSTRAP_SERVERS_PROPERTY);
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            kafka = null;
            Dirs.deleteRecursively(dataDir);
            dataDir = null;
        }
    }

    /** The running broker's {@code bootstrap.servers}, from any class loader in this JVM. */
    public static String bootstrapServers() {
        String servers = System.getProperty(BOOTSTRAP_SERVERS_PROPERTY);
        if (servers == null) {
            throw new IllegalStateException(
                    "no Kafka test broker is running: add @WithTestResource(KafkaTestResource.class)");
        }
        return servers;
    }
}
