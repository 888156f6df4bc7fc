package io.pkcsconnector.testresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.EventSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The tests' own Kafka clients: events published as other services would, and what the service under test published. */
public final class TestTopics {

    private TestTopics() {}

    /** Publishes {@code event} on its contract topic, keyed as the contract says, and waits for the broker's ack. */
    public static RecordMetadata produce(String bootstrapServers, PkiEvent event) {
        try (KafkaProducer<String, PkiEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new EventSerializer<>())) {
            String topic = Topics.forEvent(event.getClass()).name();
            return producer.send(new ProducerRecord<>(topic, event.partitionKey(), event))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "could not publish " + event.getClass().getSimpleName(), e);
        }
    }

    /** The records of {@code topic} that match, asserting that exactly {@code expected} arrive (no duplicate). */
    public static <T extends PkiEvent> List<T> consume(
            String bootstrapServers,
            String topic,
            Deserializer<T> deserializer,
            Predicate<T> match,
            int expected,
            Duration wait) {
        List<T> seen = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                deserializer)) {
            consumer.subscribe(List.of(topic));
            await().atMost(wait).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && match.test(r.value())) {
                        seen.add(r.value());
                    }
                });
                return seen.size() >= expected;
            });
            // Give a duplicate the chance to show up before asserting there is none.
            consumer.poll(Duration.ofMillis(1500)).forEach(r -> {
                if (r.value() != null && match.test(r.value())) {
                    seen.add(r.value());
                }
            });
        }
        assertThat(seen).hasSize(expected);
        return seen;
    }
}
