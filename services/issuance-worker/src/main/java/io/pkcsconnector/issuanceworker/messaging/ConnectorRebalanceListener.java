package io.pkcsconnector.issuanceworker.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.issuanceworker.ConnectorIdentity;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Tells {@link ConnectorIdentity} which of this process's connector instances (consumers) owns which partition of
 * the request topic, so that every issued event names the instance that answered it.
 */
@ApplicationScoped
@Identifier("connector-instances")
public class ConnectorRebalanceListener implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(ConnectorRebalanceListener.class);

    private final ConnectorIdentity identity;

    ConnectorRebalanceListener(ConnectorIdentity identity, MeterRegistry registry) {
        this.identity = identity;
        Gauge.builder("pkcs.connector.partitions.owned", identity, ConnectorIdentity::ownedPartitions)
                .description("Partitions of the request topic owned by this process's connector instances")
                .register(registry);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        identity.assigned(consumer, partitions);
        LOG.debugf("Assigned %s", partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        identity.revoked(consumer, partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        identity.revoked(consumer, partitions);
    }
}
