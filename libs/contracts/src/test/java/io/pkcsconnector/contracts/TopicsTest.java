package io.pkcsconnector.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pkcsconnector.contracts.Topic.CleanupPolicy;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void namesAreUnique() {
        assertThat(Topics.all().stream().map(Topic::name)).doesNotHaveDuplicates();
    }

    @Test
    void everyNameCarriesItsMajorVersion() {
        assertThat(Topics.all())
                .allSatisfy(topic -> assertThat(topic.name()).matches("pki\\.[a-z-]+\\.v[1-9][0-9]*(\\.dlq)?"));
        assertThat(Topics.all())
                .allSatisfy(topic -> assertThat(topic.majorVersion()).isEqualTo(1));
    }

    /** SPEC: up to 100 issuance-worker instances share the request topic, one partition each. */
    @Test
    void requestTopicHasOneHundredPartitions() {
        assertThat(Topics.CERT_REQUESTED.name()).isEqualTo("pki.cert-requested.v1");
        assertThat(Topics.CERT_REQUESTED.partitions()).isEqualTo(100);
        assertThat(Topics.CERT_REQUESTED.keyField()).isEqualTo("requestId");
    }

    @Test
    void catalogHasThePartitionsAndPoliciesTheDesignFixed() {
        Map<String, Topic> byName = Topics.all().stream().collect(Collectors.toMap(Topic::name, Function.identity()));

        assertThat(byName)
                .hasSize(17)
                .containsOnlyKeys(
                        "pki.cert-requested.v1",
                        "pki.cert-issued.v1",
                        "pki.cert-failed.v1",
                        "pki.revocation-requested.v1",
                        "pki.cert-revoked.v1",
                        "pki.revocation-failed.v1",
                        "pki.device-enrolled.v1",
                        "pki.device-retired.v1",
                        "pki.pfx-imported.v1",
                        "pki.pfx-deleted.v1",
                        "pki.delivery-requested.v1",
                        "pki.delivery-acknowledged.v1",
                        "pki.connector-heartbeat.v1",
                        "pki.ca-certificates.v1",
                        "pki.cert-requested.v1.dlq",
                        "pki.revocation-requested.v1.dlq",
                        "pki.delivery-requested.v1.dlq");
        assertThat(byName.get("pki.cert-issued.v1").partitions()).isEqualTo(12);
        assertThat(byName.get("pki.pfx-imported.v1").partitions()).isEqualTo(6);
        assertThat(byName.get("pki.connector-heartbeat.v1").partitions()).isEqualTo(6);
        assertThat(byName.get("pki.ca-certificates.v1").partitions()).isEqualTo(1);
        assertThat(byName.get("pki.delivery-requested.v1").keyField()).isEqualTo("deviceId");
        assertThat(Topics.all().stream().filter(topic -> topic.cleanupPolicy() == CleanupPolicy.COMPACT))
                .containsExactlyInAnyOrder(Topics.DEVICE_ENROLLED, Topics.CONNECTOR_HEARTBEAT, Topics.CA_CERTIFICATES);
    }

    @Test
    void deleteTopicsKeepSevenDaysAndCompactedTopicsKeepTheLatestStateForever() {
        assertThat(Topics.all().stream().filter(topic -> !topic.isDeadLetter()))
                .allSatisfy(topic -> assertThat(topic.retentionMs())
                        .isEqualTo(
                                topic.cleanupPolicy() == CleanupPolicy.COMPACT
                                        ? Topic.RETAIN_FOREVER
                                        : 7L * 24 * 60 * 60 * 1000));
    }

    @Test
    void everyConsumedRequestTopicHasADeadLetterTopic() {
        assertThat(Topics.all().stream().filter(Topic::isDeadLetter))
                .containsExactly(
                        Topics.CERT_REQUESTED_DLQ, Topics.REVOCATION_REQUESTED_DLQ, Topics.DELIVERY_REQUESTED_DLQ)
                .allSatisfy(dlq -> {
                    assertThat(dlq.partitions()).isEqualTo(3);
                    assertThat(dlq.retentionMs()).isEqualTo(14L * 24 * 60 * 60 * 1000);
                    assertThat(dlq.cleanupPolicy()).isEqualTo(CleanupPolicy.DELETE);
                    assertThat(dlq.eventType()).isNull();
                });
        assertThat(Topics.deadLetterFor(Topics.CERT_REQUESTED)).contains(Topics.CERT_REQUESTED_DLQ);
        assertThat(Topics.deadLetterFor(Topics.REVOCATION_REQUESTED)).contains(Topics.REVOCATION_REQUESTED_DLQ);
        assertThat(Topics.deadLetterFor(Topics.DELIVERY_REQUESTED)).contains(Topics.DELIVERY_REQUESTED_DLQ);
        assertThat(Topics.deadLetterFor(Topics.CERT_ISSUED)).isEmpty();
        assertThat(Topics.CERT_REQUESTED_DLQ.keyField()).isEqualTo(Topics.CERT_REQUESTED.keyField());
    }

    @Test
    void configsAreTheKafkaTopicConfigs() {
        assertThat(Topics.CERT_REQUESTED.configs())
                .containsExactly(Map.entry("cleanup.policy", "delete"), Map.entry("retention.ms", "604800000"));
        assertThat(Topics.CA_CERTIFICATES.configs())
                .containsExactly(Map.entry("cleanup.policy", "compact"), Map.entry("retention.ms", "-1"));
    }

    @Test
    void lookupsFindTheCatalogEntries() {
        assertThat(Topics.byName("pki.cert-revoked.v1")).contains(Topics.CERT_REVOKED);
        assertThat(Topics.byName("pki.cert-revoked.v2")).isEmpty();
        assertThat(Topics.forEvent(CertificateRevoked.class)).isSameAs(Topics.CERT_REVOKED);
        assertThat(Topics.CERT_REVOKED).hasToString("pki.cert-revoked.v1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pki.cert-requested",
                "cert-requested.v1",
                "pki.cert-requested.v0",
                "pki.Cert-Requested.v1",
                "pki.cert-requested.v1.retry",
                "pki.cert_requested.v1"
            })
    void refusesNamesWithoutTheVersionConvention(String name) {
        assertThatThrownBy(() -> Topic.events(name, 1, CleanupPolicy.DELETE, 1000, "requestId", PfxDeleted.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
    }

    @Test
    void refusesImpossibleTopics() {
        assertThatThrownBy(() -> Topic.events("pki.x.v1", 0, CleanupPolicy.DELETE, 1000, "requestId", PfxDeleted.class))
                .hasMessageContaining("partitions");
        assertThatThrownBy(() -> Topic.events("pki.x.v1", 1, CleanupPolicy.DELETE, 0, "requestId", PfxDeleted.class))
                .hasMessageContaining("retentionMs");
        assertThatThrownBy(() -> Topic.events("pki.x.v1", 1, CleanupPolicy.DELETE, 1000, "requestId", null))
                .hasMessageContaining("must name the event");
        assertThatThrownBy(() ->
                        Topic.events("pki.x.v1.dlq", 1, CleanupPolicy.DELETE, 1000, "requestId", PfxDeleted.class))
                .hasMessageContaining("raw bytes");
        assertThatThrownBy(() -> Topic.events("pki.x.v1", 1, CleanupPolicy.DELETE, 1000, " ", PfxDeleted.class))
                .hasMessageContaining("keyField");
        assertThatThrownBy(() -> Topic.deadLetter(Topics.CERT_REQUESTED_DLQ, 1, 1000))
                .hasMessageContaining("already a dead-letter topic");
    }
}
