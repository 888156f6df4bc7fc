package io.pkcsconnector.localinfra;

import java.util.Map;
import java.util.Objects;

/**
 * A topic as the local broker should have it.
 *
 * @param name topic name, e.g. {@code pki.cert-requested.v1}
 * @param partitions partition count; an existing topic with fewer partitions is grown to this
 * @param configs topic-level configs such as {@code cleanup.policy} and {@code retention.ms}
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
        }
        configs = Map.copyOf(configs == null ? Map.of() : configs);
    }

    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of());
    }
}
