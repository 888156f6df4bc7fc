package io.pkcsconnector.manifests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One rendering of deploy/k8s (base, an overlay, or an overlay with a component), converted to fabric8's typed
 * model where Kubernetes has one, and kept as {@link GenericKubernetesResource} for custom resources (Strimzi,
 * CloudNativePG, KEDA, prometheus-operator).
 */
public final class Rendering {

    /** A Kubernetes kind the typed model covers, with the one apiVersion current clusters serve for it. */
    private record Model(String apiVersion, Class<? extends HasMetadata> type) {}

    private static final Map<String, Model> MODELS = Map.ofEntries(
            Map.entry("ConfigMap", new Model("v1", ConfigMap.class)),
            Map.entry("Secret", new Model("v1", Secret.class)),
            Map.entry("Service", new Model("v1", Service.class)),
            Map.entry("ServiceAccount", new Model("v1", ServiceAccount.class)),
            Map.entry("Namespace", new Model("v1", Namespace.class)),
            Map.entry("PersistentVolumeClaim", new Model("v1", PersistentVolumeClaim.class)),
            Map.entry("Pod", new Model("v1", Pod.class)),
            Map.entry("Deployment", new Model("apps/v1", Deployment.class)),
            Map.entry("StatefulSet", new Model("apps/v1", StatefulSet.class)),
            Map.entry("DaemonSet", new Model("apps/v1", DaemonSet.class)),
            Map.entry("Job", new Model("batch/v1", Job.class)),
            Map.entry("CronJob", new Model("batch/v1", CronJob.class)),
            Map.entry("PodDisruptionBudget", new Model("policy/v1", PodDisruptionBudget.class)),
            Map.entry("HorizontalPodAutoscaler", new Model("autoscaling/v2", HorizontalPodAutoscaler.class)),
            Map.entry("NetworkPolicy", new Model("networking.k8s.io/v1", NetworkPolicy.class)),
            Map.entry("Role", new Model("rbac.authorization.k8s.io/v1", Role.class)),
            Map.entry("RoleBinding", new Model("rbac.authorization.k8s.io/v1", RoleBinding.class)),
            Map.entry("ClusterRole", new Model("rbac.authorization.k8s.io/v1", ClusterRole.class)),
            Map.entry("ClusterRoleBinding", new Model("rbac.authorization.k8s.io/v1", ClusterRoleBinding.class)));

    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String name;
    private final String expectedNamespace;
    private final boolean hpaVariant;
    private final List<ObjectNode> raw;
    private final List<HasMetadata> resources = new ArrayList<>();
    private final Map<HasMetadata, ObjectNode> rawOf = new IdentityHashMap<>();
    private final List<String> modelProblems = new ArrayList<>();

    /**
     * @param name how messages name this rendering (base, dev, prod, prod+hpa-cpu)
     * @param expectedNamespace the namespace every namespaced resource must have, or null (base)
     * @param hpaVariant whether the hpa-cpu component replaced KEDA in this rendering
     */
    public Rendering(String name, String expectedNamespace, boolean hpaVariant, List<ObjectNode> raw) {
        this.name = name;
        this.expectedNamespace = expectedNamespace;
        this.hpaVariant = hpaVariant;
        this.raw = List.copyOf(raw);
        for (ObjectNode node : raw) {
            String kind = node.path("kind").asText();
            Model model = MODELS.get(kind);
            HasMetadata resource;
            if (model != null && node.path("apiVersion").asText().equals(model.apiVersion())) {
                try {
                    resource = MAPPER.convertValue(node, model.type());
                    unknownFields(resource, describe(node), "", modelProblems, new IdentityHashMap<>());
                } catch (IllegalArgumentException e) {
                    modelProblems.add(describe(node) + ": does not match the Kubernetes schema of " + kind + ": "
                            + e.getMessage().lines().findFirst().orElse(""));
                    resource = MAPPER.convertValue(node, GenericKubernetesResource.class);
                }
            } else {
                if (model != null) {
                    modelProblems.add(describe(node) + ": apiVersion "
                            + node.path("apiVersion").asText() + " is not served by current Kubernetes for " + kind
                            + "; use " + model.apiVersion());
                }
                resource = MAPPER.convertValue(node, GenericKubernetesResource.class);
            }
            resources.add(resource);
            rawOf.put(resource, node);
        }
    }

