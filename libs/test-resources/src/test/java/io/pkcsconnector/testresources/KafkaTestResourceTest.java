package io.pkcsconnector.testresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.localinfra.ContractTopics;
import io.pkcsconnector.localinfra.TopicSpec;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class KafkaTestResourceTest {

    static class SomeTest {
        @InjectKafka
        String bootstrapServers;

        String unrelated;
    }

    @Test
    void startsABrokerWithTheContractTopicsAndStopsIt() throws Exception {
        KafkaTestResource resource = new KafkaTestResource();
        Map<String, String> config = resource.start();
        String servers;
        try {
            servers = config.get("kafka.bootstrap.servers");
            assertThat(servers).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(config).containsEntry("quarkus.log.category.\"kafka\".level", "WARN");
            assertThat(KafkaTestResource.bootstrapServers()).isEqualTo(servers);

            List<TopicSpec> catalog = ContractTopics.all();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                Map<String, TopicDescription> topics = admin.describeTopics(
                                catalog.stream().map(TopicSpec::name).toList())
                        .allTopicNames()
                        .get();
                catalog.forEach(topic -> assertThat(topics.get(topic.name()).partitions())
                        .as(topic.name())
                        .hasSize(topic.partitions()));
                assertThat(topics).hasSize(Topics.all().size());
                assertThat(topics.get("pki.cert-requested.v1").partitions()).hasSize(100);
            }

            SomeTest test = new SomeTest();
            resource.inject(reflectiveInjector(test));
            assertThat(test.bootstrapServers).isEqualTo(servers);
            assertThat(test.unrelated).isNull();
        } finally {
            resource.stop();
        }

        assertThat(io.pkcsconnector.localinfra.Ports.accepts(Integer.parseInt(servers.split(":")[1])))
                .isFalse();
        assertThatThrownBy(KafkaTestResource::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }

    /** What Quarkus does for a test instance, reduced to the contract of TestInjector. */
    static TestInjector reflectiveInjector(Object testInstance) {
        return (Object value, Predicate<Field> predicate) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    field.setAccessible(true);
                    try {
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }
}
