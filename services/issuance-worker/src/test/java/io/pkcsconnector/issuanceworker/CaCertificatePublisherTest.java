package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.contracts.CaCertificatesPublished;
import io.pkcsconnector.contracts.kafka.CaCertificatesPublishedDeserializer;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class CaCertificatePublisherTest {

    @InjectKafka
    String bootstrapServers;

    @Inject
    IssuingCa ca;

    @TempDir
    Path dir;

    @Test
    void publishesTheChainOnTheCompactedTopicAtStartAndOpenSslVerifiesIt() throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        List<ConsumerRecord<String, CaCertificatesPublished>> seen = new ArrayList<>();
        try (KafkaConsumer<String, CaCertificatesPublished> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new CaCertificatesPublishedDeserializer())) {
            consumer.subscribe(List.of(CaCertificatesPublished.TOPIC.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
        }

        ConsumerRecord<String, CaCertificatesPublished> record = seen.get(0);
        String caId = ca.authority().caId();
        assertThat(record.key()).isEqualTo(caId);
        CaCertificatesPublished event = record.value();
        assertThat(event.caId()).isEqualTo(caId);
        assertThat(event.crlUrl()).endsWith("/v1/crl/" + caId + ".crl");
        assertThat(event.ocspUrl()).endsWith("/v1/ocsp");
        assertThat(event.rootCertificatePem() + event.issuingCertificatePem()).doesNotContain("PRIVATE KEY");

        Path root = Files.writeString(dir.resolve("root.pem"), event.rootCertificatePem());
        Path issuing = Files.writeString(dir.resolve("issuing.pem"), event.issuingCertificatePem());
        Process verify = new ProcessBuilder(
                        "openssl", "verify", "-x509_strict", "-CAfile", root.toString(), issuing.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor()).as(output).isZero();
        assertThat(output).contains("issuing.pem: OK");
    }
}
