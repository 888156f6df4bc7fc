package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.ConnectorHeartbeat;
import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything the worker writes, read from the beginning of its output topics by one plain consumer on a background
 * thread (all partitions assigned, no group), so each test looks its events up by request id instead of starting a
 * consumer group of its own. One per broker: a new test profile starts a new broker.
 */
final class TopicRecorder implements AutoCloseable {

    /** A consumed record and when this JVM saw it. */
    record Seen(ConsumerRecord<String, byte[]> record, long seenAtNanos) {}

    private static TopicRecorder current;

    private final String bootstrapServers;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    private TopicRecorder(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "test-recorder-" + UUID.randomUUID(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // Keep a fetch waiting at the broker, which answers it as soon as a record arrives.
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        1000,
                        // Outlives its broker by a moment when a test profile restarts everything: little noise.
                        ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                        10_000),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(
                Topics.CERT_ISSUED.name(),
                Topics.CERT_FAILED.name(),
                Topics.CERT_REQUESTED_DLQ.name(),
                Topics.CONNECTOR_HEARTBEAT.name())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "test-topic-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    static synchronized TopicRecorder forBroker(String bootstrapServers) {
        if (current == null || !current.bootstrapServers.equals(bootstrapServers)) {
            if (current != null) {
                current.close();
            }
            current = new TopicRecorder(bootstrapServers);
        }
        return current;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                records.forEach(record -> seen.add(new Seen(record, now)));
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    List<Seen> on(String topic, String key) {
        return seen.stream()
                .filter(s -> s.record().topic().equals(topic)
                        && key.equals(s.record().key()))
                .toList();
    }

    List<CertificateIssued> issued(String requestId) {
        return on(Topics.CERT_ISSUED.name(), requestId).stream()
                .map(s -> EventJson.fromBytes(s.record().value(), CertificateIssued.class))
                .toList();
    }

    List<CertificateIssuanceFailed> failed(String requestId) {
        return on(Topics.CERT_FAILED.name(), requestId).stream()
                .map(s -> EventJson.fromBytes(s.record().value(), CertificateIssuanceFailed.class))
                .toList();
    }

    List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        return on(Topics.CERT_REQUESTED_DLQ.name(), key).stream()
                .map(Seen::record)
                .toList();
    }

    List<ConnectorHeartbeat> heartbeats(String connectorId) {
        return on(Topics.CONNECTOR_HEARTBEAT.name(), connectorId).stream()
                .map(s -> EventJson.fromBytes(s.record().value(), ConnectorHeartbeat.class))
                .toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
