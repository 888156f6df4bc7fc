package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis is only a fast path: with Redis unreachable every request is still issued, and exactly once. */
@QuarkusTest
@TestProfile(RedisUnavailableTest.RedisUnreachable.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class RedisUnavailableTest {

    /** Points the Redis client at a port nothing listens on. */
    public static class RedisUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + closedPort());
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @InjectKafka
    String bootstrapServers;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void requestsAreIssuedExactlyOnceFromTheDatabaseAlone() {
        TopicRecorder topics = TopicRecorder.forBroker(bootstrapServers);
        IssuanceTables tables = new IssuanceTables(dataSource);
        String requestId = Requests.newRequestId();
        CertificateRequested request = Requests.request(requestId);
        double fallbacksBefore =
                registry.counter("pkcs.issuance.redis.fallbacks").count();
        double deduplicatedBefore =
                registry.counter("pkcs.issuance.deduplicated").count();

        try (Requests requests = new Requests(bootstrapServers)) {
            requests.send(request);
            requests.send(request);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !topics.issued(requestId).isEmpty()
                            && registry.counter("pkcs.issuance.deduplicated").count() >= deduplicatedBefore + 1);
            requests.send(request);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.counter("pkcs.issuance.deduplicated").count() >= deduplicatedBefore + 2);
        }

        List<CertificateIssued> published = topics.issued(requestId);
        assertThat(published).isNotEmpty();
        assertThat(published)
                .extracting(CertificateIssued::serialNumber)
                .containsOnly(published.get(0).serialNumber());
        assertThat(tables.requests(requestId)).singleElement().satisfies(row -> assertThat(row.get("status"))
                .isEqualTo("issued"));
        assertThat(tables.serials(requestId)).singleElement().satisfies(serial -> assertThat(serial.get("status"))
                .isEqualTo("issued"));
        assertThat(registry.counter("pkcs.issuance.redis.fallbacks").count()).isGreaterThan(fallbacksBefore);
    }
}
