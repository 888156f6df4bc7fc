package io.pkcsconnector.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.pkcsconnector.manifests.config.ConfigSurface;
import io.pkcsconnector.manifests.kustomize.Kustomize;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The invariants the manifests must keep, each returning its violations as messages that name the rendering, the
 * resource and what is wrong (an empty list means the invariant holds).
 */
public final class Invariants {

    static final String NAME = "app.kubernetes.io/name";
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String VERSION = "app.kubernetes.io/version";
    static final String PART_OF_VALUE = "pkcs-connector";

    static final String LIVENESS_PATH = "/q/health/live";
    static final String READINESS_PATH = "/q/health/ready";
    static final String METRICS_PATH = "/q/metrics";

    static final String DEFAULT_REGISTRY = "ghcr.io";
    static final String DEFAULT_GROUP = "pkcs-connector";

    /**
     * Environment variables read by the container image rather than by the service: the launcher script
     * (run-java.sh) of the UBI OpenJDK runtime image that Quarkus' Jib build uses as its base.
     */
    static final Map<String, String> IMAGE_ENV = Map.of(
            // Extra JVM options appended to the launcher's defaults (GC, -XX flags).
            "JAVA_OPTS_APPEND", "JVM options the image's run-java.sh appends",
            // Replaces the launcher's JVM options altogether.
            "JAVA_OPTS", "JVM options the image's run-java.sh uses",
            // Maximum heap as a percentage of the container memory limit.
            "JAVA_MAX_MEM_RATIO", "run-java.sh: -Xmx as % of the container memory limit",
            // Initial heap as a percentage of the maximum heap.
            "JAVA_INITIAL_MEM_RATIO", "run-java.sh: -Xms as % of the maximum heap");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Rendering r;
    private final Project p;
    private final String prefix;

    public Invariants(Rendering rendering, Project project) {
        this.r = rendering;
        this.p = project;
        this.prefix = "[" + rendering.name() + "] ";
    }

    // =========================================================================================================
    // The service modules' resources

    /** A service module's Deployment, its pod template and its main container. */
    record ModuleView(String module, Deployment deployment, PodTemplateSpec template, Container container) {
        PodSpec pod() {
            return template.getSpec();
        }

        Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null
                    ? Map.of()
                    : template.getMetadata().getLabels();
        }