    public String name() {
        return name;
    }

    public String expectedNamespace() {
        return expectedNamespace;
    }

    public boolean hpaVariant() {
        return hpaVariant;
    }

    public List<ObjectNode> raw() {
        return raw;
    }

    public List<HasMetadata> resources() {
        return resources;
    }

    public ObjectNode raw(HasMetadata resource) {
        return rawOf.get(resource);
    }

    /** Typed-model problems found while converting: wrong shapes, unknown fields, outdated apiVersions. */
    public List<String> modelProblems() {
        return modelProblems;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Custom resources of a kind in an API group, e.g. ("kafka.strimzi.io", "KafkaTopic"). */
    public List<GenericKubernetesResource> custom(String group, String kind) {
        return resources.stream()
                .filter(r -> r instanceof GenericKubernetesResource)
                .filter(r -> r.getKind().equals(kind) && r.getApiVersion().startsWith(group + "/"))
                .map(GenericKubernetesResource.class::cast)
                .toList();
    }

    public boolean hasInfrastructure() {
        return !custom("kafka.strimzi.io", "Kafka").isEmpty();
    }

    /** The pod template (or pod spec holder) of every workload, keyed by the workload. */
    public Map<HasMetadata, PodTemplateSpec> workloads() {
        Map<HasMetadata, PodTemplateSpec> workloads = new LinkedHashMap<>();
        for (HasMetadata r : resources) {
            PodTemplateSpec template = null;
            if (r instanceof Deployment d && d.getSpec() != null) {
                template = d.getSpec().getTemplate();
            } else if (r instanceof StatefulSet s && s.getSpec() != null) {
                template = s.getSpec().getTemplate();
            } else if (r instanceof DaemonSet s && s.getSpec() != null) {
                template = s.getSpec().getTemplate();
            } else if (r instanceof Job j && j.getSpec() != null) {
                template = j.getSpec().getTemplate();
            } else if (r instanceof CronJob c
                    && c.getSpec() != null
                    && c.getSpec().getJobTemplate() != null
                    && c.getSpec().getJobTemplate().getSpec() != null) {
                template = c.getSpec().getJobTemplate().getSpec().getTemplate();
            } else if (r instanceof Pod p) {
                template = new PodTemplateSpec(p.getMetadata(), p.getSpec());
            }
            if (template != null) {
                workloads.put(r, template);
            }
        }
        return workloads;
    }

    public Optional<ConfigMap> configMap(String namespace, String name) {
        return all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(name)
                        && same(namespace, c.getMetadata().getNamespace()))
                .findFirst();
    }

    static boolean same(String a, String b) {
        return (a == null ? "" : a).equals(b == null ? "" : b);
    }

    /** "Deployment pkcs-connector/issuance-worker (from base/issuance-worker/deployment.yaml)" style names. */
    public static String describe(HasMetadata resource) {
        String namespace = resource.getMetadata().getNamespace();
        return resource.getKind() + " " + (namespace == null ? "" : namespace + "/")
                + resource.getMetadata().getName();
    }

    static String describe(JsonNode node) {
        String namespace = node.path("metadata").path("namespace").asText("");
        return node.path("kind").asText() + " " + (namespace.isEmpty() ? "" : namespace + "/")
                + node.path("metadata").path("name").asText();
    }

    /** Fields the typed model did not know (a typo such as readinesProbe would otherwise vanish silently). */
    private static void unknownFields(
            Object value, String resource, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null || seen.containsKey(value)) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                unknownFields(element, resource, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                unknownFields(e.getValue(), resource, path + "." + e.getKey(), problems, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        seen.put(value, Boolean.TRUE);
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(resource + ": unknown field(s) " + extra.keySet() + " at "
                                + (path.isEmpty() ? "the top level" : path.substring(1)));
                    }
                } else if (!Set.of("metadata").contains(field.getName()) || path.isEmpty()) {
                    unknownFields(fieldValue, resource, path + "." + field.getName(), problems, seen);
                }
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
