package io.pkcsconnector.loadgenerator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The historic reprocessing loop, replayed: every record on {@code pki.cert-requested.v1} up to its current end
 * is produced again (same partition, key, bytes and headers, so the same event and request ids), what a reset of
 * the worker group to the earliest offsets would redeliver; only the copies an earlier storm made are left out. The group's offsets themselves are not
 * moved: Kafka refuses that while the group has members ({@code GroupNotEmptyException}), and the workers stay
 * up because new requests keep coming during the storm.
 */
final class ReplayStorm {

    /**
     * Marks a replayed copy. A later storm skips copies, so repeated runs replay the same history instead of
     * doubling the topic every time; the worker ignores headers it does not know.
     */
    static final String REPLAY_HEADER = "pkcs-load-replay";

    private final String bootstrap;
    private final KafkaRequests producer;
    private final Long limit;
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicLong skippedCopies = new AtomicLong();
    private volatile long startNanos = -1;
    private volatile long producedNanos = -1;
    private volatile long drainedNanos = -1;
    private volatile long recordsOnTopic;
    private volatile Throwable failure;

    ReplayStorm(String bootstrap, KafkaRequests producer, Long limit) {
        this.bootstrap = bootstrap;
        this.producer = producer;
        this.limit = limit;
    }

    /** Starts the replay on its own thread. */
    synchronized void start() {
        if (startNanos >= 0) {
            return;
        }
        startNanos = System.nanoTime();
        Thread thread = new Thread(this::replay, "lg-replay");
        thread.setDaemon(true);
        thread.start();
    }

    private void replay() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "load-generator-replay",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(KafkaRequests.TOPIC, Duration.ofSeconds(15)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            recordsOnTopic = partitions.stream()
                    .mapToLong(p -> end.get(p) - begin.get(p))
                    .sum();
            consumer.seekToBeginning(partitions);
            CompletableFuture<?> last = CompletableFuture.completedFuture(null);
            while (!done(consumer, end) && (limit == null || replayed.get() < limit)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition) || (limit != null && replayed.get() >= limit)) {
                        continue;
                    }
                    if (record.headers().lastHeader(REPLAY_HEADER) != null) {
                        skippedCopies.incrementAndGet();
                        continue;
                    }
                    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
                    headers.add(REPLAY_HEADER, new byte[] {1});
                    last = producer.send(key, record.value(), record.partition(), headers)
                            .whenComplete((ok, error) -> {
                                if (error != null) {
                                    sendErrors.incrementAndGet();
                                }
                            });
                    replayed.incrementAndGet();
                }
            }
            producer.flush();
            last.exceptionally(e -> null).join();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            producedNanos = System.nanoTime();
        }
    }

    private static boolean done(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Checks (every quarter second) whether the worker has drained the replay; true once it has. */
    boolean checkDrained(WorkerMetrics.Samples samples) {
        if (drainedNanos >= 0) {
            return true;
        }
        if (producedNanos < 0) {
            return false;
        }
        long drained = drainedAt(samples, startNanos, producedNanos, replayed.get());
        if (drained < 0) {
            return false;
        }
        drainedNanos = drained;
        return true;
    }

    /**
     * When the worker had answered (deduplicated or dead-lettered) {@code replayed} records since {@code
     * startNanos}: the first sample that shows it, never before the replay was produced; -1 while it has not.
     * Pauses do not count as drained: a worker busy with new requests may not reach the replay for many seconds.
     */
    static long drainedAt(WorkerMetrics.Samples samples, long startNanos, long producedNanos, long replayed) {
        WorkerMetrics.Sample before = samples.atOrBefore(startNanos);
        if (before == null) {
            return -1;
        }
        WorkerMetrics.Sample reached = samples.first(s -> s.nanos() >= startNanos && answered(before, s) >= replayed);
        return reached == null ? -1 : Math.max(reached.nanos(), producedNanos);
    }

    static double answered(WorkerMetrics.Sample before, WorkerMetrics.Sample after) {
        return after.get(WorkerMetrics.DEDUPLICATED)
                - before.get(WorkerMetrics.DEDUPLICATED)
                + after.get(WorkerMetrics.DEAD_LETTERED)
                - before.get(WorkerMetrics.DEAD_LETTERED);
    }

    /** The phase of a new request submitted at {@code nanos}. */
    Phase phaseAt(long nanos) {
        if (startNanos < 0 || nanos < startNanos) {
            return Phase.BEFORE_STORM;
        }
        return drainedNanos < 0 || nanos <= drainedNanos ? Phase.DURING_STORM : Phase.AFTER_STORM;
    }

    boolean started() {
        return startNanos >= 0;
    }

    boolean drained() {
        return drainedNanos >= 0;
    }

    long startNanos() {
        return startNanos;
    }

    long producedNanos() {
        return producedNanos;
    }

    long drainedNanos() {
        return drainedNanos;
    }

    long replayed() {
        return replayed.get();
    }

    long recordsOnTopic() {
        return recordsOnTopic;
    }

    /** Records skipped because an earlier storm had produced them (they carry {@link #REPLAY_HEADER}). */
    long skippedCopies() {
        return skippedCopies.get();
    }

    long sendErrors() {
        return sendErrors.get();
    }

    Throwable failure() {
        return failure;
    }
}
