package io.pkcsconnector.manifests.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer on small fixture kustomizations (src/test/resources/fixtures). */
class KustomizeTest {

    private static final Path FIXTURES = fixtures();

    @TempDir
    Path tmp;

    private static Path fixtures() {
        try {
            return Path.of(KustomizeTest.class.getResource("/fixtures").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ObjectNode> render(Path dir) {
        return new Kustomize(FIXTURES).render(dir);
    }

    private static ObjectNode find(List<ObjectNode> resources, String kind, String name) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind)
                        && r.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + ids(resources)));
    }

    private static List<String> ids(List<ObjectNode> resources) {
        return resources.stream().map(Kustomize::id).toList();
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> map = new java.util.TreeMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void baseReadsEveryDocumentOfEveryFileAndLabelsOnlyMetadata() {
        List<ObjectNode> resources = render(FIXTURES.resolve("shop/base"));

        assertThat(ids(resources))
                .containsExactly(
                        "apps/Deployment/~/shop",
                        "/Service/~/shop",
                        "/ConfigMap/~/shop-config",
                        "/ServiceAccount/~/shop",
                        "rbac.authorization.k8s.io/ClusterRole/~/shop-reader");
        ObjectNode deployment = find(resources, "Deployment", "shop");
        assertThat(map(deployment.path("metadata").path("labels"))).containsEntry("app.kubernetes.io/part-of", "shop");
        // labels without includeSelectors: selectors and templates untouched.
        assertThat(map(deployment.path("spec").path("selector").path("matchLabels")))
                .containsOnlyKeys("app.kubernetes.io/name");
        assertThat(map(deployment.path("spec").path("template").path("metadata").path("labels")))
                .containsOnlyKeys("app.kubernetes.io/name");
        assertThat(map(find(resources, "Service", "shop").path("spec").path("selector")))
                .containsOnlyKeys("app.kubernetes.io/name");
    }

    @Test
    void strategicMergeMergesNamedListsAndReplacesOthers() {
        ObjectNode deployment = find(render(FIXTURES.resolve("shop/overlay")), "Deployment", "shop");
        JsonNode spec = deployment.path("spec").path("template").path("spec");

        JsonNode shop = spec.path("containers").get(0);
        assertThat(spec.path("containers")).hasSize(2);
        assertThat(shop.path("name").asText()).isEqualTo("shop");
        // args is not a merge list: replaced.
        assertThat(shop.path("args").toString()).isEqualTo("[\"--quiet\"]");
        // env merged by name: LOG_LEVEL changed, FEATURE_X deleted ($patch: delete), NEW_VAR appended.
        assertThat(shop.path("env").toString())
                .isEqualTo("[{\"name\":\"LOG_LEVEL\",\"value\":\"debug\"},{\"name\":\"NEW_VAR\",\"value\":\"1\"}]");
        assertThat(shop.path("ports")).hasSize(1);
        assertThat(shop.path("ports").get(0).path("hostPort").asInt()).isEqualTo(18080);
        assertThat(shop.path("volumeMounts")).hasSize(1);
        // Maps merge recursively; null deletes.
        assertThat(map(shop.path("resources").path("requests"))).containsOnly(Map.entry("cpu", "100m"));
        assertThat(map(shop.path("resources").path("limits"))).containsOnly(Map.entry("cpu", "1"));
        // volumes merged by name: kustomize puts the patch's elements first.
        assertThat(spec.path("volumes").findValuesAsText("name")).containsExactly("cache", "tmp");
        // The sidecar is untouched by the patch (merged by name, not by position).
        assertThat(spec.path("containers").get(1).path("name").asText()).isEqualTo("sidecar");
    }

    @Test
    void patchDeleteRemovesTheResourceAndTargetPatchesIgnoreThePatchName() {
        List<ObjectNode> resources = render(FIXTURES.resolve("shop/overlay"));

        assertThat(ids(resources)).noneMatch(id -> id.contains("ConfigMap"));
        ObjectNode service = find(resources, "Service", "shop");
        assertThat(map(service.path("metadata").path("annotations")))
                .containsEntry("patched-by", "target")
                .containsEntry("owner", "checkout@example.com");
        assertThat(ids(resources)).noneMatch(id -> id.endsWith("/ignored"));
    }

    @Test
    void imagesRewriteContainersAndInitContainersWhoseNameMatches() {
        JsonNode spec = find(render(FIXTURES.resolve("shop/overlay")), "Deployment", "shop")
                .path("spec")
                .path("template")
                .path("spec");

        assertThat(spec.path("containers").get(0).path("image").asText()).isEqualTo("registry.example/shop/app:2.0");
        assertThat(spec.path("initContainers").get(0).path("image").asText())
                .isEqualTo("registry.example/shop/app:2.0");
        // newName keeps the digest.
        assertThat(spec.path("containers").get(1).path("image").asText())
                .isEqualTo("mirror.example/proxy@sha256:0123456789abcdef");
    }

    @Test
    void namespaceIsSetOnNamespacedResourcesOnly() {
        List<ObjectNode> resources = render(FIXTURES.resolve("shop/overlay"));

        for (ObjectNode resource : resources) {
            String namespace = resource.path("metadata").path("namespace").asText(null);
            if (resource.path("kind").asText().equals("ClusterRole")) {
                assertThat(namespace).as(Kustomize.id(resource)).isNull();
            } else {
                assertThat(namespace).as(Kustomize.id(resource)).isEqualTo("shop-prod");
            }
        }
    }

    @Test
    void labelsFollowIncludeSelectorsAndIncludeTemplatesAndCommonLabelsReachSelectors() {
        List<ObjectNode> resources = render(FIXTURES.resolve("shop/overlay"));
        ObjectNode deployment = find(resources, "Deployment", "shop");

        assertThat(map(deployment.path("metadata").path("labels")))
                .containsOnly(
                        Map.entry("app.kubernetes.io/name", "shop"),
                        Map.entry("app.kubernetes.io/part-of", "shop"),
                        Map.entry("team", "checkout"),
                        Map.entry("tier", "web"),
                        Map.entry("env", "prod"));
        // includeTemplates: template labels, not selectors; commonLabels: both.
        assertThat(map(deployment.path("spec").path("template").path("metadata").path("labels")))
                .containsOnly(
                        Map.entry("app.kubernetes.io/name", "shop"),
                        Map.entry("tier", "web"),
                        Map.entry("env", "prod"));
        assertThat(map(deployment.path("spec").path("selector").path("matchLabels")))
                .containsOnly(Map.entry("app.kubernetes.io/name", "shop"), Map.entry("env", "prod"));
        assertThat(map(find(resources, "Service", "shop").path("spec").path("selector")))
                .containsOnly(Map.entry("app.kubernetes.io/name", "shop"), Map.entry("env", "prod"));
        assertThat(map(find(resources, "PodDisruptionBudget", "shop")
                        .path("spec")
                        .path("selector")
                        .path("matchLabels")))
                .containsOnly(Map.entry("app.kubernetes.io/name", "shop"), Map.entry("env", "prod"));
        // commonAnnotations: metadata and pod template.
        assertThat(map(deployment.path("spec").path("template").path("metadata").path("annotations")))
                .containsOnly(Map.entry("owner", "checkout@example.com"));
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void componentsApplyToTheResourcesAccumulatedSoFar() {
        List<ObjectNode> resources = render(FIXTURES.resolve("shop/with-component"));

        assertThat(ids(resources))
                .containsExactlyInAnyOrder(
                        "apps/Deployment/shop-dev/shop",
                        "/ConfigMap/shop-dev/shop-config",
                        "/ServiceAccount/shop-dev/shop",
                        "rbac.authorization.k8s.io/ClusterRole/~/shop-reader",
                        "/ConfigMap/shop-dev/cache-config");
        JsonNode env = find(resources, "Deployment", "shop")
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("env");
        assertThat(env.findValuesAsText("name")).containsExactly("CACHE_URL", "LOG_LEVEL", "FEATURE_X");
    }

    @Test
    void renderFromTextResolvesPathsAgainstTheGivenDirectory() {
        String text =
                """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                components: [../cache-component]
                namespace: elsewhere
                """;
        List<ObjectNode> resources =
                new Kustomize(FIXTURES).render(text, FIXTURES.resolve("shop/virtual"), "kustomization.yaml");

        assertThat(ids(resources)).contains("/ConfigMap/elsewhere/cache-config");
    }

    // --- rejected input: every error names the file and the field

    @Test
    void unsupportedFieldIsRejected() {
        assertThatThrownBy(() -> render(FIXTURES.resolve("unsupported-field")))
                .isInstanceOf(KustomizeException.class)
                .hasMessageContaining("unsupported-field/kustomization.yaml")
                .hasMessageContaining("configMapGenerator")
                .hasMessageContaining("not supported");
    }

    private Path write(String dir, String file, String content) throws IOException {
        Path path = tmp.resolve(dir).resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        return path.getParent();
    }

    private static final String CONFIG_MAP =
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: one
            data: {A: b}
            """;

    private static final String DEPLOYMENT =
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: app:1
                      volumeMounts:
                        - name: data
                          mountPath: /data
            """;

    private static String kustomization(String body) {
        return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + body;
    }

    private void assertRejected(Path dir, String... fragments) {
        List<String> expected = new ArrayList<>(List.of(fragments));
        assertThatThrownBy(() -> new Kustomize(tmp).render(dir))
                .isInstanceOf(KustomizeException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(expected));
    }

    @Test
    void aPatchThatMatchesNothingIsAnError() throws IOException {
        write("a", "cm.yaml", CONFIG_MAP);
        Path dir = write(
                "a",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [cm.yaml]
                        patches:
                          - patch: |-
                              apiVersion: v1
                              kind: ConfigMap
                              metadata: {name: two}
                              data: {A: c}
                        """));
        assertRejected(dir, "a/kustomization.yaml", "patches[0]", "matches no resource", "ConfigMap two");
    }

    @Test
    void aTargetedPatchThatMatchesNothingIsAnError() throws IOException {
        write("a", "cm.yaml", CONFIG_MAP);
        Path dir = write(
                "a",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [cm.yaml]
                        patches:
                          - target: {kind: Secret}
                            patch: |-
                              apiVersion: v1
                              kind: Secret
                              metadata: {name: x}
                              data: {A: c}
                        """));
        assertRejected(dir, "patches[0]", "matches no resource");
    }

    @Test
    void duplicateResourcesAreAnError() throws IOException {
        write("a", "one.yaml", CONFIG_MAP);
        write("a", "again.yaml", CONFIG_MAP);
        Path dir = write("a", "kustomization.yaml", kustomization("resources: [one.yaml, again.yaml]\n"));
        assertRejected(dir, "a/kustomization.yaml", "resources[1]", "duplicate resource /ConfigMap/~/one");
    }

    @Test
    void filesOutsideTheKustomizationDirectoryAreRefused() throws IOException {
        write("shared", "cm.yaml", CONFIG_MAP);
        Path dir = write("a", "kustomization.yaml", kustomization("resources: [../shared/cm.yaml]\n"));
        assertRejected(dir, "resources[0]", "outside the kustomization's directory");
    }

    @Test
    void componentsAndKustomizationsAreNotInterchangeable() throws IOException {
        write("comp", "kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
        write("plain", "cm.yaml", CONFIG_MAP);
        write("plain", "kustomization.yaml", kustomization("resources: [cm.yaml]\n"));
        Path asResource = write("a", "kustomization.yaml", kustomization("resources: [../comp]\n"));
        assertRejected(asResource, "resources[0]", "is a Component");
        Path asComponent = write("b", "kustomization.yaml", kustomization("components: [../plain]\n"));
        assertRejected(asComponent, "components[0]", "not a Component");
    }

    @Test
    void unknownApiVersionOrKindIsRejected() throws IOException {
        Path dir = write("a", "kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1\nkind: Kustomization\n");
        assertRejected(dir, "apiVersion/kind", "kustomize.config.k8s.io/v1beta1");
    }

    @Test
    void jsonPatchesAndUnsupportedOptionsAreRejected() throws IOException {
        write("a", "cm.yaml", CONFIG_MAP);
        Path json = write(
                "a",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [cm.yaml]
                        patches:
                          - target: {kind: ConfigMap}
                            patch: |-
                              - op: add
                                path: /data/B
                                value: c
                        """));
        assertRejected(json, "patches[0]", "JSON 6902");

        write("c", "cm.yaml", CONFIG_MAP);
        Path labelSelector = write(
                "c",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [cm.yaml]
                        patches:
                          - target: {kind: ConfigMap, labelSelector: "a=b"}
                            patch: |-
                              apiVersion: v1
                              kind: ConfigMap
                              metadata: {name: one}
                        """));
        assertRejected(labelSelector, "patches[0].target.labelSelector", "not supported");

        write("d", "cm.yaml", CONFIG_MAP);
        Path fields = write(
                "d",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [cm.yaml]
                        labels:
                          - pairs: {a: b}
                            fields: [{path: data/x}]
                        """));
        assertRejected(fields, "labels[0].fields", "not supported");

        write("e", "cm.yaml", CONFIG_MAP);
        Path digest = write(
                "e",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [cm.yaml]
                        images:
                          - name: app
                            digest: sha256:abc
                        """));
        assertRejected(digest, "images[0].digest", "not supported");
    }

    @Test
    void aMergeThatKustomizeWouldDoDifferentlyIsRefused() throws IOException {
        write("a", "deployment.yaml", DEPLOYMENT);
        // Same name, another mountPath: the subset would merge by name, kustomize by mountPath (adding a mount).
        Path dir = write(
                "a",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [deployment.yaml]
                        patches:
                          - patch: |-
                              apiVersion: apps/v1
                              kind: Deployment
                              metadata: {name: app}
                              spec:
                                template:
                                  spec:
                                    containers:
                                      - name: app
                                        volumeMounts:
                                          - name: data
                                            mountPath: /var/data
                        """));
        assertRejected(dir, "volumeMounts", "mountPath", "make name and mountPath agree");

        write(
                "b",
                "deployment.yaml",
                DEPLOYMENT.replace(
                        "      volumeMounts:",
                        "      ports: [{name: http, containerPort: 80}]\n          volumeMounts:"));
        // kustomize drops a protocol a patch adds to a port whose base has none: refused rather than guessed.
        Path protocol = write(
                "b",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [deployment.yaml]
                        patches:
                          - patch: |-
                              apiVersion: apps/v1
                              kind: Deployment
                              metadata: {name: app}
                              spec:
                                template:
                                  spec:
                                    containers:
                                      - name: app
                                        ports: [{name: http, containerPort: 80, protocol: TCP}]
                        """));
        assertRejected(protocol, "ports", "changes protocol");
    }

    @Test
    void patchingVolumeClaimTemplatesIsRefused() throws IOException {
        write(
                "a",
                "statefulset.yaml",
                """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  volumeClaimTemplates:
                    - metadata: {name: data}
                      spec: {resources: {requests: {storage: 1Gi}}}
                """);
        Path dir = write(
                "a",
                "kustomization.yaml",
                kustomization(
                        """
                        resources: [statefulset.yaml]
                        patches:
                          - patch: |-
                              apiVersion: apps/v1
                              kind: StatefulSet
                              metadata: {name: db}
                              spec:
                                volumeClaimTemplates:
                                  - metadata: {name: data}
                                    spec: {resources: {requests: {storage: 5Gi}}}
                        """));
        assertRejected(dir, "volumeClaimTemplates", "not supported");
    }

    @Test
    void replicasForAnUnknownWorkloadAreAnError() throws IOException {
        write("a", "deployment.yaml", DEPLOYMENT);
        Path dir = write(
                "a",
                "kustomization.yaml",
                kustomization("resources: [deployment.yaml]\nreplicas: [{name: other, count: 2}]\n"));
        assertRejected(dir, "replicas[0]", "no Deployment or StatefulSet named other");
    }

    @Test
    void cyclesAreAnError() throws IOException {
        write("a", "kustomization.yaml", kustomization("resources: [../b]\n"));
        Path dir = write("b", "kustomization.yaml", kustomization("resources: [../a]\n"));
        assertRejected(dir, "cycle");
    }

    @Test
    void labelValuesMustBeStrings() throws IOException {
        write("a", "cm.yaml", CONFIG_MAP);
        Path dir =
                write("a", "kustomization.yaml", kustomization("resources: [cm.yaml]\ncommonLabels: {version: 2}\n"));
        assertRejected(dir, "commonLabels.version", "must be a string");
    }
}
