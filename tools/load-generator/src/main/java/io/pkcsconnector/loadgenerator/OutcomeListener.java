package io.pkcsconnector.loadgenerator;

import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.CertificateIssuanceFailedDeserializer;
import io.pkcsconnector.contracts.kafka.CertificateIssuedDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the outcomes of the run from Kafka with a plain consumer (no group: every partition assigned, so nothing
 * is shared with, or taken from, the services): {@code pki.cert-issued.v1} and {@code pki.cert-failed.v1} and,
 * for poison, {@code pki.cert-requested.v1.dlq}. Positions are fixed at the end of each partition before the run
 * starts, so only this run's outcomes are seen; for replay-storm {@code pki.cert-issued.v1} is read from the
 * beginning instead, so that a serial issued before the run tells a re-issue from a re-publication.
 */
final class OutcomeListener implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Ledger ledger;
    private final PoisonTracker poison;
    private final Map<TopicPartition, Long> historyEnd = new HashMap<>();
    private final CertificateIssuedDeserializer issuedReader = new CertificateIssuedDeserializer();
    private final CertificateIssuanceFailedDeserializer failedReader = new CertificateIssuanceFailedDeserializer();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long unreadable;
    private long historicEvents;

    OutcomeListener(String bootstrap, Ledger ledger, PoisonTracker poison, boolean issuedHistory) {
        this.ledger = ledger;
        this.poison = poison;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "load-generator-outcomes",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        1000,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        100,
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        15_000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> issued = partitions(Topics.CERT_ISSUED.name());
        List<TopicPartition> all = new ArrayList<>(issued);
        all.addAll(partitions(Topics.CERT_FAILED.name()));
        if (poison != null) {
            all.addAll(partitions(Topics.CERT_REQUESTED_DLQ.name()));
        }
        consumer.assign(all);
        consumer.seekToEnd(all);
        if (issuedHistory) {
            consumer.endOffsets(issued).forEach((partition, end) -> {
                if (end > 0) {
                    historyEnd.put(partition, end);
                }
            });
            consumer.seekToBeginning(issued);
        }
        // seekTo* is lazy: fix every position now, or records produced before the first poll would be skipped.
        all.forEach(consumer::position);
        if (historyEnd.isEmpty()) {
            caughtUp.countDown();
        }
        this.thread = new Thread(this::run, "lg-outcomes");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits until the history of {@code pki.cert-issued.v1} has been read (replay-storm). */
    boolean awaitHistory(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long historicEvents() {
        return historicEvents;
    }

    long unreadable() {
        return unreadable;
    }

    Throwable failure() {
        return failure;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist: is this the stack's Kafka?");
        }
        return infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record, now);
                }
                if (caughtUp.getCount() > 0 && historyRead()) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private boolean historyRead() {
        for (Map.Entry<TopicPartition, Long> end : historyEnd.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record, long now) {
        String topic = record.topic();
        try {
            if (topic.equals(Topics.CERT_ISSUED.name())) {
                CertificateIssued issued = issuedReader.deserialize(topic, record.value());
                if (issued == null) {
                    return;
                }
                Long end = historyEnd.get(new TopicPartition(topic, record.partition()));
                if (end != null && record.offset() < end) {
                    historicEvents++;
                    ledger.historicIssued(issued.requestId(), issued.serialNumber());
                } else if (poison == null || !poison.issued(issued.requestId())) {
                    ledger.issued(issued.requestId(), issued.serialNumber(), now);
                }
            } else if (topic.equals(Topics.CERT_FAILED.name())) {
                CertificateIssuanceFailed failed = failedReader.deserialize(topic, record.value());
                if (failed == null) {
                    return;
                }
                if (poison == null || !poison.failed(failed.requestId(), failed.errorCode(), now)) {
                    ledger.failedEvent(failed.requestId(), failed.errorCode(), now);
                }
            } else if (poison != null) {
                poison.deadLettered(
                        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), now);
            }
        } catch (SerializationException e) {
            unreadable++;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
