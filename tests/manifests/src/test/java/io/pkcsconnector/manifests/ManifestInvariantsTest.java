package io.pkcsconnector.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The invariants of deploy/k8s, on every rendering: base, overlays/dev, overlays/prod, and prod with
 * components/hpa-cpu. Each test lists every violation it finds, not only the first.
 */
class ManifestInvariantsTest {

    private static final Project PROJECT = Project.get();

    static Rendering rendering(String name) {
        return switch (name) {
            case "base" -> Renderings.base();
            case "dev" -> Renderings.dev();
            case "prod" -> Renderings.prod();
            case "prod+hpa-cpu" -> Renderings.prodHpa();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Invariants invariants(String name) {
        return new Invariants(rendering(name), PROJECT);
    }

    private static void assertNone(String what, List<String> problems) {
        assertThat(problems)
                .withFailMessage(
                        () -> what + ": " + problems.size() + " violation(s):\n  " + String.join("\n  ", problems))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void renders(String name) {
        assertThatCode(() -> rendering(name)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void wellFormed(String name) {
        assertNone("typed model", invariants(name).wellFormed());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void oneLabelledSetOfResourcesPerService(String name) {
        assertNone("1. structure", invariants(name).structure());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void probesOnTheQuarkusHttpPort(String name) {
        assertNone("2. probes", invariants(name).probes());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void requestsAndLimitsEverywhere(String name) {
        assertNone("3. resources", invariants(name).resources());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void hardenedPodsThatStopGracefully(String name) {
        assertNone("4. security", invariants(name).security());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void scrapedByPrometheus(String name) {
        assertNone("5. prometheus", invariants(name).prometheus(name.startsWith("prod")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void noSecretsAndOnlyDocumentedOnes(String name) {
        assertNone("6. secrets", invariants(name).secrets());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void imagesAreWhatTheBuildPushes(String name) {
        assertNone("7. images", invariants(name).images(name.equals("base")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod", "prod+hpa-cpu"})
    void kafkaTopicsMatchTheContractsAndTheChannels(String name) {
        assertNone("8. kafka", invariants(name).kafka());
    }

    @Test
    void baseHoldsNoInfrastructure() {
        assertThat(Renderings.base().hasInfrastructure()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void issuanceWorkerAutoscaling(String name) {
        assertNone("9. autoscaling", invariants(name).autoscaling(!name.equals("dev")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod", "prod+hpa-cpu"})
    void everyNamespacedResourceInTheOverlaysNamespace(String name) {
        assertNone("10. namespace", invariants(name).namespaces());
    }

    @Test
    void devAndProdUseDifferentNamespaces() {
        assertThat(Renderings.dev().expectedNamespace())
                .isNotEqualTo(Renderings.prod().expectedNamespace());
    }

    @Test
    void devRunsOneReplicaPerService() {
        assertNone("10. dev replicas", invariants("dev").replicas(1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prod", "prod+hpa-cpu"})
    void prodRunsAtLeastTwoReplicasSpreadOverNodes(String name) {
        List<String> problems = new java.util.ArrayList<>(invariants(name).replicas(2, null));
        problems.addAll(invariants(name).antiAffinity());
        assertNone("10. prod replicas and anti-affinity", problems);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prod", "prod+hpa-cpu"})
    void prodNetworkPoliciesDenyByDefaultAndAdmitTheArchitecture(String name) {
        assertNone("10. network policies", invariants(name).networkPolicies());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void everyEnvironmentVariableIsReadByTheService(String name) {
        assertNone("11. configuration", invariants(name).configuration());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod", "prod+hpa-cpu"})
    void configuredAddressesCredentialsAndFilesExist(String name) {
        assertNone("12. wiring", invariants(name).wiring());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod", "prod+hpa-cpu"})
    void theServicesConnectionsFitPostgresql(String name) {
        assertNone("12. database connections", invariants(name).databaseConnections());
    }
}
