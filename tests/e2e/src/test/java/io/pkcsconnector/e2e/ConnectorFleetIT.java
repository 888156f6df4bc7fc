package io.pkcsconnector.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.contracts.CertificateRequested;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet of 100 connector instances: two issuance-worker processes of 50 instances (Kafka consumers) each. The
 * broker spreads the request topic's 100 partitions one per instance; SIGKILLing one process mid-load hands its 50
 * partitions to the survivors, and every request still gets exactly one certificate serial and one delivery.
 */
class ConnectorFleetIT {

    static final int INSTANCES_PER_PROCESS = 50;
    static final int REQUESTS = 300;
    static final String GROUP = "issuance-worker";

    static ServiceProcesses stack;
    static PipelineClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = new ServiceProcesses();
        // Heartbeats every 2 s (below); an instance silent for 6 s is inactive in the fleet view.
        stack.start("request-intake", "request-intake", Map.of("PKCS_INTAKE_CONNECTORS_INACTIVE_AFTER", "6s"));
        stack.start("notifier");
        startWorker("worker-a");
        startWorker("worker-b");
        for (String name : List.of("request-intake", "notifier", "worker-a", "worker-b")) {
            stack.awaitReady(name);
        }
        client = new PipelineClient(stack, "tenant-fleet", "fleet-device", "fleet-wifi").setUp();
    }

    static void startWorker(String name) {
        stack.start(
                name,
                "issuance-worker",
                Map.of(
                        "PKCS_ISSUANCE_CONNECTOR_INSTANCES",
                        String.valueOf(INSTANCES_PER_PROCESS),
                        "PKCS_ISSUANCE_CONNECTOR_INSTANCE_ID",
                        name,
                        "PKCS_ISSUANCE_HEARTBEAT_INTERVAL",
                        "2s"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void hundredInstancesShareThePartitionsEvenlyAndAKilledHalfLosesNothing() throws Exception {
        int partitions = CertificateRequested.TOPIC.partitions();
        assertThat(partitions).isEqualTo(100);
        long t0 = System.nanoTime();
        ConsumerGroupDescription balanced = awaitGroup(2 * INSTANCES_PER_PROCESS, Duration.ofSeconds(120));
        System.out.printf(
                "100 instances balanced %d partitions in %d ms after both workers were ready%n",
                partitions, (System.nanoTime() - t0) / 1_000_000);
        assertThat(balanced.members())
                .allSatisfy(member -> assertThat(member.assignment().topicPartitions())
                        .as("partitions of " + member.clientId())
                        .hasSize(1));
        assertThat(assignedPartitions(balanced.members())).isEqualTo(partitions);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(fleetSummary())
                        .containsEntry("total", 100)
                        .containsEntry("active", 100)
                        .containsEntry("mixedVersions", false));

        ExecutorService submitters = Executors.newFixedThreadPool(8);
        List<Future<String>> submitted = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            submitted.add(submitters.submit(client::request));
        }
        // Kill worker-b once it has demonstrably been issuing: whatever it held in flight must come back.
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> issuedBy("worker-b") >= 20);
        long issuedByBeforeKill = issuedBy("worker-b");
        stack.kill("worker-b");
        List<String> ids = new ArrayList<>();
        for (Future<String> future : submitted) {
            ids.add(future.get());
        }
        submitters.shutdown();
        System.out.printf("worker-b SIGKILLed after issuing %d of %d requests%n", issuedByBeforeKill, REQUESTS);

        ConsumerGroupDescription survivors = awaitGroup(INSTANCES_PER_PROCESS, Duration.ofSeconds(120));
        assertThat(survivors.members())
                .allSatisfy(member -> assertThat(member.assignment().topicPartitions())
                        .as("partitions of " + member.clientId())
                        .hasSize(2));
        assertThat(assignedPartitions(survivors.members())).isEqualTo(partitions);

        client.assertExactlyOnce(ids, Duration.ofSeconds(180));

        // The fleet view saw the killed half stop checking in, and counted every issuance under the instance (one
        // per partition) that made it.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(fleetSummary())
                        .containsEntry("active", INSTANCES_PER_PROCESS)
                        .containsEntry("inactive", INSTANCES_PER_PROCESS));
        List<Map<String, Object>> connectors = given().auth()
                .oauth2(client.admin())
                .get(stack.url("request-intake") + "/v1/connectors")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(connectors)
                .filteredOn(c -> "inactive".equals(c.get("status")))
                .extracting(c -> (String) c.get("id"))
                .allMatch(id -> id.startsWith("pkcs-connector-worker-b-"));
        int counted = given()
                .auth()
                .oauth2(client.admin())
                .get(stack.url("request-intake") + "/v1/connectors/health-metrics")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("value.successCount", Integer.class)
                .stream()
                .mapToInt(Integer::intValue)
                .sum();
        assertThat(counted)
                .as("issuances counted in the fleet's health metrics")
                .isEqualTo(REQUESTS);
    }

    static Map<String, Object> fleetSummary() {
        return given().auth()
                .oauth2(client.admin())
                .get(stack.url("request-intake") + "/v1/connectors/summary")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
    }

    /** The group once it has {@code members} members and every partition of the request topic is assigned. */
    static ConsumerGroupDescription awaitGroup(int members, Duration within) {
        ConsumerGroupDescription[] last = new ConsumerGroupDescription[1];
        await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (var admin = stack.kafka().admin()) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP))
                        .describedGroups()
                        .get(GROUP)
                        .get();
                last[0] = group;
                return group.members().size() == members
                        && assignedPartitions(group.members()) == CertificateRequested.TOPIC.partitions()
                        && group.members().stream()
                                .allMatch(m -> m.assignment().topicPartitions().size()
                                        == CertificateRequested.TOPIC.partitions() / members);
            }
        });
        return last[0];
    }

    static int assignedPartitions(Collection<MemberDescription> members) {
        return members.stream()
                .mapToInt(m -> m.assignment().topicPartitions().size())
                .sum();
    }

    private static final Pattern ISSUED = Pattern.compile("(?m)^pkcs_issuance_issued_total(?:\\{[^}]*})? ([0-9.E]+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static long issuedBy(String worker) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.url(worker) + "/q/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher matcher = ISSUED.matcher(response.body());
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }
}
