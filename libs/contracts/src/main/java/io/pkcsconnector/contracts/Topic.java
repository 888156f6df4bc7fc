package io.pkcsconnector.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kafka topic as the contracts define it. The local broker and the Kubernetes KafkaTopic manifests are made
 * from these values, so a partition count or retention is changed here and nowhere else.
 *
 * @param name the topic name; it carries the major version ({@code .v1}), and a dead-letter topic adds
 *     {@code .dlq}
 * @param partitions how many consumers of one group can work in parallel
 * @param cleanupPolicy {@code compact} for topics that hold the latest state per key
 * @param retentionMs how long records are kept, or {@link #RETAIN_FOREVER}
 * @param keyField the event field whose value is the record key ({@link PkiEvent#partitionKey()}); a dead-letter
 *     topic keeps the key of the record it received
 * @param eventType the event the topic carries, or null for a dead-letter topic, whose records are the original
 *     bytes of messages that could not be processed
 */
public record Topic(
        String name,
        int partitions,
        CleanupPolicy cleanupPolicy,
        long retentionMs,
        String keyField,
        Class<? extends PkiEvent> eventType) {

    public static final long RETAIN_FOREVER = -1;

    private static final String DEAD_LETTER_SUFFIX = ".dlq";
    private static final Pattern NAME = Pattern.compile("pki\\.[a-z][a-z0-9-]*\\.v([1-9][0-9]*)(\\.dlq)?");

    public enum CleanupPolicy {
        DELETE("delete"),
        COMPACT("compact");

        private final String configValue;

        CleanupPolicy(String configValue) {
            this.configValue = configValue;
        }

        /** The value of the {@code cleanup.policy} topic config. */
        public String configValue() {
            return configValue;
        }
    }

    public Topic {
        Checks.text(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "topic name '" + name + "' must look like pki.<event>.v<major>, with .dlq for dead letters");
        }
        Checks.positive(partitions, "partitions of " + name);
        Checks.present(cleanupPolicy, "cleanupPolicy of " + name);
        if (retentionMs != RETAIN_FOREVER && retentionMs < 1) {
            throw new IllegalArgumentException(
                    "retentionMs of " + name + " must be positive or -1, got " + retentionMs);
        }
        Checks.text(keyField, "keyField of " + name);
        boolean deadLetter = name.endsWith(DEAD_LETTER_SUFFIX);
        if (deadLetter && eventType != null) {
            throw new IllegalArgumentException(name + " is a dead-letter topic and carries raw bytes, not an event");
        }
        if (!deadLetter && eventType == null) {
            throw new IllegalArgumentException(name + " must name the event it carries");
        }
    }

    public static Topic events(
            String name,
            int partitions,
            CleanupPolicy cleanupPolicy,
            long retentionMs,
            String keyField,
            Class<? extends PkiEvent> eventType) {
        return new Topic(name, partitions, cleanupPolicy, retentionMs, keyField, eventType);
    }

    /** The topic a consumer of {@code source} parks messages on that it cannot process. */
    public static Topic deadLetter(Topic source, int partitions, long retentionMs) {
        if (source.isDeadLetter()) {
            throw new IllegalArgumentException(source.name() + " is already a dead-letter topic");
        }
        return new Topic(
                source.name() + DEAD_LETTER_SUFFIX,
                partitions,
                CleanupPolicy.DELETE,
                retentionMs,
                source.keyField(),
                null);
    }

    public boolean isDeadLetter() {
        return eventType == null;
    }

    public int majorVersion() {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalStateException("unreachable: the constructor checked " + name);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The topic-level configs to create the topic with, as Kafka and Strimzi name them. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", cleanupPolicy.configValue());
        configs.put("retention.ms", Long.toString(retentionMs));
        return Collections.unmodifiableMap(configs);
    }

    @Override
    public String toString() {
        return name;
    }
}
