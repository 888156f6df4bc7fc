package io.pkcsconnector.manifests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pkcsconnector.manifests.kustomize.Kustomize;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The renderings of deploy/k8s the invariants are checked on, each rendered once per test run. */
final class Renderings {

    static final String DEV_NAMESPACE = "pkcs-connector-dev";
    static final String PROD_NAMESPACE = "pkcs-connector";
    static final String HPA_COMPONENT = "components/hpa-cpu";

    /**
     * Prod with the hpa-cpu component, as an overlay of prod (what an operator without KEDA writes): the component
     * replaces the ScaledObject with an HPA, and, as deploy/k8s/README.md instructs for prod, the HPA's minimum is
     * raised to 2.
     */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Map<String, Object> CACHE = new LinkedHashMap<>();

    private Renderings() {}

    static Rendering base() {
        return cached(
                "base", () -> new Rendering("base", null, false, kustomize().render(k8s().resolve("base"))));
    }

    static Rendering dev() {
        return cached(
                "dev",
                () -> new Rendering("dev", DEV_NAMESPACE, false, kustomize().render(k8s().resolve("overlays/dev"))));
    }

    static Rendering prod() {
        return cached(
                "prod",
                () -> new Rendering("prod", PROD_NAMESPACE, false, kustomize().render(k8s().resolve("overlays/prod"))));
    }

    static Rendering prodHpa() {
        return cached(
                "prod+hpa-cpu",
                () -> new Rendering(
                        "prod+hpa-cpu",
                        PROD_NAMESPACE,
                        true,
                        kustomize().render(k8s().resolve("overlays/prod-hpa-cpu"))));
    }

    /**
     * Exactly what deploy/k8s/README.md ("Autoscaling the connector") tells an operator without KEDA to do: add the
     * component to the overlay's own kustomization.yaml (and in prod patch the HPA's minReplicas to 2).
     */
    static List<Rendering> all() {
        return List.of(base(), dev(), prod(), prodHpa());
    }

    private static Kustomize kustomize() {
        return new Kustomize(Project.get().root());
    }

    private static Path k8s() {
        return Project.get().k8s();
    }

    /** Renders once; a rendering that fails fails every test that needs it, with the renderer's message. */
    private static synchronized Rendering cached(String key, Supplier<Rendering> render) {
        Object value = CACHE.computeIfAbsent(key, k -> {
            try {
                return render.get();
            } catch (RuntimeException e) {
                return e;
            }
        });
        if (value instanceof RuntimeException e) {
            throw new IllegalStateException("rendering " + key + " failed: " + e.getMessage(), e);
        }
        return (Rendering) value;
    }
}
