package io.pkcsconnector.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.contracts.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

    @TempDir
    static Path dataDir;

    static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = LocalKafka.start(dataDir, 0, 0);
        kafka.createTopics(ContractTopics.all());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void listensOnLoopbackRandomPorts() {
        assertThat(kafka.port()).isPositive().isNotEqualTo(9092).isNotEqualTo(kafka.controllerPort());
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
    }

    @Test
    void createsEveryCatalogTopicWithItsPartitionsAndConfigs() throws Exception {
        List<TopicSpec> catalog = ContractTopics.all();
        assertThat(catalog).hasSameSizeAs(Topics.all());
        try (Admin admin = kafka.admin()) {
            Map<String, TopicDescription> described = admin.describeTopics(
                            catalog.stream().map(TopicSpec::name).toList())
                    .allTopicNames()
                    .get();
            for (TopicSpec topic : catalog) {
                assertThat(described.get(topic.name()).partitions())
                        .as(topic.name())
                        .hasSize(topic.partitions());
                assertThat(topicConfig(admin, topic.name())).as(topic.name()).containsAllEntriesOf(topic.configs());
            }
            assertThat(described.get("pki.cert-requested.v1").partitions()).hasSize(100);
            assertThat(topicConfig(admin, "pki.cert-requested.v1"))
                    .containsEntry("cleanup.policy", "delete")
                    .containsEntry("retention.ms", "604800000");
            assertThat(topicConfig(admin, Topics.CA_CERTIFICATES.name()))
                    .containsEntry("cleanup.policy", "compact")
                    .containsEntry("retention.ms", "-1");
        }
    }

    @Test
    void catalogTopicsCarryTheContractValues() {
        assertThat(ContractTopics.spec(Topics.DEVICE_ENROLLED))
                .isEqualTo(new TopicSpec(
                        "pki.device-enrolled.v1", 12, Map.of("cleanup.policy", "compact", "retention.ms", "-1")));
    }

    @Test
    void createTopicsIsIdempotentAndGrowsPartitions() throws Exception {
        String name = "test.grow-" + UUID.randomUUID();
        TopicSpec two = new TopicSpec(name, 2, Map.of("cleanup.policy", "compact", "retention.ms", "3600000"));
        kafka.createTopics(List.of(two));
        kafka.createTopics(List.of(two));
        kafka.createTopics(List.of(new TopicSpec(name, 5, Map.of())));
        // Fewer partitions than exist cannot be applied, and must not fail either.
        kafka.createTopics(List.of(TopicSpec.of(name, 1)));

        try (Admin admin = kafka.admin()) {
            TopicDescription description =
                    admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
            assertThat(description.partitions()).hasSize(5);
            assertThat(topicConfig(admin, name))
                    .containsEntry("cleanup.policy", "compact")
                    .containsEntry("retention.ms", "3600000");
        }
    }

    @Test
    void roundTripsARecord() {
        String topic = "test.round-trip-" + UUID.randomUUID();
        kafka.createTopics(List.of(TopicSpec.of(topic, 3)));
        produce(kafka, topic, "key-1", "hello");

        assertThat(consumeAll(kafka, topic, 1))
                .extracting(ConsumerRecord::value)
                .containsExactly("hello");
    }

    static Map<String, String> topicConfig(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
        Map<String, String> values = new java.util.HashMap<>();
        for (ConfigEntry entry : config.entries()) {
            values.put(entry.name(), entry.value());
        }
        return values;
    }

    static void produce(LocalKafka kafka, String topic, String key, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("produce to " + topic + " failed", e);
        }
    }

    static List<ConsumerRecord<String, String>> consumeAll(LocalKafka kafka, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
