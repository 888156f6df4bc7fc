package io.pkcsconnector.notifier;

import static org.awaitility.Awaitility.await;

import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.EventSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients on the test broker, standing in for the services around the notifier. */
final class TestKafka implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, PkiEvent> events;
    private final KafkaProducer<String, byte[]> raw;

    TestKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all");
        this.events = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer<>());
        this.raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes {@code event} on its topic, keyed as the contract says, and waits for the broker. */
    void send(PkiEvent event) {
        waitFor(events.send(
                new ProducerRecord<>(Topics.forEvent(event.getClass()).name(), event.partitionKey(), event)));
    }

    /** Publishes bytes that need not be an event at all: a poison record. */
    void sendRaw(String topic, String key, byte[] value) {
        waitFor(raw.send(new ProducerRecord<>(topic, key, value)));
    }

    /**
     * Reads {@code topic} from the beginning, in a fresh consumer group, until {@code done} holds for what
     * matched {@code filter}.
     */
    <T> List<ConsumerRecord<String, T>> readUntil(
            String topic,
            Deserializer<T> deserializer,
            Predicate<ConsumerRecord<String, T>> filter,
            Predicate<List<ConsumerRecord<String, T>>> done) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "notifier-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        List<ConsumerRecord<String, T>> seen = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(config, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        seen.add(record);
                    }
                }
                return done.test(seen);
            });
        }
        return seen;
    }

    private static void waitFor(Future<?> send) {
        try {
            send.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        events.close();
        raw.close();
    }
}
