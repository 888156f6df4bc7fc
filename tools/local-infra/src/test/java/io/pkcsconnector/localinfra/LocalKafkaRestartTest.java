package io.pkcsconnector.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsTopicsAndRecordsAcrossRestartsOnTheSameDataDir() throws Exception {
        String metaBefore;
        try (LocalKafka first = LocalKafka.start(dataDir, 0, 0)) {
            first.createTopics(List.of(TopicSpec.of("test.durable", 4)));
            LocalKafkaTest.produce(first, "test.durable", "k", "survives restarts");
            metaBefore = Files.readString(dataDir.resolve("logs/meta.properties"));
        }

        // New ports on purpose: the stack may come back with another controller port.
        try (LocalKafka second = LocalKafka.start(dataDir, 0, 0)) {
            assertThat(Files.readString(dataDir.resolve("logs/meta.properties")))
                    .as("not re-formatted")
                    .isEqualTo(metaBefore);
            try (Admin admin = second.admin()) {
                assertThat(admin.listTopics().names().get()).contains("test.durable");
                assertThat(admin.describeTopics(List.of("test.durable"))
                                .allTopicNames()
                                .get()
                                .get("test.durable")
                                .partitions())
                        .hasSize(4);
            }
            assertThat(LocalKafkaTest.consumeAll(second, "test.durable", 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("survives restarts");
        }
    }

    @Test
    void aFailedStartLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> LocalKafka.start(dataDir, taken.getLocalPort(), 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
        try (LocalKafka again = LocalKafka.start(dataDir, 0, 0)) {
            assertThat(Ports.accepts(again.port())).isTrue();
        }
    }

    @Test
    void aDataDirInUseIsRefused() {
        try (LocalKafka running = LocalKafka.start(dataDir, 0, 0)) {
            assertThatThrownBy(() -> LocalKafka.start(dataDir, 0, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dataDir.toString());
            assertThat(Ports.accepts(running.port())).isTrue();
        }
    }
}
