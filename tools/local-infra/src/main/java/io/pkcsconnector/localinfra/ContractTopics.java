package io.pkcsconnector.localinfra;

import io.pkcsconnector.contracts.Topic;
import io.pkcsconnector.contracts.Topics;
import java.util.List;

/** The contracts' topic catalog as the local broker creates it. */
public final class ContractTopics {

    private ContractTopics() {}

    /** Every topic of {@link Topics#all()}, with its partitions, cleanup policy and retention. */
    public static List<TopicSpec> all() {
        return Topics.all().stream().map(ContractTopics::spec).toList();
    }

    public static TopicSpec spec(Topic topic) {
        return new TopicSpec(topic.name(), topic.partitions(), topic.configs());
    }
}
