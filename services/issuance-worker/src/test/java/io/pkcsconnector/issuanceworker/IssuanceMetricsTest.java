package io.pkcsconnector.issuanceworker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The connector's outcomes are exposed to Prometheus under the names dashboards and alerts use. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class IssuanceMetricsTest {

    @InjectKafka
    String bootstrapServers;

    @Inject
    MeterRegistry registry;

    @Test
    void issuedRefusedAndDeduplicatedRequestsShowInPrometheusMetrics() {
        TopicRecorder topics = TopicRecorder.forBroker(bootstrapServers);
        String issuedId = Requests.newRequestId();
        String refusedId = Requests.newRequestId();
        CertificateRequested issued = Requests.request(issuedId);
        double deduplicatedBefore =
                registry.counter("pkcs.issuance.deduplicated").count();
        try (Requests requests = new Requests(bootstrapServers)) {
            requests.send(issued);
            requests.send(Requests.builder(refusedId).validityDays(1000).build());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !topics.issued(issuedId).isEmpty()
                            && !topics.failed(refusedId).isEmpty());
            requests.send(issued);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registry.counter("pkcs.issuance.deduplicated").count() > deduplicatedBefore);
        }

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(value(metrics, "pkcs_issuance_issued_total")).isPositive();
        assertThat(value(metrics, "pkcs_issuance_failed_total{errorCode=\"templateViolation.validityTooLong\"}"))
                .isPositive();
        assertThat(value(metrics, "pkcs_issuance_deduplicated_total")).isPositive();
        assertThat(value(metrics, "pkcs_issuance_retried_total")).isNotNegative();
        assertThat(value(metrics, "pkcs_issuance_dead_lettered_total")).isNotNegative();
        assertThat(value(metrics, "pkcs_issuance_duration_seconds_count{keyAlgorithm=\"ecP256\"}"))
                .isPositive();
        assertThat(metrics).contains("pkcs_issuance_duration_seconds_bucket{keyAlgorithm=\"ecP256\",le=\"0.1\"}");
        assertThat(metrics).contains("pkcs_issuance_duration_seconds_count{keyAlgorithm=\"rsa4096\"}");
    }

    /** The sample's value; fails if the sample is missing. */
    private static double value(String metrics, String sample) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$")
                .matcher(metrics);
        assertThat(matcher.find()).as(sample + " in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
