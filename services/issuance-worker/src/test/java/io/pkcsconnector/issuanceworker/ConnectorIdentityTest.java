package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConnectorIdentityTest {

    static final String TOPIC = "pki.cert-requested.v1";

    static ConnectorIdentity identity(int instances) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IssuanceConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("pkcs.issuance.ca.keystore-password", "unused")
                .withDefaultValue("pkcs.issuance.connector.instance-id", "pod-7")
                .withDefaultValue("pkcs.issuance.connector.instances", String.valueOf(instances))
                .build();
        return new ConnectorIdentity(config.getConfigMapping(IssuanceConfig.class), "1.2.3");
    }

    @Test
    void oneInstanceIsTheProcessItself() {
        ConnectorIdentity identity = identity(1);
        assertThat(identity.connectorId()).isEqualTo("pkcs-connector-pod-7");
        assertThat(identity.instances())
                .extracting(ConnectorInstance::connectorId)
                .containsExactly("pkcs-connector-pod-7");
    }

    @Test
    void eachConsumerAnswersForThePartitionsItOwnsUnderItsOwnId() {
        ConnectorIdentity identity = identity(3);
        assertThat(identity.instances())
                .extracting(ConnectorInstance::connectorId)
                .containsExactly("pkcs-connector-pod-7-00", "pkcs-connector-pod-7-01", "pkcs-connector-pod-7-02");
        Object first = new Object();
        Object second = new Object();
        identity.assigned(first, List.of(new TopicPartition(TOPIC, 4), new TopicPartition(TOPIC, 9)));
        identity.assigned(second, List.of(new TopicPartition(TOPIC, 5)));
        assertThat(identity.instanceFor(4).connectorId()).isEqualTo("pkcs-connector-pod-7-00");
        assertThat(identity.instanceFor(5).connectorId()).isEqualTo("pkcs-connector-pod-7-01");
        assertThat(identity.ownedPartitions()).isEqualTo(3);

        // A rebalance moves partition 9 to the second consumer; the first's late revocation must not undo that.
        identity.assigned(second, List.of(new TopicPartition(TOPIC, 9)));
        identity.revoked(first, List.of(new TopicPartition(TOPIC, 9)));
        assertThat(identity.instanceFor(9).connectorId()).isEqualTo("pkcs-connector-pod-7-01");
        identity.revoked(first, List.of(new TopicPartition(TOPIC, 4)));
        assertThat(identity.ownedPartitions()).isEqualTo(2);
        // A record that raced the rebalance is still answered, by the first instance.
        assertThat(identity.instanceFor(4).connectorId()).isEqualTo("pkcs-connector-pod-7-00");
    }

    @Test
    void moreInstancesThanPartitionsAreRefused() {
        assertThatThrownBy(() -> identity(101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> identity(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
