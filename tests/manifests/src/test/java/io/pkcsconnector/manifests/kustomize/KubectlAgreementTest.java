package io.pkcsconnector.manifests.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.pkcsconnector.manifests.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where {@code kubectl} is installed, the renderer must agree with the real kustomize on every shipped
 * kustomization: same resources, same content. Skipped (not failed) on machines without kubectl; the invariant
 * tests never depend on it.
 */
class KubectlAgreementTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "infra", "overlays/dev", "overlays/prod", "overlays/prod-hpa-cpu"})
    void rendersWhatKubectlKustomizeRenders(String kustomization) throws Exception {
        Path dir = Project.get().k8s().resolve(kustomization);
        String kubectl = kubectlKustomize(dir);
        assumeTrue(kubectl != null, "kubectl is not installed here");

        Map<String, JsonNode> expected = byIdentity(parseAll(kubectl));
        Map<String, JsonNode> actual = byIdentity(new Kustomize(Project.get().root())
                .render(dir).stream().map(JsonNode.class::cast).toList());

        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String id : expected.keySet()) {
            assertThat(actual.get(id)).as(kustomization + ": " + id).isEqualTo(expected.get(id));
        }
    }

    private static String kubectlKustomize(Path dir) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return null; // not installed
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + ")");
        }
        return out;
    }

    private static List<JsonNode> parseAll(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    documents.add(node);
                }
            }
        }
        return documents;
    }

    /** Keyed by kind/namespace/name; values normalised through JSON so number and string forms compare alike. */
    private static Map<String, JsonNode> byIdentity(List<JsonNode> resources) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> map = new TreeMap<>();
        for (JsonNode resource : resources) {
            JsonNode metadata = resource.path("metadata");
            String id = resource.path("apiVersion").asText() + "/"
                    + resource.path("kind").asText() + "/"
                    + metadata.path("namespace").asText("") + "/"
                    + metadata.path("name").asText();
            JsonNode previous = map.put(id, json.readTree(json.writeValueAsString(resource)));
            assertThat(previous).as("duplicate " + id).isNull();
            assertThat(resource).isInstanceOf(ObjectNode.class);
        }
        return map;
    }
}