        String namespace() {
            return deployment.getMetadata().getNamespace();
        }
    }

    /** Resources of {@code type} that belong to {@code module}: labelled with its name, or named after it. */
    <T extends HasMetadata> List<T> ofModule(Class<T> type, String module) {
        return r.all(type).stream()
                .filter(x -> module.equals(label(x, NAME))
                        || x.getMetadata().getName().equals(module)
                        || x.getMetadata().getName().startsWith(module + "-"))
                .toList();
    }

    Optional<ModuleView> view(String module) {
        List<Deployment> deployments = ofModule(Deployment.class, module);
        if (deployments.size() != 1) {
            return Optional.empty();
        }
        Deployment d = deployments.get(0);
        if (d.getSpec() == null
                || d.getSpec().getTemplate() == null
                || d.getSpec().getTemplate().getSpec() == null) {
            return Optional.empty();
        }
        PodTemplateSpec template = d.getSpec().getTemplate();
        List<Container> containers = template.getSpec().getContainers();
        Container main = containers.stream()
                .filter(c -> module.equals(c.getName()))
                .findFirst()
                .orElse(containers.size() == 1 ? containers.get(0) : null);
        if (main == null) {
            return Optional.empty();
        }
        return Optional.of(new ModuleView(module, d, template, main));
    }

    private List<ModuleView> views(List<String> problems) {
        List<ModuleView> views = new ArrayList<>();
        for (String module : p.serviceNames()) {
            Optional<ModuleView> view = view(module);
            if (view.isPresent()) {
                views.add(view.get());
            } else {
                problems.add(prefix + module + ": no single Deployment with a container named " + module
                        + " (see the structure invariant)");
            }
        }
        return views;
    }

    // =========================================================================================================
    // 0. Well-formed: the typed model accepts every resource

    public List<String> wellFormed() {
        List<String> problems = new ArrayList<>();
        for (String problem : r.modelProblems()) {
            problems.add(prefix + problem);
        }
        for (ObjectNode node : r.raw()) {
            String what = Rendering.describe(node);
            stringsOnly(node.path("metadata").path("labels"), what, "metadata.labels", problems);
            stringsOnly(node.path("metadata").path("annotations"), what, "metadata.annotations", problems);
            JsonNode template = node.path("spec").path("template").path("metadata");
            stringsOnly(template.path("labels"), what, "spec.template.metadata.labels", problems);
            stringsOnly(template.path("annotations"), what, "spec.template.metadata.annotations", problems);
            if (node.path("kind").asText().equals("ConfigMap")) {
                stringsOnly(node.path("data"), what, "data", problems);
            }
            for (JsonNode containers : node.findValues("containers")) {
                for (JsonNode container : containers) {
                    for (JsonNode env : container.path("env")) {
                        if (env.has("value") && !env.get("value").isTextual()) {
                            problems.add(prefix + what + ": env "
                                    + env.path("name").asText() + " of container "
                                    + container.path("name").asText() + " has a non-string value " + env.get("value")
                                    + " (quote it; the API server rejects it)");
                        }
                    }
                }
            }
        }
        return problems;
    }

    private void stringsOnly(JsonNode map, String what, String field, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                problems.add(prefix + what + ": " + field + "." + e.getKey() + " is " + e.getValue()
                        + ", not a string (quote it; the API server rejects it)");
            }
        }
    }

    // =========================================================================================================
    // 1. Structure: one Deployment, Service, ServiceAccount, ConfigMap, PDB per module, labelled and wired

    public List<String> structure() {
        List<String> problems = new ArrayList<>();
        List<Class<? extends HasMetadata>> kinds = List.of(
                Deployment.class, Service.class, ServiceAccount.class, ConfigMap.class, PodDisruptionBudget.class);
        for (String module : p.serviceNames()) {
            for (Class<? extends HasMetadata> kind : kinds) {
                List<? extends HasMetadata> found = ofModule(kind, module);
                if (found.size() != 1) {
                    problems.add(prefix + module + ": expected exactly one " + kind.getSimpleName()
                            + " (labelled " + NAME + "=" + module + "), found " + found.size() + " "
                            + found.stream().map(Rendering::describe).toList());
                }
                for (HasMetadata resource : found) {
                    expectLabel(resource, NAME, module, problems);
                    expectLabel(resource, PART_OF, PART_OF_VALUE, problems);
                    expectLabel(resource, VERSION, p.version(), problems);
                }
            }
            Optional<ModuleView> view = view(module);
            if (view.isEmpty()) {
                continue;
            }
            ModuleView v = view.get();
            String deployment = Rendering.describe(v.deployment());
            LabelSelector selector = v.deployment().getSpec().getSelector();
            if (selector == null || Selectors.isEmpty(selector)) {
                problems.add(prefix + deployment + ": spec.selector is missing or empty");
            } else {
                if (!Selectors.selects(selector, v.podLabels())) {
                    problems.add(prefix + deployment + ": selector " + Selectors.show(selector)
                            + " does not match its pod template labels " + v.podLabels());
                }
                if (selector.getMatchLabels() != null
                        && selector.getMatchLabels().containsKey(VERSION)) {
                    problems.add(prefix + deployment + ": selector contains " + VERSION
                            + ": a Deployment's selector is immutable, so the next version could not be applied");
                }
                for (Map.Entry<HasMetadata, PodTemplateSpec> other :
                        r.workloads().entrySet()) {
                    if (other.getKey() != v.deployment() && Selectors.selects(selector, labels(other.getValue()))) {
                        problems.add(prefix + deployment + ": selector " + Selectors.show(selector)
                                + " also matches the pods of " + Rendering.describe(other.getKey()));
                    }
                }
            }
            // The pods run as the module's own ServiceAccount.
            List<ServiceAccount> accounts = ofModule(ServiceAccount.class, module);
            String accountName = v.pod().getServiceAccountName();
            if (accounts.size() == 1 && !accounts.get(0).getMetadata().getName().equals(accountName)) {
                problems.add(prefix + deployment + ": serviceAccountName is " + accountName + ", not "
                        + accounts.get(0).getMetadata().getName());
            }
            for (Service service : ofModule(Service.class, module)) {
                String what = Rendering.describe(service);
                Map<String, String> serviceSelector =
                        service.getSpec() == null ? null : service.getSpec().getSelector();
                if (serviceSelector == null || serviceSelector.isEmpty()) {
                    problems.add(prefix + what + ": no spec.selector: it selects no pods");
                } else {
                    if (!Selectors.selects(serviceSelector, v.podLabels())) {
                        problems.add(prefix + what + ": selector " + serviceSelector + " does not select the pods of "
                                + deployment + " (pod labels " + v.podLabels() + ")");
                    }
                    for (Map.Entry<HasMetadata, PodTemplateSpec> other :
                            r.workloads().entrySet()) {
                        if (other.getKey() != v.deployment()
                                && Selectors.selects(serviceSelector, labels(other.getValue()))) {
                            problems.add(prefix + what + ": selector " + serviceSelector + " also selects the pods of "
                                    + Rendering.describe(other.getKey()));
                        }
                    }
                }
                for (ServicePort port : service.getSpec() == null
                        ? List.<ServicePort>of()
                        : service.getSpec().getPorts()) {
                    IntOrString target =
                            port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                    if (resolvePort(v.template().getSpec().getContainers(), target) == null) {
                        problems.add(prefix + what + ": port " + port.getName() + " targets " + show(target)
                                + ", which no container of " + deployment + " declares");
                    }
                }
            }
            for (PodDisruptionBudget pdb : ofModule(PodDisruptionBudget.class, module)) {
                String what = Rendering.describe(pdb);
                LabelSelector pdbSelector =
                        pdb.getSpec() == null ? null : pdb.getSpec().getSelector();
                if (pdbSelector == null || Selectors.isEmpty(pdbSelector)) {
                    problems.add(prefix + what + ": selector missing or empty");
                } else {
                    if (!Selectors.selects(pdbSelector, v.podLabels())) {
                        problems.add(prefix + what + ": selector " + Selectors.show(pdbSelector)
                                + " does not select the pods of " + deployment);
                    }
                    for (Map.Entry<HasMetadata, PodTemplateSpec> other :
                            r.workloads().entrySet()) {
                        if (other.getKey() != v.deployment()
                                && Selectors.selects(pdbSelector, labels(other.getValue()))) {
                            problems.add(prefix + what + ": selector " + Selectors.show(pdbSelector)
                                    + " also selects the pods of " + Rendering.describe(other.getKey()));
                        }
                    }
                }
                IntOrString maxUnavailable =
                        pdb.getSpec() == null ? null : pdb.getSpec().getMaxUnavailable();
                IntOrString minAvailable =
                        pdb.getSpec() == null ? null : pdb.getSpec().getMinAvailable();
                if (maxUnavailable != null && Integer.valueOf(0).equals(maxUnavailable.getIntVal())) {
                    problems.add(prefix + what + ": maxUnavailable 0 blocks every node drain");
                }
                int replicas = minimumReplicas(v);
                if (minAvailable != null && minAvailable.getIntVal() != null && minAvailable.getIntVal() >= replicas) {
                    problems.add(prefix + what + ": minAvailable " + minAvailable.getIntVal() + " >= the " + replicas
                            + " replica(s) of " + deployment + ": it blocks every node drain");
                }
            }
        }
        return problems;
    }

    private void expectLabel(HasMetadata resource, String key, String expected, List<String> problems) {
        String actual = label(resource, key);
        if (!expected.equals(actual)) {
            problems.add(prefix + Rendering.describe(resource) + ": label " + key + " is "
                    + (actual == null ? "missing" : actual) + ", expected " + expected);
        }
    }

    // =========================================================================================================
    // 2. Probes on the HTTP port, which is the service's quarkus.http.port

    public List<String> probes() {
        List<String> problems = new ArrayList<>();
        for (ModuleView v : views(problems)) {
            String where = prefix + Rendering.describe(v.deployment()) + " container "
                    + v.container().getName();
            Project.Service service = p.service(v.module());
            int httpPort = Integer.parseInt(service.properties().getOrDefault("quarkus.http.port", "8080"));
            Map<String, Env> env = environment(v, new ArrayList<>());
            Env override = env.get("QUARKUS_HTTP_PORT");
            if (override != null && !String.valueOf(httpPort).equals(override.value())) {
                problems.add(where + ": QUARKUS_HTTP_PORT=" + override.value() + " (" + override.source()
                        + ") moves the HTTP port away from quarkus.http.port=" + httpPort + " in "
                        + p.root().relativize(service.applicationProperties()));
            }
            List<ContainerPort> ports =
                    v.container().getPorts() == null ? List.of() : v.container().getPorts();
            Optional<ContainerPort> http = ports.stream()
                    .filter(port -> port.getContainerPort() == httpPort)
                    .findFirst();
            if (http.isEmpty()) {
                problems.add(where + ": no containerPort " + httpPort + " (quarkus.http.port of " + v.module()
                        + "); ports are "
                        + ports.stream().map(ContainerPort::getContainerPort).toList());
            }
            ports.stream()
                    .filter(port -> "http".equals(port.getName()) && port.getContainerPort() != httpPort)
                    .forEach(port -> problems.add(where + ": the port named http is " + port.getContainerPort()
                            + ", but quarkus.http.port is " + httpPort));
            checkProbe(where, "livenessProbe", v.container().getLivenessProbe(), LIVENESS_PATH, httpPort, v, problems);
            checkProbe(
                    where, "readinessProbe", v.container().getReadinessProbe(), READINESS_PATH, httpPort, v, problems);
            Probe startup = v.container().getStartupProbe();
            if (startup != null) {
                HTTPGetAction get = startup.getHttpGet();
                if (get == null
                        || !Set.of(LIVENESS_PATH, READINESS_PATH, "/q/health/started")
                                .contains(get.getPath())) {
                    problems.add(where + ": startupProbe is not an HTTP GET of a /q/health endpoint");
                } else if (!Integer.valueOf(httpPort).equals(probePort(v.container(), get.getPort()))) {
                    problems.add(
                            where + ": startupProbe port " + show(get.getPort()) + " is not the HTTP port " + httpPort);
                }
            }
        }
        return problems;
    }

    private void checkProbe(
            String where, String kind, Probe probe, String path, int httpPort, ModuleView v, List<String> problems) {
        if (probe == null) {
            problems.add(where + ": no " + kind);
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            problems.add(where + ": " + kind + " is not an HTTP GET of " + path);
            return;
        }
        if (!path.equals(get.getPath())) {
            problems.add(where + ": " + kind + " path is " + get.getPath() + ", expected " + path);
        }
        Integer port = probePort(v.container(), get.getPort());
        if (!Integer.valueOf(httpPort).equals(port)) {
            problems.add(where + ": " + kind + " port " + show(get.getPort()) + " resolves to " + port
                    + ", not the HTTP port " + httpPort);
        }
        if (get.getScheme() != null && !get.getScheme().equals("HTTP")) {
            problems.add(where + ": " + kind + " scheme " + get.getScheme() + ": the services serve plain HTTP");
        }
    }

    // =========================================================================================================
    // 3. Resources: cpu and memory requests and limits everywhere, limits >= requests

    public List<String> resources() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<HasMetadata, PodTemplateSpec> workload : r.workloads().entrySet()) {
            PodSpec pod = workload.getValue().getSpec();
            for (Container c : containers(pod)) {
                String where = prefix + Rendering.describe(workload.getKey()) + " container " + c.getName();
                Map<String, Quantity> requests =
                        c.getResources() == null || c.getResources().getRequests() == null
                                ? Map.of()
                                : c.getResources().getRequests();
                Map<String, Quantity> limits =
                        c.getResources() == null || c.getResources().getLimits() == null
                                ? Map.of()
                                : c.getResources().getLimits();
                checkResources(where, requests, limits, problems);
            }
        }
        // Operator-made pods: their containers' resources are in the custom resources.
        for (GenericKubernetesResource pool : r.custom("kafka.strimzi.io", "KafkaNodePool")) {
            checkResources(
                    prefix + Rendering.describe(pool) + " spec.resources",
                    r.raw(pool).path("spec").path("resources"),
                    problems);
        }
        for (GenericKubernetesResource cluster : r.custom("postgresql.cnpg.io", "Cluster")) {
            checkResources(
                    prefix + Rendering.describe(cluster) + " spec.resources",
                    r.raw(cluster).path("spec").path("resources"),
                    problems);
        }
        for (GenericKubernetesResource kafka : r.custom("kafka.strimzi.io", "Kafka")) {
            JsonNode spec = r.raw(kafka).path("spec");
            Map<String, JsonNode> parts = new LinkedHashMap<>();
            parts.put(
                    "spec.entityOperator.topicOperator",
                    spec.path("entityOperator").path("topicOperator"));
            parts.put(
                    "spec.entityOperator.userOperator",
                    spec.path("entityOperator").path("userOperator"));
            parts.put("spec.kafkaExporter", spec.path("kafkaExporter"));
            parts.put("spec.cruiseControl", spec.path("cruiseControl"));
            parts.forEach((path, part) -> {
                if (part.isObject()) {
                    checkResources(
                            prefix + Rendering.describe(kafka) + " " + path + ".resources",
                            part.path("resources"),
                            problems);
                }
            });
        }
        return problems;
    }

    private void checkResources(String where, JsonNode resources, List<String> problems) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        resources
                .path("requests")
                .fields()
                .forEachRemaining(
                        e -> requests.put(e.getKey(), new Quantity(e.getValue().asText())));
        resources
                .path("limits")
                .fields()
                .forEachRemaining(
                        e -> limits.put(e.getKey(), new Quantity(e.getValue().asText())));
        checkResources(where, requests, limits, problems);
    }

    private void checkResources(
            String where, Map<String, Quantity> requests, Map<String, Quantity> limits, List<String> problems) {
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests.get(resource);
            Quantity limit = limits.get(resource);
            if (request == null) {
                problems.add(where + ": no " + resource + " request");
            }
            if (limit == null) {
                problems.add(where + ": no " + resource + " limit");
            }
            if (request != null && limit != null) {
                BigDecimal req = request.getNumericalAmount();
                BigDecimal lim = limit.getNumericalAmount();
                if (lim.compareTo(req) < 0) {
                    problems.add(where + ": " + resource + " limit " + limit + " is below the request " + request);
                }
            }
        }
    }

    // =========================================================================================================
    // 4. Security: non-root, read-only root, no privilege escalation, no capabilities, no token, graceful stop

    public List<String> security() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<HasMetadata, PodTemplateSpec> workload : r.workloads().entrySet()) {
            String what = prefix + Rendering.describe(workload.getKey());
            PodSpec pod = workload.getValue().getSpec();
            Boolean podNonRoot = pod.getSecurityContext() == null
                    ? null
                    : pod.getSecurityContext().getRunAsNonRoot();
            Long podUser = pod.getSecurityContext() == null
                    ? null
                    : pod.getSecurityContext().getRunAsUser();
            for (Container c : containers(pod)) {
                String where = what + " container " + c.getName();
                SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podNonRoot;
                Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podUser;
                if (!Boolean.TRUE.equals(nonRoot)) {
                    problems.add(where + ": runAsNonRoot is not true (neither the container's nor the pod's)");
                }
                if (Long.valueOf(0).equals(user)) {
                    problems.add(where + ": runAsUser 0 (root)");
                }
                if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    problems.add(where + ": readOnlyRootFilesystem is not true");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    problems.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (Boolean.TRUE.equals(sc.getPrivileged())) {
                    problems.add(where + ": privileged");
                }
                List<String> drop =
                        sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                                ? List.of()
                                : sc.getCapabilities().getDrop();
                if (!drop.contains("ALL")) {
                    problems.add(where + ": capabilities do not drop ALL (drop: " + drop + ")");
                }
            }
            if (Boolean.TRUE.equals(pod.getHostNetwork())
                    || Boolean.TRUE.equals(pod.getHostPID())
                    || Boolean.TRUE.equals(pod.getHostIPC())) {
                problems.add(what + ": shares the host's network, PID or IPC namespace");
            }
            Boolean automount = pod.getAutomountServiceAccountToken();
            if (automount == null) {
                String accountName = pod.getServiceAccountName() == null ? "default" : pod.getServiceAccountName();
                automount = r.all(ServiceAccount.class).stream()
                        .filter(sa -> sa.getMetadata().getName().equals(accountName)
                                && Rendering.same(
                                        sa.getMetadata().getNamespace(),
                                        workload.getKey().getMetadata().getNamespace()))
                        .map(ServiceAccount::getAutomountServiceAccountToken)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
            }
            if (!Boolean.FALSE.equals(automount)) {
                problems.add(what + ": automountServiceAccountToken is not false (pod spec or its ServiceAccount)");
            }
        }
        for (ModuleView v : views(problems)) {
            String where = prefix + Rendering.describe(v.deployment());
            Map<String, Env> env = environment(v, new ArrayList<>());
            Duration shutdown = p.service(v.module()).shutdownTimeout();
            Env override = env.get("QUARKUS_SHUTDOWN_TIMEOUT");
            if (override != null && override.value() != null) {
                shutdown = Project.duration(override.value());
            }
            long preStop = preStopSeconds(v.container());
            long grace = v.pod().getTerminationGracePeriodSeconds() == null
                    ? 30
                    : v.pod().getTerminationGracePeriodSeconds();
            if (grace <= preStop + shutdown.toSeconds()) {
                problems.add(where + ": terminationGracePeriodSeconds " + grace
                        + (v.pod().getTerminationGracePeriodSeconds() == null ? " (default)" : "")
                        + " does not exceed the preStop delay (" + preStop + " s) + quarkus.shutdown.timeout ("
                        + shutdown.toSeconds() + " s): in-flight work would be killed");
            }
        }
        return problems;
    }

    private static long preStopSeconds(Container c) {
        if (c.getLifecycle() == null || c.getLifecycle().getPreStop() == null) {
            return 0;
        }
        var handler = c.getLifecycle().getPreStop();
        if (handler.getSleep() != null && handler.getSleep().getSeconds() != null) {
            return handler.getSleep().getSeconds();
        }
        if (handler.getExec() != null && handler.getExec().getCommand() != null) {
            List<String> command = handler.getExec().getCommand();
            for (int i = 0; i + 1 < command.size(); i++) {
                if (command.get(i).endsWith("sleep") && command.get(i + 1).matches("\\d+")) {
                    return Long.parseLong(command.get(i + 1));
                }
            }
        }
        return 0;
    }

    // =========================================================================================================
    // 5. Prometheus: scrape annotations on the pods, and in prod a ServiceMonitor per service

    public List<String> prometheus(boolean serviceMonitorsRequired) {
        List<String> problems = new ArrayList<>();
        for (ModuleView v : views(problems)) {
            String where = prefix + Rendering.describe(v.deployment()) + " pod template";
            Project.Service service = p.service(v.module());
            int httpPort = service.httpPort();
            String metricsPath =
                    service.value("quarkus.micrometer.export.prometheus.path").orElse(METRICS_PATH);
            if (!metricsPath.equals(METRICS_PATH)) {
                problems.add(where + ": the service serves metrics at " + metricsPath + ", not " + METRICS_PATH);
            }
            Map<String, String> annotations = v.template().getMetadata().getAnnotations() == null
                    ? Map.of()
                    : v.template().getMetadata().getAnnotations();
            expectAnnotation(where, annotations, "prometheus.io/scrape", "true", problems);
            expectAnnotation(where, annotations, "prometheus.io/port", String.valueOf(httpPort), problems);
            expectAnnotation(where, annotations, "prometheus.io/path", METRICS_PATH, problems);
            if (!serviceMonitorsRequired) {
                continue;
            }
            List<Service> services = ofModule(Service.class, v.module());
            if (services.size() != 1) {
                continue; // reported by the structure invariant
            }
            Service svc = services.get(0);
            List<GenericKubernetesResource> monitors = new ArrayList<>();
            for (GenericKubernetesResource monitor : r.custom("monitoring.coreos.com", "ServiceMonitor")) {
                JsonNode spec = r.raw(monitor).path("spec");
                LabelSelector selector = Rendering.MAPPER.convertValue(spec.path("selector"), LabelSelector.class);
                boolean namespaceOk = spec.path("namespaceSelector").path("any").asBoolean(false)
                        || contains(
                                spec.path("namespaceSelector").path("matchNames"),
                                svc.getMetadata().getNamespace())
                        || !spec.path("namespaceSelector").has("matchNames")
                                && Rendering.same(
                                        monitor.getMetadata().getNamespace(),
                                        svc.getMetadata().getNamespace());
                if (spec.path("selector").isObject()
                        && Selectors.selects(selector, svc.getMetadata().getLabels())
                        && namespaceOk) {
                    monitors.add(monitor);
                }
            }
            if (monitors.size() != 1) {
                problems.add(prefix + v.module() + ": expected one ServiceMonitor selecting " + Rendering.describe(svc)
                        + ", found " + monitors.size() + " "
                        + monitors.stream().map(Rendering::describe).toList());
            }
            for (GenericKubernetesResource monitor : monitors) {
                String what = prefix + Rendering.describe(monitor);
                JsonNode endpoints = r.raw(monitor).path("spec").path("endpoints");
                boolean ok = false;
                for (JsonNode endpoint : endpoints) {
                    String portName = endpoint.path("port").asText(null);
                    Optional<ServicePort> port = svc.getSpec().getPorts().stream()
                            .filter(sp -> sp.getName() != null && sp.getName().equals(portName))
                            .findFirst();
                    if (port.isEmpty()) {
                        problems.add(what + ": endpoint port " + portName + " is not a named port of "
                                + Rendering.describe(svc));
                        continue;
                    }
                    IntOrString target = port.get().getTargetPort() != null
                            ? port.get().getTargetPort()
                            : new IntOrString(port.get().getPort());
                    Integer resolved = resolvePort(v.pod().getContainers(), target);
                    if (!Integer.valueOf(httpPort).equals(resolved)) {
                        problems.add(what + ": endpoint port " + portName + " reaches container port " + resolved
                                + ", not the HTTP port " + httpPort);
                        continue;
                    }
                    String path = endpoint.path("path").asText("/metrics");
                    if (!METRICS_PATH.equals(path)) {
                        problems.add(what + ": endpoint path is " + path
                                + (endpoint.has("path") ? "" : " (the default)") + ", expected " + METRICS_PATH);
                        continue;
                    }
                    if (!endpoint.path("scheme").asText("http").equals("http")) {
                        problems.add(what + ": endpoint scheme "
                                + endpoint.path("scheme").asText() + ": the services serve plain HTTP");
                        continue;
                    }
                    ok = true;
                }
                if (!ok && endpoints.isEmpty()) {
                    problems.add(what + ": no endpoints");
                }
            }
        }
        return problems;
    }

    private void expectAnnotation(
            String where, Map<String, String> annotations, String key, String expected, List<String> problems) {
        String actual = annotations.get(key);
        if (!expected.equals(actual)) {
            problems.add(where + ": annotation " + key + " is " + (actual == null ? "missing" : actual) + ", expected "
                    + expected);
        }
    }

    // =========================================================================================================
    // 6. Secrets: none in the manifests, and every one referenced is documented in deploy/k8s/README.md

    public List<String> secrets() {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> documented = p.documentedSecrets();
        for (Secret secret : r.all(Secret.class)) {
            problems.add(prefix + Rendering.describe(secret) + ": a Secret in the manifests (secrets are created in the"
                    + " cluster, see deploy/k8s/README.md)");
        }
        for (HasMetadata resource : r.resources()) {
            if (resource.getKind().equals("Secret") && !(resource instanceof Secret)) {
                problems.add(prefix + Rendering.describe(resource) + ": a Secret in the manifests");
            }
        }
        for (SecretRef ref : secretReferences()) {
            if (!documented.containsKey(ref.name())) {
                problems.add(prefix + ref.where() + ": Secret " + ref.name() + " is not listed in deploy/k8s/README.md"
                        + " (documented: " + documented.keySet() + ")");
            } else if (ref.key() != null
                    && !documented.get(ref.name()).isEmpty()
                    && !documented.get(ref.name()).contains(ref.key())) {
                problems.add(prefix + ref.where() + ": key " + ref.key() + " of Secret " + ref.name()
                        + " is not documented in deploy/k8s/README.md (documented keys: " + documented.get(ref.name())
                        + ")");
            }
        }
        return problems;
    }

    record SecretRef(String where, String name, String key) {}

    List<SecretRef> secretReferences() {
        List<SecretRef> refs = new ArrayList<>();
        for (Map.Entry<HasMetadata, PodTemplateSpec> workload : r.workloads().entrySet()) {
            String what = Rendering.describe(workload.getKey());
            PodSpec pod = workload.getValue().getSpec();
            for (Container c : containers(pod)) {
                for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        refs.add(new SecretRef(
                                what + " container " + c.getName() + " env " + env.getName(),
                                env.getValueFrom().getSecretKeyRef().getName(),
                                env.getValueFrom().getSecretKeyRef().getKey()));
                    }
                }
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getSecretRef() != null) {
                        refs.add(new SecretRef(
                                what + " container " + c.getName() + " envFrom",
                                from.getSecretRef().getName(),
                                null));
                    }
                }
            }
            for (Volume volume : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
                if (volume.getSecret() != null) {
                    List<KeyToPath> items = volume.getSecret().getItems();
                    if (items == null || items.isEmpty()) {
                        refs.add(new SecretRef(
                                what + " volume " + volume.getName(),
                                volume.getSecret().getSecretName(),
                                null));
                    } else {
                        for (KeyToPath item : items) {
                            refs.add(new SecretRef(
                                    what + " volume " + volume.getName(),
                                    volume.getSecret().getSecretName(),
                                    item.getKey()));
                        }
                    }
                }
                if (volume.getProjected() != null && volume.getProjected().getSources() != null) {
                    for (VolumeProjection source : volume.getProjected().getSources()) {
                        if (source.getSecret() != null) {
                            refs.add(new SecretRef(
                                    what + " volume " + volume.getName(),
                                    source.getSecret().getName(),
                                    null));
                        }
                    }
                }
            }
        }
        // Custom resources: any secretKeyRef / secretRef / secretName in their specs.
        for (HasMetadata resource : r.resources()) {
            if (resource instanceof GenericKubernetesResource) {
                collectSecretNames(r.raw(resource), Rendering.describe(resource), "", refs);
            }
        }
        return refs;
    }

    private static void collectSecretNames(JsonNode node, String what, String path, List<SecretRef> refs) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = path + "." + e.getKey();
                if ((e.getKey().equals("secretKeyRef") || e.getKey().equals("secretRef"))
                        && e.getValue().path("name").isTextual()) {
                    refs.add(new SecretRef(
                            what + " " + at.substring(1),
                            e.getValue().get("name").asText(),
                            e.getValue().path("key").asText(null)));
                } else if (e.getKey().equals("secretName") && e.getValue().isTextual()) {
                    refs.add(new SecretRef(
                            what + " " + at.substring(1), e.getValue().asText(), null));
                } else {
                    collectSecretNames(e.getValue(), what, at, refs);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectSecretNames(node.get(i), what, path + "[" + i + "]", refs);
            }
        }
    }

    // =========================================================================================================
    // 7. Images: what the build pushes, <registry>/<group>/<module>:<version>

    public List<String> images(boolean tagMustBeProjectVersion) {
        List<String> problems = new ArrayList<>();
        for (ModuleView v : views(problems)) {
            Project.Service service = p.service(v.module());
            String registry = service.value("quarkus.container-image.registry").orElse(DEFAULT_REGISTRY);
            String group = service.value("quarkus.container-image.group").orElse(DEFAULT_GROUP);
            String name = service.value("quarkus.container-image.name").orElse(v.module());
            String tag = service.value("quarkus.container-image.tag").orElse(p.version());
            String expected = registry + "/" + group + "/" + name;
            String where = prefix + Rendering.describe(v.deployment()) + " container "
                    + v.container().getName();
            String image = v.container().getImage();
            if (image == null) {
                problems.add(where + ": no image");
                continue;
            }
            Kustomize.ImageRef ref = Kustomize.ImageRef.parse(image);
            if (!ref.name().equals(expected)) {
                problems.add(where + ": image " + image + " is not " + expected + " (what the build of " + v.module()
                        + " pushes)");
            }
            if (!name.equals(v.module())) {
                problems.add(
                        where + ": quarkus.container-image.name " + name + " is not the module name " + v.module());
            }
            if (ref.tag() == null && ref.digest() == null) {
                problems.add(where + ": image " + image + " has no tag (it would pull latest)");
            } else if ("latest".equals(ref.tag())) {
                problems.add(where + ": image " + image + " uses the mutable tag latest");
            } else if (tagMustBeProjectVersion && !tag.equals(ref.tag())) {
                problems.add(where + ": image tag " + ref.tag() + " is not the project version " + tag);
            }
        }
        return problems;
    }

    // =========================================================================================================
    // 8. Kafka: one cluster, and a KafkaTopic per topic of the contracts and of the services' channels

    public List<String> kafka() {
        List<String> problems = new ArrayList<>();
        List<GenericKubernetesResource> clusters = r.custom("kafka.strimzi.io", "Kafka");
        if (clusters.size() != 1) {
            problems.add(prefix + "expected one Strimzi Kafka, found " + clusters.size());
            return problems;
        }
        GenericKubernetesResource kafka = clusters.get(0);
        String cluster = kafka.getMetadata().getName();
        List<GenericKubernetesResource> pools = r.custom("kafka.strimzi.io", "KafkaNodePool");
        int brokers = 0;
        Set<String> roles = new TreeSet<>();
        if (pools.isEmpty()) {
            problems.add(prefix + "no KafkaNodePool for Kafka " + cluster);
        }
        for (GenericKubernetesResource pool : pools) {
            String what = prefix + Rendering.describe(pool);
            if (!cluster.equals(label(pool, "strimzi.io/cluster"))) {
                problems.add(what + ": label strimzi.io/cluster is " + label(pool, "strimzi.io/cluster") + ", not "
                        + cluster);
            }
            if (!Rendering.same(
                    pool.getMetadata().getNamespace(), kafka.getMetadata().getNamespace())) {
                problems.add(what + ": not in the namespace of Kafka " + cluster);
            }
            JsonNode spec = r.raw(pool).path("spec");
            Set<String> poolRoles = new TreeSet<>();
            spec.path("roles").forEach(role -> poolRoles.add(role.asText()));
            roles.addAll(poolRoles);
            if (poolRoles.contains("broker")) {
                brokers += spec.path("replicas").asInt(0);
            }
        }
        if (!pools.isEmpty() && !roles.containsAll(Set.of("broker", "controller"))) {
            problems.add(prefix + "the KafkaNodePools of " + cluster + " have roles " + roles
                    + ": KRaft needs controllers and brokers");
        }
        JsonNode brokerConfig = r.raw(kafka).path("spec").path("kafka").path("config");
        for (String key : List.of(
                "default.replication.factor",
                "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor")) {
            if (brokerConfig.has(key) && brokerConfig.get(key).asInt() > brokers) {
                problems.add(prefix + Rendering.describe(kafka) + ": " + key + " "
                        + brokerConfig.get(key).asInt() + " exceeds the " + brokers + " broker(s)");
            }
        }
        int brokerMinIsr = brokerConfig.path("min.insync.replicas").asInt(1);

        Map<String, GenericKubernetesResource> topics = new LinkedHashMap<>();
        for (GenericKubernetesResource topic : r.custom("kafka.strimzi.io", "KafkaTopic")) {
            String what = prefix + Rendering.describe(topic);
            JsonNode spec = r.raw(topic).path("spec");
            String topicName = spec.path("topicName").asText(topic.getMetadata().getName());
            if (topics.put(topicName, topic) != null) {
                problems.add(what + ": a second KafkaTopic for topic " + topicName);
            }
            if (!cluster.equals(label(topic, "strimzi.io/cluster"))) {
                problems.add(what + ": label strimzi.io/cluster is " + label(topic, "strimzi.io/cluster")
                        + ", not the Kafka " + cluster + " (the topic operator would ignore it)");
            }
            if (!Rendering.same(
                    topic.getMetadata().getNamespace(), kafka.getMetadata().getNamespace())) {
                problems.add(
                        what + ": not in the namespace of Kafka " + cluster + " (the topic operator watches that one)");
            }
            int replicas = spec.path("replicas")
                    .asInt(brokerConfig.path("default.replication.factor").asInt(1));
            if (replicas > brokers) {
                problems.add(what + ": replicas " + replicas + " exceed the " + brokers + " broker(s)");
            }
            int minIsr = spec.path("config").path("min.insync.replicas").asInt(brokerMinIsr);
            if (minIsr > replicas) {
                problems.add(what + ": min.insync.replicas " + minIsr + " > replicas " + replicas
                        + ": every acks=all write would fail");
            }
        }
        for (Contracts.TopicSpec expected : Contracts.topics()) {
            GenericKubernetesResource topic = topics.get(expected.name());
            if (topic == null) {
                problems.add(prefix + "no KafkaTopic for " + expected.name() + " (libs/contracts Topics)");
                continue;
            }
            String what = prefix + Rendering.describe(topic);
            JsonNode spec = r.raw(topic).path("spec");
            if (spec.path("partitions").asInt(-1) != expected.partitions()) {
                problems.add(what + ": partitions " + spec.path("partitions") + ", the contracts say "
                        + expected.partitions());
            }
            String cleanup = spec.path("config").path("cleanup.policy").asText(null);
            if (!expected.cleanupPolicy().equals(cleanup)) {
                problems.add(what + ": cleanup.policy " + cleanup + ", the contracts say " + expected.cleanupPolicy());
            }
            JsonNode retention = spec.path("config").path("retention.ms");
            if (retention.isMissingNode()
                    || !retention.asText().matches("-?\\d+")
                    || Long.parseLong(retention.asText()) != expected.retentionMs()) {
                problems.add(what + ": retention.ms " + (retention.isMissingNode() ? "missing" : retention.asText())
                        + ", the contracts say " + expected.retentionMs());
            }
        }
        for (String module : p.serviceNames()) {
            for (String topic : p.service(module).topics()) {
                if (!topics.containsKey(topic)) {
                    problems.add(prefix + "no KafkaTopic for " + topic + " (a channel of " + module
                            + "; the brokers do not auto-create topics)");
                }
            }
        }
        Contracts.TopicSpec request = Contracts.requestTopic();
        GenericKubernetesResource requestTopic = topics.get(request.name());
        if (requestTopic != null
                && r.raw(requestTopic).path("spec").path("partitions").asInt() != 100) {
            problems.add(prefix + Rendering.describe(requestTopic) + ": the request topic must have 100 partitions");
        }
        return problems;
    }

    // =========================================================================================================
    // 9. Autoscaling of the issuance-worker: KEDA on consumer lag, or (hpa-cpu) an HPA on CPU

    public List<String> autoscaling(boolean maxMustBePartitions) {
        List<String> problems = new ArrayList<>();
        String module = "issuance-worker";
        Optional<ModuleView> view = view(module);
        if (view.isEmpty()) {
            problems.add(prefix + "no " + module + " Deployment to scale");
            return problems;
        }
        ModuleView v = view.get();
        String deployment = v.deployment().getMetadata().getName();
        int partitions = Contracts.requestTopic().partitions();
        List<GenericKubernetesResource> scaledObjects = r.custom("keda.sh", "ScaledObject");
        List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec() != null
                        && h.getSpec().getScaleTargetRef() != null
                        && deployment.equals(h.getSpec().getScaleTargetRef().getName()))
                .toList();
        if (r.hpaVariant()) {
            if (!scaledObjects.isEmpty()) {
                problems.add(prefix + "with components/hpa-cpu there must be no ScaledObject, found "
                        + scaledObjects.stream().map(Rendering::describe).toList());
            }
            if (hpas.size() != 1) {
                problems.add(prefix + "expected one HorizontalPodAutoscaler on Deployment " + deployment + ", found "
                        + hpas.size());
            }
            for (HorizontalPodAutoscaler hpa : hpas) {
                String what = prefix + Rendering.describe(hpa);
                var target = hpa.getSpec().getScaleTargetRef();
                if (!"Deployment".equals(target.getKind()) || !"apps/v1".equals(target.getApiVersion())) {
                    problems.add(what + ": scaleTargetRef is " + target.getApiVersion() + " " + target.getKind()
                            + ", not apps/v1 Deployment");
                }
                if (!Rendering.same(hpa.getMetadata().getNamespace(), v.namespace())) {
                    problems.add(what + ": not in the namespace of Deployment " + deployment);
                }
                if (!Integer.valueOf(partitions).equals(hpa.getSpec().getMaxReplicas())) {
                    problems.add(what + ": maxReplicas " + hpa.getSpec().getMaxReplicas() + ", expected " + partitions
                            + " (the partitions of " + Contracts.requestTopic().name() + ")");
                }
                int min = hpa.getSpec().getMinReplicas() == null
                        ? 1
                        : hpa.getSpec().getMinReplicas();
                if (min < 1) {
                    problems.add(what + ": minReplicas " + min + " < 1");
                }
                List<MetricSpec> metrics = hpa.getSpec().getMetrics() == null
                        ? List.of()
                        : hpa.getSpec().getMetrics();
                boolean cpu = metrics.stream()
                        .anyMatch(m -> "Resource".equals(m.getType())
                                && m.getResource() != null
                                && "cpu".equals(m.getResource().getName())
                                && m.getResource().getTarget() != null);
                if (!cpu) {
                    problems.add(what + ": no CPU resource metric");
                }
            }
            return problems;
        }
        if (!hpas.isEmpty()) {
            problems.add(prefix + "HorizontalPodAutoscaler(s) "
                    + hpas.stream().map(Rendering::describe).toList() + " on " + deployment
                    + " next to KEDA, which creates its own: they would fight");
        }
        List<GenericKubernetesResource> targeting = scaledObjects.stream()
                .filter(so -> deployment.equals(r.raw(so)
                        .path("spec")
                        .path("scaleTargetRef")
                        .path("name")
                        .asText()))
                .toList();
        if (targeting.size() != 1) {
            problems.add(prefix + "expected one KEDA ScaledObject targeting Deployment " + deployment + ", found "
                    + targeting.size() + " (ScaledObjects: "
                    + scaledObjects.stream().map(Rendering::describe).toList() + ")");
        }
        Project.Service worker = p.service(module);
        Map<String, Env> env = environment(v, new ArrayList<>());
        Optional<String> channel = worker.properties().keySet().stream()
                .filter(k -> k.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic"))
                .filter(k -> Contracts.requestTopic()
                        .name()
                        .equals(worker.properties().get(k)))
                .map(k -> k.substring("mp.messaging.incoming.".length(), k.length() - ".topic".length()))
                .findFirst();
        if (channel.isEmpty()) {
            problems.add(prefix + module + " has no incoming channel on "
                    + Contracts.requestTopic().name());
            return problems;
        }
        String base = "mp.messaging.incoming." + channel.get() + ".";
        String group = effective(worker, env, base + "group.id");
        String topic = effective(worker, env, base + "topic");
        for (GenericKubernetesResource so : targeting) {
            String what = prefix + Rendering.describe(so);
            JsonNode spec = r.raw(so).path("spec");
            JsonNode ref = spec.path("scaleTargetRef");
            if (!ref.path("kind").asText("Deployment").equals("Deployment")
                    || !ref.path("apiVersion").asText("apps/v1").equals("apps/v1")) {
                problems.add(what + ": scaleTargetRef is not an apps/v1 Deployment");
            }
            if (!Rendering.same(so.getMetadata().getNamespace(), v.namespace())) {
                problems.add(what + ": not in the namespace of Deployment " + deployment);
            }
            int min = spec.path("minReplicaCount").asInt(0);
            if (!spec.has("minReplicaCount") || min < 1) {
                problems.add(
                        what + ": minReplicaCount " + (spec.has("minReplicaCount") ? min : "absent (KEDA's default 0)")
                                + ": the connector would scale to zero and stop consuming");
            }
            int max = spec.path("maxReplicaCount").asInt(100);
            if (maxMustBePartitions && max != partitions) {
                problems.add(what + ": maxReplicaCount " + max + (spec.has("maxReplicaCount") ? "" : " (default)")
                        + ", expected " + partitions + " (the partitions of "
                        + Contracts.requestTopic().name() + ")");
            } else if (max > partitions) {
                problems.add(what + ": maxReplicaCount " + max + " exceeds the " + partitions
                        + " partitions: extra replicas idle");
            }
            List<JsonNode> kafkaTriggers = new ArrayList<>();
            spec.path("triggers").forEach(t -> {
                if ("kafka".equals(t.path("type").asText())) {
                    kafkaTriggers.add(t);
                }
            });
            if (kafkaTriggers.isEmpty()) {
                problems.add(what + ": no kafka trigger");
            }
            for (JsonNode trigger : kafkaTriggers) {
                JsonNode metadata = trigger.path("metadata");
                if (!Objects.equals(group, metadata.path("consumerGroup").asText(null))) {
                    problems.add(what + ": kafka trigger consumerGroup "
                            + metadata.path("consumerGroup").asText(null) + " is not the worker's group.id " + group
                            + " (" + base + "group.id)");
                }
                if (!Objects.equals(topic, metadata.path("topic").asText(null))) {
                    problems.add(what + ": kafka trigger topic "
                            + metadata.path("topic").asText(null) + " is not the worker's " + topic);
                }
                String bootstrap = metadata.path("bootstrapServers").asText(null);
                if (bootstrap == null) {
                    problems.add(what + ": kafka trigger has no bootstrapServers");
                    continue;
                }
                Env workerBootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
                for (String address : bootstrap.split(",")) {
                    HostPort hp = HostPort.parse(address.trim());
                    if (hp == null) {
                        problems.add(what + ": bootstrapServers entry " + address + " is not host:port");
                        continue;
                    }
                    if (hp.namespace() == null) {
                        problems.add(what + ": bootstrapServers " + address + " is not namespace-qualified; the KEDA"
                                + " operator resolves it from its own namespace");
                    } else if (so.getMetadata().getNamespace() != null
                            && !hp.namespace().equals(so.getMetadata().getNamespace())) {
                        problems.add(what + ": bootstrapServers " + address + " points at namespace " + hp.namespace()
                                + ", but this rendering deploys Kafka to "
                                + so.getMetadata().getNamespace());
                    }
                    if (workerBootstrap != null && workerBootstrap.value() != null) {
                        HostPort workers = HostPort.parse(
                                workerBootstrap.value().split(",")[0].trim());
                        if (workers != null
                                && (!workers.service().equals(hp.service()) || workers.port() != hp.port())) {
                            problems.add(what + ": bootstrapServers " + address + " is not the Kafka the worker uses ("
                                    + workerBootstrap.value() + ")");
                        }
                    }
                }
            }
        }
        return problems;
    }

    // =========================================================================================================
    // 10. Overlays: namespace, replicas, anti-affinity, NetworkPolicies

    public List<String> namespaces() {
        List<String> problems = new ArrayList<>();
        String expected = r.expectedNamespace();
        if (expected == null) {
            return problems;
        }
        for (HasMetadata resource : r.resources()) {
            if (Kustomize.isClusterScoped(resource.getKind())) {
                continue;
            }
            if (!expected.equals(resource.getMetadata().getNamespace())) {
                problems.add(prefix + Rendering.describe(resource) + ": namespace "
                        + resource.getMetadata().getNamespace() + ", expected " + expected);
            }
        }
        return problems;
    }

    public List<String> replicas(int minimum, Integer exactly) {
        List<String> problems = new ArrayList<>();
        for (ModuleView v : views(problems)) {
            String what = prefix + Rendering.describe(v.deployment());
            Autoscaler autoscaler = autoscaler(v);
            int replicas = v.deployment().getSpec().getReplicas() == null
                    ? 1
                    : v.deployment().getSpec().getReplicas();
            if (autoscaler != null) {
                if (autoscaler.min() < minimum || exactly != null && autoscaler.min() != exactly) {
                    problems.add(prefix + autoscaler.what() + ": minimum replicas " + autoscaler.min() + ", expected "
                            + (exactly != null ? exactly : ">= " + minimum) + " in " + r.name());
                }
            }
            if (replicas < minimum || exactly != null && replicas != exactly) {
                problems.add(what + ": replicas " + replicas + ", expected "
                        + (exactly != null ? exactly : ">= " + minimum) + " in " + r.name());
            }
        }
        return problems;
    }

    record Autoscaler(String what, int min) {}

    private Autoscaler autoscaler(ModuleView v) {
        String name = v.deployment().getMetadata().getName();
        for (GenericKubernetesResource so : r.custom("keda.sh", "ScaledObject")) {
            JsonNode spec = r.raw(so).path("spec");
            if (name.equals(spec.path("scaleTargetRef").path("name").asText())) {
                return new Autoscaler(
                        Rendering.describe(so), spec.path("minReplicaCount").asInt(0));
            }
        }
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            if (hpa.getSpec() != null
                    && hpa.getSpec().getScaleTargetRef() != null
                    && name.equals(hpa.getSpec().getScaleTargetRef().getName())) {
                return new Autoscaler(
                        Rendering.describe(hpa),
                        hpa.getSpec().getMinReplicas() == null
                                ? 1
                                : hpa.getSpec().getMinReplicas());
            }
        }
        return null;
    }

    private int minimumReplicas(ModuleView v) {
        Autoscaler autoscaler = autoscaler(v);
        if (autoscaler != null) {
            return autoscaler.min();
        }
        return v.deployment().getSpec().getReplicas() == null
                ? 1
                : v.deployment().getSpec().getReplicas();
    }

    public List<String> antiAffinity() {
        List<String> problems = new ArrayList<>();
        for (ModuleView v : views(problems)) {
            String what = prefix + Rendering.describe(v.deployment());
            var affinity = v.pod().getAffinity();
            List<PodAffinityTerm> terms = new ArrayList<>();
            if (affinity != null && affinity.getPodAntiAffinity() != null) {
                var anti = affinity.getPodAntiAffinity();
                if (anti.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                    terms.addAll(anti.getRequiredDuringSchedulingIgnoredDuringExecution());
                }
                if (anti.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
                    anti.getPreferredDuringSchedulingIgnoredDuringExecution().stream()
                            .map(WeightedPodAffinityTerm::getPodAffinityTerm)
                            .filter(Objects::nonNull)
                            .forEach(terms::add);
                }
            }
            if (terms.isEmpty()) {
                problems.add(what + ": no pod anti-affinity");
                continue;
            }
            boolean spreadsItself = terms.stream()
                    .anyMatch(t -> t.getTopologyKey() != null
                            && !t.getTopologyKey().isBlank()
                            && Selectors.selects(t.getLabelSelector(), v.podLabels())
                            && (t.getNamespaces() == null
                                    || t.getNamespaces().isEmpty()
                                    || t.getNamespaces().contains(v.namespace())));
            if (!spreadsItself) {
                problems.add(what + ": no pod anti-affinity term selects its own pods (labels " + v.podLabels()
                        + ") with a topologyKey: replicas are not spread");
            }
        }
        return problems;
    }

    /** A pod the NetworkPolicies must admit traffic to or from: its namespace, labels and named ports. */
    record PodModel(String what, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts) {}

    public List<String> networkPolicies() {
        List<String> problems = new ArrayList<>();
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        boolean defaultDeny = policies.stream()
                .anyMatch(np -> np.getSpec() != null
                        && Selectors.isEmpty(np.getSpec().getPodSelector())
                        && np.getSpec().getPolicyTypes() != null
                        && np.getSpec().getPolicyTypes().contains("Ingress")
                        && (np.getSpec().getIngress() == null
                                || np.getSpec().getIngress().isEmpty()));
        if (!defaultDeny) {
            problems.add(
                    prefix
                            + "no default-deny ingress NetworkPolicy (podSelector {}, policyTypes [Ingress], no ingress rules)");
        }
        List<ModuleView> views = views(problems);
        Map<String, PodModel> services = new LinkedHashMap<>();
        for (ModuleView v : views) {
            services.put(v.module(), podModel(v.deployment(), v.template()));
        }
        // Every service's pods: an allow policy, admitting its HTTP port.
        for (ModuleView v : views) {
            PodModel pod = services.get(v.module());
            int httpPort = p.service(v.module()).httpPort();
            if (allowPolicies(pod, policies).isEmpty()) {
                problems.add(
                        prefix + v.module() + ": no NetworkPolicy with ingress rules selects its pods " + pod.labels());
            } else if (!admits(policies, null, pod, httpPort)) {
                problems.add(prefix + v.module() + ": no NetworkPolicy admits anything to its HTTP port " + httpPort);
            }
        }
        // Infrastructure pods: an allow policy each, and the services that use them admitted.
        List<PodModel> kafkaPods = kafkaPods();
        List<PodModel> postgresPods = postgresPods();
        List<PodModel> otherPods = new ArrayList<>();
        for (Map.Entry<HasMetadata, PodTemplateSpec> workload : r.workloads().entrySet()) {
            if (views.stream().noneMatch(v -> v.deployment() == workload.getKey())) {
                otherPods.add(podModel(workload.getKey(), workload.getValue()));
            }
        }
        if (r.hasInfrastructure() && kafkaPods.isEmpty()) {
            problems.add(prefix + "no Kafka pods to protect (no KafkaNodePool)");
        }
        if (r.hasInfrastructure() && postgresPods.isEmpty()) {
            problems.add(prefix + "no PostgreSQL pods to protect (no CloudNativePG Cluster)");
        }
        List<PodModel> infra = new ArrayList<>(kafkaPods);
        infra.addAll(postgresPods);
        infra.addAll(otherPods);
        for (PodModel pod : infra) {
            if (allowPolicies(pod, policies).isEmpty()) {
                problems.add(
                        prefix + pod.what() + ": no NetworkPolicy with ingress rules selects its pods " + pod.labels());
            }
        }
        // Reachability of what each service is configured to connect to.
        for (ModuleView v : views) {
            PodModel client = services.get(v.module());
            Map<String, Env> env = environment(v, new ArrayList<>());
            Env bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap != null && bootstrap.value() != null) {
                HostPort hp = HostPort.parse(bootstrap.value().split(",")[0].trim());
                for (PodModel kafkaPod : kafkaPods) {
                    if (hp != null
                            && kafkaPod.labels().containsKey("strimzi.io/broker-role")
                            && !admits(policies, client, kafkaPod, hp.port())) {
                        problems.add(prefix + v.module() + " cannot reach " + kafkaPod.what() + " on port " + hp.port()
                                + ": no NetworkPolicy admits it");
                    }
                }
            }
            for (String urlVar : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_REACTIVE_URL")) {
                Env url = env.get(urlVar);
                HostPort hp = url == null || url.value() == null ? null : HostPort.fromUrl(url.value());
                if (hp == null) {
                    continue;
                }
                for (PodModel pgPod : postgresPods) {
                    if (!admits(policies, client, pgPod, hp.port())) {
                        problems.add(prefix + v.module() + " cannot reach " + pgPod.what() + " on port " + hp.port()
                                + " (" + urlVar + "): no NetworkPolicy admits it");
                    }
                }
            }
            Env redis = env.get("QUARKUS_REDIS_HOSTS");
            HostPort redisAddress = redis == null || redis.value() == null
                    ? null
                    : HostPort.fromUrl(redis.value().split(",")[0].trim());
            if (redisAddress != null) {
                Optional<Service> service = r.all(Service.class).stream()
                        .filter(s -> s.getMetadata().getName().equals(redisAddress.service()))
                        .findFirst();
                if (service.isPresent()) {
                    for (Map.Entry<HasMetadata, PodTemplateSpec> workload :
                            r.workloads().entrySet()) {
                        if (Selectors.selects(service.get().getSpec().getSelector(), labels(workload.getValue()))) {
                            PodModel redisPod = podModel(workload.getKey(), workload.getValue());
                            Integer port = service.get().getSpec().getPorts().stream()
                                    .filter(sp -> sp.getPort() == redisAddress.port())
                                    .map(sp -> resolvePort(
                                            workload.getValue().getSpec().getContainers(),
                                            sp.getTargetPort() == null
                                                    ? new IntOrString(sp.getPort())
                                                    : sp.getTargetPort()))
                                    .filter(Objects::nonNull)
                                    .findFirst()
                                    .orElse(redisAddress.port());
                            if (!admits(policies, client, redisPod, port)) {
                                problems.add(prefix + v.module() + " cannot reach " + redisPod.what() + " on port "
                                        + port + " (QUARKUS_REDIS_HOSTS): no NetworkPolicy admits it");
                            }
                        }
                    }
                }
            }
        }
        return problems;
    }

    private PodModel podModel(HasMetadata workload, PodTemplateSpec template) {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (Container c : template.getSpec().getContainers()) {
            if (c.getPorts() != null) {
                c.getPorts().stream()
                        .filter(port -> port.getName() != null)
                        .forEach(port -> named.put(port.getName(), port.getContainerPort()));
            }
        }
        return new PodModel(
                "pods of " + Rendering.describe(workload),
                workload.getMetadata().getNamespace(),
                labels(template),
                named);
    }

    /** The pods Strimzi makes from each KafkaNodePool, with the labels it gives them (KafkaPool in Strimzi). */
    List<PodModel> kafkaPods() {
        List<PodModel> pods = new ArrayList<>();
        for (GenericKubernetesResource kafka : r.custom("kafka.strimzi.io", "Kafka")) {
            String cluster = kafka.getMetadata().getName();
            for (GenericKubernetesResource pool : r.custom("kafka.strimzi.io", "KafkaNodePool")) {
                if (!cluster.equals(label(pool, "strimzi.io/cluster"))) {
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                // Labels of the KafkaNodePool are copied, except Strimzi's own and app.kubernetes.io/* but part-of.
                if (pool.getMetadata().getLabels() != null) {
                    pool.getMetadata().getLabels().forEach((k, val) -> {
                        if (!k.startsWith("strimzi.io/")
                                && !(k.startsWith("app.kubernetes.io/") && !k.equals(PART_OF))) {
                            labels.put(k, val);
                        }
                    });
                }
                JsonNode poolSpec = r.raw(pool).path("spec");
                addLabels(
                        labels,
                        r.raw(kafka)
                                .path("spec")
                                .path("kafka")
                                .path("template")
                                .path("pod")
                                .path("metadata")
                                .path("labels"));
                addLabels(
                        labels,
                        poolSpec.path("template").path("pod").path("metadata").path("labels"));
                labels.put("strimzi.io/cluster", cluster);
                labels.put("strimzi.io/kind", "Kafka");
                labels.put("strimzi.io/name", cluster + "-kafka");
                labels.put("strimzi.io/component-type", "kafka");
                labels.put("strimzi.io/pool-name", pool.getMetadata().getName());
                labels.put(NAME, "kafka");
                labels.put("app.kubernetes.io/instance", cluster);
                labels.put(PART_OF, "strimzi-" + cluster);
                labels.put("app.kubernetes.io/managed-by", "strimzi-cluster-operator");
                for (JsonNode role : poolSpec.path("roles")) {
                    labels.put("strimzi.io/" + role.asText() + "-role", "true");
                }
                pods.add(new PodModel(
                        "Kafka pods of " + Rendering.describe(pool),
                        pool.getMetadata().getNamespace(),
                        labels,
                        Map.of()));
            }
        }
        return pods;
    }

    /** The instance pods CloudNativePG makes from each Cluster, with the labels it gives them. */
    List<PodModel> postgresPods() {
        List<PodModel> pods = new ArrayList<>();
        for (GenericKubernetesResource cluster : r.custom("postgresql.cnpg.io", "Cluster")) {
            Map<String, String> labels = new LinkedHashMap<>();
            addLabels(
                    labels,
                    r.raw(cluster).path("spec").path("inheritedMetadata").path("labels"));
            labels.put("cnpg.io/cluster", cluster.getMetadata().getName());
            labels.put("cnpg.io/podRole", "instance");
            pods.add(new PodModel(
                    "PostgreSQL pods of " + Rendering.describe(cluster),
                    cluster.getMetadata().getNamespace(),
                    labels,
                    Map.of()));
        }
        return pods;
    }

    private static void addLabels(Map<String, String> labels, JsonNode node) {
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    }

    private List<NetworkPolicy> allowPolicies(PodModel pod, List<NetworkPolicy> policies) {
        return policies.stream()
                .filter(np ->
                        np.getSpec() != null && Rendering.same(np.getMetadata().getNamespace(), pod.namespace()))
                .filter(np -> Selectors.selects(np.getSpec().getPodSelector(), pod.labels()))
                .filter(np -> np.getSpec().getIngress() != null
                        && !np.getSpec().getIngress().isEmpty())
                .toList();
    }

    /** Whether some policy admits {@code client} (null: any client at all) to {@code target} on {@code port}. */
    private boolean admits(List<NetworkPolicy> policies, PodModel client, PodModel target, int port) {
        for (NetworkPolicy np : allowPolicies(target, policies)) {
            for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
                if (!portMatches(rule.getPorts(), target, port)) {
                    continue;
                }
                List<NetworkPolicyPeer> from = rule.getFrom();
                if (from == null || from.isEmpty() || client == null) {
                    return true;
                }
                for (NetworkPolicyPeer peer : from) {
                    if (peerMatches(peer, np.getMetadata().getNamespace(), client)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean portMatches(List<NetworkPolicyPort> ports, PodModel target, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            if (p.getProtocol() != null && !p.getProtocol().equals("TCP")) {
                continue;
            }
            IntOrString value = p.getPort();
            if (value == null) {
                return true;
            }
            Integer number = value.getIntVal() != null
                    ? value.getIntVal()
                    : target.namedPorts().get(value.getStrVal());
            if (number == null) {
                continue;
            }
            int end = p.getEndPort() != null ? p.getEndPort() : number;
            if (port >= number && port <= end) {
                return true;
            }
        }
        return false;
    }

    private boolean peerMatches(NetworkPolicyPeer peer, String policyNamespace, PodModel client) {
        if (peer.getIpBlock() != null) {
            return false;
        }
        boolean namespaceOk;
        if (peer.getNamespaceSelector() != null) {
            namespaceOk = Selectors.selects(peer.getNamespaceSelector(), namespaceLabels(client.namespace()));
        } else {
            namespaceOk = Rendering.same(policyNamespace, client.namespace());
        }
        boolean podOk = peer.getPodSelector() == null || Selectors.selects(peer.getPodSelector(), client.labels());
        return namespaceOk && podOk;
    }

    private Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Namespace ns : r.all(Namespace.class)) {
            if (ns.getMetadata().getName().equals(namespace) && ns.getMetadata().getLabels() != null) {
                labels.putAll(ns.getMetadata().getLabels());
            }
        }
        labels.put("kubernetes.io/metadata.name", namespace == null ? "default" : namespace);
        return labels;
    }

    // =========================================================================================================
    // 11. Configuration true to the code: every environment variable maps to a property the service reads

    public List<String> configuration() {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> documented = p.documentedSecrets();
        for (ModuleView v : views(problems)) {
            ConfigSurface config = p.service(v.module()).config();
            String deployment = Rendering.describe(v.deployment());
            List<ConfigMap> moduleConfigMaps = ofModule(ConfigMap.class, v.module());
            for (Container c : containers(v.pod())) {
                String where = prefix + deployment + " container " + c.getName();
                Set<String> referenced = new LinkedHashSet<>();
                for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (env.getValue() != null) {
                        Matcher m = ENV_REFERENCE.matcher(env.getValue());
                        while (m.find()) {
                            referenced.add(m.group(1));
                        }
                    }
                }
                for (String arg : concat(c.getCommand(), c.getArgs())) {
                    Matcher m = ENV_REFERENCE.matcher(arg);
                    while (m.find()) {
                        referenced.add(m.group(1));
                    }
                }
                List<String> lookupProblems = new ArrayList<>();
                Map<String, Env> env = environment(v.namespace(), c, documented, lookupProblems);
                lookupProblems.forEach(problem -> problems.add(where + ": " + problem));
                for (Env e : env.values()) {
                    if (config.reads(e.name())) {
                        continue;
                    }
                    if (IMAGE_ENV.containsKey(e.name())) {
                        continue; // read by the image's launcher, not by the service
                    }
                    if (referenced.contains(e.name())) {
                        continue; // consumed by Kubernetes' $(VAR) expansion in another variable or the command
                    }
                    problems.add(where + ": environment variable " + e.name() + " (" + e.source() + ") maps to no"
                            + " configuration property " + v.module() + " reads" + config.suggestions(e.name()));
                }
            }
            for (ConfigMap cm : moduleConfigMaps) {
                boolean used = containers(v.pod()).stream()
                                .anyMatch(c -> usesConfigMap(c, cm.getMetadata().getName()))
                        || (v.pod().getVolumes() != null
                                && v.pod().getVolumes().stream()
                                        .anyMatch(vol -> vol.getConfigMap() != null
                                                && cm.getMetadata()
                                                        .getName()
                                                        .equals(vol.getConfigMap()
                                                                .getName())));
                if (!used) {
                    problems.add(prefix + Rendering.describe(cm) + ": not used by " + deployment);
                }
            }
        }
        return problems;
    }

    private static boolean usesConfigMap(Container c, String name) {
        boolean envFrom = c.getEnvFrom() != null
                && c.getEnvFrom().stream()
                        .anyMatch(f -> f.getConfigMapRef() != null
                                && name.equals(f.getConfigMapRef().getName()));
        boolean keyRef = c.getEnv() != null
                && c.getEnv().stream()
                        .anyMatch(e -> e.getValueFrom() != null
                                && e.getValueFrom().getConfigMapKeyRef() != null
                                && name.equals(
                                        e.getValueFrom().getConfigMapKeyRef().getName()));
        return envFrom || keyRef;
    }

    // =========================================================================================================
    // 12. Wiring: the configured addresses, credentials and files exist in the rendering

    public List<String> wiring() {
        List<String> problems = new ArrayList<>();
        Map<String, String> issuers = new LinkedHashMap<>();
        Map<String, String> baseUrls = new LinkedHashMap<>();
        for (ModuleView v : views(problems)) {
            String where = prefix + Rendering.describe(v.deployment()) + " container "
                    + v.container().getName();
            Project.Service service = p.service(v.module());
            Map<String, Env> env = environment(v, new ArrayList<>());
            issuers.put(v.module(), effective(service, env, "mp.jwt.verify.issuer"));
            for (String property : List.of("pkcs.issuance.public-base-url", "pkcs.revocation.public-base-url")) {
                if (service.config().properties().contains(property)) {
                    baseUrls.put(v.module() + " " + property, effective(service, env, property));
                }
            }
            // Files named in the configuration are mounted.
            for (Env e : env.values()) {
                String value = e.value();
                if (value == null) {
                    continue;
                }
                String path = value.startsWith("file:") ? value.substring("file:".length()) : value;
                if (path.startsWith("/")
                        && (e.name().endsWith("_PATH") || e.name().endsWith("_LOCATION"))) {
                    String problem = mounted(v, path);
                    if (problem != null) {
                        problems.add(where + ": " + e.name() + "=" + value + ": " + problem);
                    }
                }
            }
            if (!r.hasInfrastructure()) {
                continue;
            }
            GenericKubernetesResource kafka =
                    r.custom("kafka.strimzi.io", "Kafka").get(0);
            Env bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap == null || bootstrap.value() == null) {
                problems.add(where + ": no KAFKA_BOOTSTRAP_SERVERS");
            } else {
                for (String address : bootstrap.value().split(",")) {
                    HostPort hp = HostPort.parse(address.trim());
                    String expectedService = kafka.getMetadata().getName() + "-kafka-bootstrap";
                    if (hp == null || !hp.service().equals(expectedService)) {
                        problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS " + address + " is not the bootstrap Service "
                                + expectedService + " of Kafka "
                                + kafka.getMetadata().getName());
                        continue;
                    }
                    if (hp.namespace() != null && !hp.namespace().equals(v.namespace())) {
                        problems.add(
                                where + ": KAFKA_BOOTSTRAP_SERVERS " + address + " names namespace " + hp.namespace());
                    }
                    boolean plainListener = false;
                    for (JsonNode listener :
                            r.raw(kafka).path("spec").path("kafka").path("listeners")) {
                        if (listener.path("port").asInt() == hp.port()
                                && !listener.path("tls").asBoolean(false)
                                && listener.path("type").asText().equals("internal")
                                && !listener.has("authentication")) {
                            plainListener = true;
                        }
                    }
                    if (!plainListener) {
                        problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS port " + hp.port() + " is not an internal plain"
                                + " listener of Kafka " + kafka.getMetadata().getName()
                                + " (the services use no TLS/SASL)");
                    }
                }
            }
            List<GenericKubernetesResource> clusters = r.custom("postgresql.cnpg.io", "Cluster");
            for (String urlVar : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_REACTIVE_URL")) {
                Env url = env.get(urlVar);
                if (url == null || url.value() == null) {
                    problems.add(where + ": no " + urlVar);
                    continue;
                }
                HostPort hp = HostPort.fromUrl(url.value());
                String database = HostPort.database(url.value());
                Optional<GenericKubernetesResource> cluster = clusters.stream()
                        .filter(c -> hp != null
                                && hp.service().equals(c.getMetadata().getName() + "-rw"))
                        .findFirst();
                if (cluster.isEmpty()) {
                    problems.add(where + ": " + urlVar + " " + url.value()
                            + " is not the -rw Service of a CloudNativePG" + " Cluster ("
                            + clusters.stream()
                                    .map(c -> c.getMetadata().getName() + "-rw")
                                    .toList() + ")");
                    continue;
                }
                String initdb = r.raw(cluster.get())
                        .path("spec")
                        .path("bootstrap")
                        .path("initdb")
                        .path("database")
                        .asText("app");
                if (!initdb.equals(database)) {
                    problems.add(
                            where + ": " + urlVar + " names database " + database + ", the Cluster creates " + initdb);
                }
                if (hp.port() != 5432) {
                    problems.add(where + ": " + urlVar + " port " + hp.port() + " is not PostgreSQL's 5432");
                }
                String appSecret = cluster.get().getMetadata().getName() + "-app";
                for (String credential : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                    Env e = env.get(credential);
                    if (e == null || !e.source().contains("Secret " + appSecret)) {
                        problems.add(where + ": " + credential + " does not come from the Secret " + appSecret
                                + " CloudNativePG generates" + (e == null ? "" : " (" + e.source() + ")"));
                    }
                }
            }
            Env redis = env.get("QUARKUS_REDIS_HOSTS");
            if (redis != null && redis.value() != null) {
                for (String address : redis.value().split(",")) {
                    HostPort hp = HostPort.fromUrl(address.trim());
                    Optional<Service> svc = hp == null
                            ? Optional.empty()
                            : r.all(Service.class).stream()
                                    .filter(s -> s.getMetadata().getName().equals(hp.service()))
                                    .findFirst();
                    if (svc.isEmpty()) {
                        problems.add(
                                where + ": QUARKUS_REDIS_HOSTS " + address + " names no Service of this rendering");
                    } else if (svc.get().getSpec().getPorts().stream().noneMatch(sp -> sp.getPort() == hp.port())) {
                        problems.add(where + ": QUARKUS_REDIS_HOSTS " + address + ": Service " + hp.service()
                                + " has no port " + hp.port());
                    } else if (r.workloads().values().stream()
                            .noneMatch(
                                    t -> Selectors.selects(svc.get().getSpec().getSelector(), labels(t)))) {
                        problems.add(where + ": QUARKUS_REDIS_HOSTS " + address + ": Service " + hp.service()
                                + " selects no pods");
                    }
                }
            }
        }
        if (new LinkedHashSet<>(issuers.values()).size() > 1) {
            problems.add(prefix + "the services verify tokens of different issuers (mp.jwt.verify.issuer): " + issuers);
        }
        if (new LinkedHashSet<>(baseUrls.values()).size() > 1) {
            problems.add(prefix + "the workers write different public base URLs into certificates: " + baseUrls);
        }
        return problems;
    }

    /**
     * The services' worst-case PostgreSQL connections fit the Cluster's max_connections: every replica the
     * autoscalers allow, each holding its full reactive pool and its full JDBC pool (the transactional outbox relay
     * of service-common and Flyway use JDBC in every service), against max_connections less the connections
     * reserved for superusers.
     */
    public List<String> databaseConnections() {
        List<String> problems = new ArrayList<>();
        List<GenericKubernetesResource> clusters = r.custom("postgresql.cnpg.io", "Cluster");
        if (clusters.size() != 1) {
            return problems;
        }
        JsonNode parameters =
                r.raw(clusters.get(0)).path("spec").path("postgresql").path("parameters");
        int maxConnections = Integer.parseInt(parameters.path("max_connections").asText("100"));
        int reserved = Integer.parseInt(
                parameters.path("superuser_reserved_connections").asText("3"));
        int total = 0;
        List<String> terms = new ArrayList<>();
        for (ModuleView v : views(problems)) {
            Project.Service service = p.service(v.module());
            Map<String, Env> env = environment(v, new ArrayList<>());
            if (!env.containsKey("QUARKUS_DATASOURCE_REACTIVE_URL")
                    && !env.containsKey("QUARKUS_DATASOURCE_JDBC_URL")) {
                continue;
            }
            int reactive = Integer.parseInt(
                    Objects.requireNonNullElse(effective(service, env, "quarkus.datasource.reactive.max-size"), "20"));
            int jdbc = Integer.parseInt(
                    Objects.requireNonNullElse(effective(service, env, "quarkus.datasource.jdbc.max-size"), "20"));
            int replicas = maximumReplicas(v);
            total += replicas * (reactive + jdbc);
            terms.add(v.module() + " " + replicas + " x (" + reactive + " reactive + " + jdbc + " JDBC)");
        }
        if (total > maxConnections - reserved) {
            problems.add(
                    prefix + Rendering.describe(clusters.get(0)) + ": max_connections " + maxConnections + " (less "
                            + reserved + " reserved for superusers) is below the services' worst case of " + total
                            + " connections: " + String.join(" + ", terms));
        }
        return problems;
    }

    private int maximumReplicas(ModuleView v) {
        String name = v.deployment().getMetadata().getName();
        for (GenericKubernetesResource so : r.custom("keda.sh", "ScaledObject")) {
            JsonNode spec = r.raw(so).path("spec");
            if (name.equals(spec.path("scaleTargetRef").path("name").asText())) {
                return spec.path("maxReplicaCount").asInt(100);
            }
        }
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            if (hpa.getSpec() != null
                    && hpa.getSpec().getScaleTargetRef() != null
                    && name.equals(hpa.getSpec().getScaleTargetRef().getName())) {
                return hpa.getSpec().getMaxReplicas();
            }
        }
        return v.deployment().getSpec().getReplicas() == null
                ? 1
                : v.deployment().getSpec().getReplicas();
    }

    /** Null when {@code path} is provided by a volume mount of the main container, else what is wrong. */
    private String mounted(ModuleView v, String path) {
        List<VolumeMount> mounts = v.container().getVolumeMounts() == null
                ? List.of()
                : v.container().getVolumeMounts();
        for (VolumeMount mount : mounts) {
            String dir = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            if (!path.startsWith(dir) && !path.equals(mount.getMountPath())) {
                continue;
            }
            String relative = path.equals(mount.getMountPath()) ? "" : path.substring(dir.length());
            Optional<Volume> volume = v.pod().getVolumes() == null
                    ? Optional.empty()
                    : v.pod().getVolumes().stream()
                            .filter(vol -> vol.getName().equals(mount.getName()))
                            .findFirst();
            if (volume.isEmpty()) {
                return "volumeMount " + mount.getName() + " has no volume";
            }
            List<KeyToPath> items = null;
            if (volume.get().getSecret() != null) {
                items = volume.get().getSecret().getItems();
            } else if (volume.get().getConfigMap() != null) {
                items = volume.get().getConfigMap().getItems();
            } else {
                return null;
            }
            if (items == null
                    || items.isEmpty()
                    || items.stream().anyMatch(i -> i.getPath().equals(relative))) {
                return null;
            }
            return "volume " + mount.getName() + " provides "
                    + items.stream().map(KeyToPath::getPath).toList() + ", not " + relative;
        }
        return "no volumeMount provides it";
    }

    // =========================================================================================================
    // The environment of a container

    /** An environment variable: its value when the manifests give it (null from a Secret), and where it comes from. */
    record Env(String name, String value, String source) {}

    Map<String, Env> environment(ModuleView v, List<String> problems) {
        return environment(v.namespace(), v.container(), p.documentedSecrets(), problems);
    }

    /** The variables a container gets, in Kubernetes' precedence (env over envFrom, later over earlier). */
    Map<String, Env> environment(
            String namespace, Container c, Map<String, Set<String>> documentedSecrets, List<String> problems) {
        Map<String, Env> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            String prefixed = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                Optional<ConfigMap> cm = r.configMap(namespace, name);
                if (cm.isEmpty()) {
                    if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        problems.add("envFrom ConfigMap " + name + " is not in the rendering");
                    }
                    continue;
                }
                if (cm.get().getData() != null) {
                    cm.get()
                            .getData()
                            .forEach(
                                    (k, val) -> env.put(prefixed + k, new Env(prefixed + k, val, "ConfigMap " + name)));
                }
                if (cm.get().getBinaryData() != null) {
                    cm.get()
                            .getBinaryData()
                            .keySet()
                            .forEach(k -> env.put(prefixed + k, new Env(prefixed + k, null, "ConfigMap " + name)));
                }
            } else if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Set<String> keys = documentedSecrets.get(name);
                if (keys == null || keys.isEmpty()) {
                    problems.add("envFrom Secret " + name + ": its keys (the variable names) are not documented in"
                            + " deploy/k8s/README.md, so they cannot be checked");
                } else {
                    keys.forEach(k -> env.put(prefixed + k, new Env(prefixed + k, null, "Secret " + name)));
                }
            }
        }
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            String value = e.getValue();
            String source = "env";
            if (e.getValueFrom() != null) {
                var from = e.getValueFrom();
                if (from.getConfigMapKeyRef() != null) {
                    String name = from.getConfigMapKeyRef().getName();
                    String key = from.getConfigMapKeyRef().getKey();
                    source = "ConfigMap " + name + " key " + key;
                    Optional<ConfigMap> cm = r.configMap(namespace, name);
                    if (cm.isEmpty()
                            || cm.get().getData() == null
                            || !cm.get().getData().containsKey(key)) {
                        if (!Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional())) {
                            problems.add("env " + e.getName() + ": ConfigMap " + name + " key " + key
                                    + " is not in the rendering");
                        }
                    } else {
                        value = cm.get().getData().get(key);
                    }
                } else if (from.getSecretKeyRef() != null) {
                    source = "Secret " + from.getSecretKeyRef().getName() + " key "
                            + from.getSecretKeyRef().getKey();
                } else if (from.getFieldRef() != null) {
                    source = "fieldRef " + from.getFieldRef().getFieldPath();
                } else if (from.getResourceFieldRef() != null) {
                    source = "resourceFieldRef " + from.getResourceFieldRef().getResource();
                }
            }
            env.put(e.getName(), new Env(e.getName(), value, source));
        }
        return env;
    }

    /** A property's value as the service runs: from the environment when set there, else from its properties. */
    private static String effective(Project.Service service, Map<String, Env> env, String property) {
        Env e = env.get(ConfigSurface.envName(property));
        if (e != null && e.value() != null) {
            return e.value();
        }
        return service.value(property).orElse(null);
    }

    // =========================================================================================================
    // Helpers

    record HostPort(String service, String namespace, int port) {
        /** host:port, host being service, service.namespace or service.namespace.svc[.cluster.local]. */
        static HostPort parse(String address) {
            int colon = address.lastIndexOf(':');
            if (colon < 0 || !address.substring(colon + 1).matches("\\d+")) {
                return null;
            }
            String host = address.substring(0, colon);
            String[] parts = host.split("\\.");
            String namespace = parts.length >= 2 ? parts[1] : null;
            return new HostPort(parts[0], namespace, Integer.parseInt(address.substring(colon + 1)));
        }

        /** jdbc:postgresql://host:5432/db, postgresql://host/db, redis://host:6379. */
        static HostPort fromUrl(String url) {
            String u = url.startsWith("jdbc:") ? url.substring(5) : url;
            try {
                URI uri = URI.create(u);
                if (uri.getHost() == null) {
                    return null;
                }
                int port = uri.getPort() >= 0
                        ? uri.getPort()
                        : switch (uri.getScheme()) {
                            case "postgresql", "postgres" -> 5432;
                            case "redis" -> 6379;
                            default -> -1;
                        };
                String[] parts = uri.getHost().split("\\.");
                return new HostPort(parts[0], parts.length >= 2 ? parts[1] : null, port);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        static String database(String url) {
            String u = url.startsWith("jdbc:") ? url.substring(5) : url;
            String path = URI.create(u).getPath();
            return path == null || path.length() <= 1 ? null : path.substring(1);
        }
    }

    static String label(HasMetadata resource, String key) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    static Map<String, String> labels(PodTemplateSpec template) {
        return template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of()
                : template.getMetadata().getLabels();
    }

    static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        if (pod.getContainers() != null) {
            all.addAll(pod.getContainers());
        }
        return all;
    }

    /** The container port a Service targetPort or probe port means: a number, or a port name. */
    static Integer resolvePort(List<Container> containers, IntOrString port) {
        if (port == null) {
            return null;
        }
        for (Container c : containers) {
            for (ContainerPort cp : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (port.getIntVal() != null
                        ? port.getIntVal().equals(cp.getContainerPort())
                        : port.getStrVal() != null && port.getStrVal().equals(cp.getName())) {
                    return cp.getContainerPort();
                }
            }
        }
        return null;
    }

    /** A probe's port: a number needs no declaration, a name must be a declared container port. */
    static Integer probePort(Container container, IntOrString port) {
        if (port != null && port.getIntVal() != null) {
            return port.getIntVal();
        }
        return resolvePort(List.of(container), port);
    }

    private static String show(IntOrString value) {
        return value == null
                ? "(none)"
                : value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>();
        if (a != null) {
            all.addAll(a);
        }
        if (b != null) {
            all.addAll(b);
        }
        return all;
    }
}
