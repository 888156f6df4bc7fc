package io.pkcsconnector.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each invariant reports a violation planted in a copy of a real rendering (and, where it matters, stays quiet
 * about the unmodified one): proof that the checks bite, independent of the state of the manifests.
 */
class InvariantsBiteTest {

    private static final Project PROJECT = Project.get();

    private static List<ObjectNode> copy(Rendering rendering) {
        List<ObjectNode> copy = new ArrayList<>();
        rendering.raw().forEach(node -> copy.add(node.deepCopy()));
        return copy;
    }

    private static ObjectNode find(List<ObjectNode> resources, String kind, String name) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind)
                        && r.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the rendering has no " + kind + " " + name));
    }

    private static ObjectNode container(List<ObjectNode> resources, String deployment) {
        return (ObjectNode) find(resources, "Deployment", deployment)
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    /** Mutates a copy of {@code original}, runs {@code check} on it and returns the violations. */
    private static List<String> violations(
            Rendering original, Consumer<List<ObjectNode>> mutation, Function<Invariants, List<String>> check) {
        List<ObjectNode> resources = copy(original);
        mutation.accept(resources);
        Rendering mutated = new Rendering(
                original.name() + " (mutated)", original.expectedNamespace(), original.hpaVariant(), resources);
        return check.apply(new Invariants(mutated, PROJECT));
    }

    // --- 11. configuration: the negative tests the brief asks for

    @Test
    void aMisspelledVariableInARenderedConfigMapIsReported() {
        List<String> problems = violations(
                Renderings.prod(),
                resources -> ((ObjectNode) find(resources, "ConfigMap", "issuance-worker-config")
                                .path("data"))
                        .put("KAFKA_BOOTSTRAP_SERVER", "pkcs-kafka-kafka-bootstrap:9092"),
                Invariants::configuration);

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("issuance-worker")
                .contains("KAFKA_BOOTSTRAP_SERVER ")
                .contains("ConfigMap issuance-worker-config")
                .contains("did you mean KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(new Invariants(Renderings.prod(), PROJECT).configuration())
                .noneMatch(p -> p.contains("KAFKA_BOOTSTRAP_SERVER "));
    }

    @Test
    void aVariableOfARenamedPropertyIsReported() {
        // As if IssuanceConfig.Ca#keystorePath had been renamed: the manifests still set the old name.
        List<String> problems = violations(
                Renderings.dev(),
                resources -> {
                    ObjectNode data = (ObjectNode) find(resources, "ConfigMap", "issuance-worker-config")
                            .path("data");
                    data.put(
                            "PKCS_ISSUANCE_CA_KEYSTORE_FILE",
                            data.path("PKCS_ISSUANCE_CA_KEYSTORE_PATH").asText());
                    data.remove("PKCS_ISSUANCE_CA_KEYSTORE_PATH");
                },
                Invariants::configuration);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("PKCS_ISSUANCE_CA_KEYSTORE_FILE"));
    }

    @Test
    void aPropertyOfAnotherServiceIsReported() {
        List<String> problems = violations(
                Renderings.base(),
                resources -> {
                    ArrayNode env = (ArrayNode) container(resources, "notifier").path("env");
                    env.addObject().put("name", "PKCS_PFX_IMPORT_KEK").put("value", "x");
                    env.addObject().put("name", "JAVA_OPTS_APPEND").put("value", "-XX:+UseZGC");
                    env.addObject().put("name", "PKCS_NOTIFIER_INBOX_MAX_LIMIT").put("value", "100");
                },
                Invariants::configuration);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("notifier").contains("PKCS_PFX_IMPORT_KEK"));
        assertThat(problems).noneMatch(p -> p.contains("JAVA_OPTS_APPEND"));
        assertThat(problems).noneMatch(p -> p.contains("PKCS_NOTIFIER_INBOX_MAX_LIMIT"));
    }

    // --- the other invariants

    @Test
    void structureReportsAServiceThatSelectsEveryonesPods() {
        List<String> problems = violations(
                Renderings.base(),
                resources -> {
                    ObjectNode selector = (ObjectNode)
                            find(resources, "Service", "notifier").path("spec").path("selector");
                    selector.removeAll();
                    selector.put("app.kubernetes.io/part-of", "pkcs-connector");
                },
                Invariants::structure);

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("Service notifier").contains("also selects"));
    }

    @Test
    void structureReportsAMissingVersionLabel() {
        List<String> problems = violations(
                Renderings.base(),
                resources -> ((ObjectNode) find(resources, "PodDisruptionBudget", "pfx-import")
                                .path("metadata")
                                .path("labels"))
                        .remove("app.kubernetes.io/version"),
                Invariants::structure);

        assertThat(problems)
                .anySatisfy(p ->
                        assertThat(p).contains("PodDisruptionBudget pfx-import").contains("version is missing"));
    }

    @Test
    void probesReportAWrongPathAndPort() {
        List<String> problems = violations(
                Renderings.base(),
                resources -> {
                    ObjectNode c = container(resources, "revocation-worker");
                    ((ObjectNode) c.path("readinessProbe").path("httpGet")).put("path", "/q/health");
                    ((ObjectNode) c.path("ports").get(0)).put("containerPort", 8080);
                },
                Invariants::probes);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("readinessProbe path is /q/health"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("no containerPort 8082"));
    }

    @Test
    void resourcesReportAMissingLimitAndALimitBelowTheRequest() {
        List<String> problems = violations(
                Renderings.dev(),
                resources -> {
                    ObjectNode res =
                            (ObjectNode) container(resources, "notifier").path("resources");
                    ((ObjectNode) res.path("limits")).remove("memory");
                    ((ObjectNode) res.path("limits")).put("cpu", "10m");
                },
                Invariants::resources);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("container notifier: no memory limit"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("cpu limit 10m is below the request"));
    }

    @Test
    void securityReportsAWritableRootAndAShortGracePeriod() {
        List<String> problems = violations(
                Renderings.prod(),
                resources -> {
                    ((ObjectNode) container(resources, "pkcs-redis").path("securityContext"))
                            .put("readOnlyRootFilesystem", false);
                    ((ObjectNode) find(resources, "Deployment", "request-intake")
                                    .path("spec")
                                    .path("template")
                                    .path("spec"))
                            .put("terminationGracePeriodSeconds", 30);
                },
                Invariants::security);

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("pkcs-redis").contains("readOnlyRootFilesystem"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("request-intake").contains("terminationGracePeriodSeconds 30"));
    }

    @Test
    void prometheusReportsAMissingServiceMonitorAndAWrongAnnotation() {
        List<String> problems = violations(
                Renderings.prod(),
                resources -> {
                    resources.removeIf(r -> r.path("kind").asText().equals("ServiceMonitor")
                            && r.path("spec").toString().contains("notifier"));
                    ((ObjectNode) find(resources, "Deployment", "pfx-import")
                                    .path("spec")
                                    .path("template")
                                    .path("metadata")
                                    .path("annotations"))
                            .put("prometheus.io/port", "8080");
                },
                invariants -> invariants.prometheus(true));

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("expected one ServiceMonitor selecting Service pkcs-connector/notifier"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("prometheus.io/port is 8080, expected 8083"));
    }

    @Test
    void secretsReportASecretObjectAndAnUndocumentedReference() {
        List<String> problems = violations(
                Renderings.dev(),
                resources -> {
                    ObjectNode secret = resources.get(0).objectNode();
                    secret.put("apiVersion", "v1").put("kind", "Secret");
                    secret.putObject("metadata").put("name", "oops").put("namespace", "pkcs-connector-dev");
                    resources.add(secret);
                    for (var env : container(resources, "notifier").path("env")) {
                        if (env.path("valueFrom").has("secretKeyRef")) {
                            ((ObjectNode) env.path("valueFrom").path("secretKeyRef")).put("name", "db-credentials");
                            break;
                        }
                    }
                },
                Invariants::secrets);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Secret pkcs-connector-dev/oops"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Secret db-credentials is not listed"));
    }

    @Test
    void imagesReportAnotherRegistryAndAnotherTag() {
        List<String> problems = violations(
                Renderings.base(),
                resources -> {
                    container(resources, "notifier").put("image", "docker.io/pkcs-connector/notifier:0.1.0-SNAPSHOT");
                    container(resources, "pfx-import").put("image", "ghcr.io/pkcs-connector/pfx-import:0.0.9");
                },
                invariants -> invariants.images(true));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("is not ghcr.io/pkcs-connector/notifier"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("tag 0.0.9 is not the project version"));
    }

    @Test
    void kafkaReportsAMissingTopicAndWrongPartitions() {
        List<String> problems = violations(
                Renderings.prod(),
                resources -> {
                    resources.remove(find(resources, "KafkaTopic", "pki.device-retired.v1.pfx-import.dlq"));
                    ((ObjectNode) find(resources, "KafkaTopic", "pki.cert-requested.v1")
                                    .path("spec"))
                            .put("partitions", 50);
                },
                Invariants::kafka);

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("no KafkaTopic for pki.device-retired.v1.pfx-import.dlq"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("partitions 50, the contracts say 100"));
    }

    @Test
    void autoscalingReportsAnotherConsumerGroupAndScaleToZero() {
        List<String> problems = violations(
                Renderings.prod(),
                resources -> {
                    ObjectNode spec = (ObjectNode)
                            find(resources, "ScaledObject", "issuance-worker").path("spec");
                    spec.remove("minReplicaCount");
                    ((ObjectNode) spec.path("triggers").get(0).path("metadata")).put("consumerGroup", "worker");
                },
                invariants -> invariants.autoscaling(true));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("consumerGroup worker is not the worker's group.id"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("minReplicaCount absent"));
    }

    @Test
    void networkPoliciesReportAServiceThatCannotReachItsDatabase() {
        List<String> problems = violations(
                Renderings.prod(),
                // Every policy that admits anything to the PostgreSQL pods from the services' namespace.
                resources -> resources.removeIf(r -> r.path("kind").asText().equals("NetworkPolicy")
                        && r.path("spec")
                                .path("podSelector")
                                .path("matchLabels")
                                .has("cnpg.io/cluster")
                        && r.toString().contains("request-intake")),
                Invariants::networkPolicies);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("notifier cannot reach PostgreSQL pods"));
        assertThat(new Invariants(Renderings.prod(), PROJECT).networkPolicies())
                .noneMatch(p -> p.contains("cannot reach"));
    }

    @Test
    void namespacesReportAResourceLeftInAnotherNamespace() {
        List<String> problems = violations(
                Renderings.dev(),
                resources -> ((ObjectNode)
                                find(resources, "ConfigMap", "notifier-config").path("metadata"))
                        .put("namespace", "default"),
                Invariants::namespaces);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("ConfigMap default/notifier-config"));
    }

    @Test
    void wellFormedReportsAnUnknownFieldAndAnUnquotedAnnotation() {
        List<String> problems = violations(
                Renderings.base(),
                resources -> {
                    ObjectNode c = container(resources, "notifier");
                    c.set("readinesProbe", c.path("readinessProbe").deepCopy());
                    ((ObjectNode) find(resources, "Deployment", "notifier")
                                    .path("spec")
                                    .path("template")
                                    .path("metadata")
                                    .path("annotations"))
                            .put("prometheus.io/scrape", true);
                },
                Invariants::wellFormed);

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("unknown field(s) [readinesProbe]"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("prometheus.io/scrape is true, not a string"));
    }

    @Test
    void wiringReportsAWrongDatabaseHost() {
        List<String> problems = violations(
                Renderings.dev(),
                resources -> ((ObjectNode) find(resources, "ConfigMap", "pfx-import-config")
                                .path("data"))
                        .put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/pkcs"),
                Invariants::wiring);

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("pfx-import").contains("is not the -rw Service"));
    }
}
