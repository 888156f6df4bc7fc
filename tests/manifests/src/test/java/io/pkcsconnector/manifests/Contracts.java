package io.pkcsconnector.manifests;

import io.pkcsconnector.contracts.Topic;
import io.pkcsconnector.contracts.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The topic catalogue of libs/contracts, as the KafkaTopic manifests must reproduce it. */
final class Contracts {

    record TopicSpec(String name, int partitions, String cleanupPolicy, long retentionMs) {}

    private Contracts() {}

    /**
     * {@link Topics#all()}, plus every public static {@link Topic} constant of {@link Topics} (found by reflection),
     * so that a constant someone forgot to add to all() still needs its KafkaTopic.
     */
    static List<TopicSpec> topics() {
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        for (Topic topic : Topics.all()) {
            topics.put(topic.name(), spec(topic));
        }
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Topic.class) {
                try {
                    Topic topic = (Topic) field.get(null);
                    topics.putIfAbsent(topic.name(), spec(topic));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(topics.values());
    }

    /** The certificate request topic, whose partitions bound the issuance-worker's replicas. */
    static TopicSpec requestTopic() {
        return spec(Topics.CERT_REQUESTED);
    }

    private static TopicSpec spec(Topic topic) {
        return new TopicSpec(
                topic.name(), topic.partitions(), topic.cleanupPolicy().configValue(), topic.retentionMs());
    }
}
