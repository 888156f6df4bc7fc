package io.pkcsconnector.manifests.kustomize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An in-process renderer for the subset of kustomize that {@code deploy/k8s} is allowed to use (agreed with the
 * manifest author): {@code resources}, {@code components}, {@code namespace}, {@code labels}, {@code commonLabels},
 * {@code commonAnnotations}, {@code images}, {@code replicas} and strategic-merge {@code patches}. Anything else is
 * rejected with an error naming the file and the field, never silently ignored, so that a rendering here is what
 * {@code kustomize build} would produce or the build fails.
 *
 * <p>Semantics follow kustomize v5: a kustomization first accumulates its resources (sub-kustomizations rendered
 * recursively), then applies its components in order (each component adds its own resources and runs its own
 * transformations over everything accumulated so far), then runs its own transformations in kustomize's builtin
 * order: patches, namespace, labels, annotations, replicas, images. Files (resources, patches) must lie within the
 * kustomization's directory, as with kustomize's default load restrictions; directories may be anywhere.
 */
public final class Kustomize {

    static final String KUSTOMIZATION_API = "kustomize.config.k8s.io/v1beta1";
    static final String COMPONENT_API = "kustomize.config.k8s.io/v1alpha1";

    private static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private static final Set<String> FIELDS = Set.of(
            "apiVersion",
            "kind",
            "metadata",
            "resources",
            "components",
            "namespace",
            "labels",
            "commonLabels",
            "commonAnnotations",
            "images",
            "replicas",
            "patches");

    /** Kinds without a namespace. Unknown kinds (custom resources) are namespaced, as kustomize assumes. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "Node",
            "PersistentVolume",
            "ClusterRole",
            "ClusterRoleBinding",
            "CustomResourceDefinition",
            "StorageClass",
            "PriorityClass",
            "IngressClass",
            "RuntimeClass",
            "CSIDriver",
            "CSINode",
            "VolumeAttachment",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "APIService",
            "CertificateSigningRequest",
            "FlowSchema",
            "PriorityLevelConfiguration",
            "ClusterIssuer");

    /**
     * The lists a strategic merge patch merges element by element, matched by {@code name} (the agreed subset; for
     * volumeClaimTemplates, which kustomize replaces whole, patches are refused); any
     * other list is replaced. Only for Kubernetes' own kinds: kustomize has no schema for custom resources and
     * replaces their lists whole.
     */
    private static final Set<String> NAMED_LISTS =
            Set.of("containers", "initContainers", "env", "ports", "volumes", "volumeMounts");

    /**
     * Lists of Kubernetes' own kinds that kustomize merges by a key of their own. A patch touching one of them would
     * be rendered differently here (replaced), so it is rejected instead.
     */
    private static final Map<String, String> UNSUPPORTED_MERGE_LISTS = Map.of(
            "imagePullSecrets", "name",
            "topologySpreadConstraints", "topologyKey",
            "hostAliases", "ip",
            "ephemeralContainers", "name",
            "resourceClaims", "name",
            "readinessGates", "conditionType");

    private static final List<FieldSpec> COMMON_LABEL_SPECS = commonLabelSpecs();
    private static final List<FieldSpec> METADATA_LABELS = List.of(new FieldSpec(null, null, "metadata/labels", true));
    private static final List<FieldSpec> TEMPLATE_LABELS = List.of(
            new FieldSpec(null, null, "metadata/labels", true),
            new FieldSpec(null, null, "spec/template/metadata/labels", false));
    private static final List<FieldSpec> ANNOTATION_SPECS = annotationSpecs();

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private static final ObjectMapper YAML =
            new ObjectMapper(YAMLFactory.builder().build().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private final Path displayRoot;
    private final Map<ObjectNode, Path> origins = new IdentityHashMap<>();

    /** @param displayRoot paths in error messages are shown relative to it */
    public Kustomize(Path displayRoot) {
        this.displayRoot = displayRoot.toAbsolutePath().normalize();
    }

    /** {@code kustomize build directory}. */
    public List<ObjectNode> render(Path directory) {
        Kust kust = load(directory.toAbsolutePath().normalize());
        if (kust.component()) {
            throw error(kust.file(), "kind", "a Component is not rendered on its own: list it under components:");
        }
        return build(kust, new ArrayDeque<>());
    }

    /**
     * Renders a kustomization given as text, as though it were the file {@code fileName} in {@code directory}
     * (which need not contain it): its relative paths resolve against {@code directory}.
     */
    public List<ObjectNode> render(String kustomizationYaml, Path directory, String fileName) {
        Path dir = directory.toAbsolutePath().normalize();
        Path file = dir.resolve(fileName);
        Kust kust = parseKustomization(readSingle(kustomizationYaml, file), dir, file);
        if (kust.component()) {
            throw error(file, "kind", "a Component is not rendered on its own: list it under components:");
        }
        return build(kust, new ArrayDeque<>());
    }

    /** The file a rendered resource was read from. */
    public Path origin(ObjectNode resource) {
        return origins.get(resource);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Loading

    private record Kust(Path dir, Path file, ObjectNode doc, boolean component) {}

    private Kust load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KustomizeException(show(dir) + ": not a directory");
        }
        Path file = null;
        for (String name : FILE_NAMES) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                if (file != null) {
                    throw new KustomizeException(show(dir) + ": more than one kustomization file (" + file.getFileName()
                            + ", " + name + ")");
                }
                file = candidate;
            }
        }
        if (file == null) {
            throw new KustomizeException(show(dir) + ": no kustomization.yaml in this directory");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new KustomizeException(show(file) + ": cannot be read: " + e.getMessage(), e);
        }
        return parseKustomization(readSingle(text, file), dir, file);
    }

    private Kust parseKustomization(JsonNode node, Path dir, Path file) {
        if (!(node instanceof ObjectNode doc)) {
            throw new KustomizeException(show(file) + ": a kustomization must be a YAML mapping");
        }
        String apiVersion = doc.path("apiVersion").asText(null);
        String kind = doc.path("kind").asText(null);
        boolean component;
        if (KUSTOMIZATION_API.equals(apiVersion) && "Kustomization".equals(kind)) {
            component = false;
        } else if (COMPONENT_API.equals(apiVersion) && "Component".equals(kind)) {
            component = true;
        } else {
            throw error(
                    file,
                    "apiVersion/kind",
                    "must be " + KUSTOMIZATION_API + " Kustomization or " + COMPONENT_API + " Component, got "
                            + apiVersion + " " + kind);
        }
        for (Iterator<String> names = doc.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw error(file, name, "is not supported by this renderer (supported: " + new TreeSet<>(FIELDS) + ")");
            }
        }
        JsonNode metadata = doc.get("metadata");
        if (metadata != null) {
            if (!metadata.isObject()) {
                throw error(file, "metadata", "must be a mapping");
            }
            for (Iterator<String> names = metadata.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("name")) {
                    throw error(file, "metadata." + name, "is not supported (only metadata.name, which is ignored)");
                }
            }
        }
        return new Kust(dir, file, doc, component);
    }

    private JsonNode readSingle(String text, Path file) {
        List<JsonNode> docs = readDocuments(text, file);
        if (docs.size() != 1) {
            throw new KustomizeException(show(file) + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    private List<JsonNode> readDocuments(String text, Path file) {
        List<JsonNode> docs = new ArrayList<>();
        // One value per YAML document; a document that is a list stays a list (a JSON 6902 patch, say).
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                JsonNode doc = YAML.readTree(parser);
                boolean empty = doc == null
                        || doc.isNull()
                        || doc.isMissingNode()
                        || doc.isTextual() && doc.asText().isEmpty();
                if (!empty) {
                    docs.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new KustomizeException(show(file) + ": invalid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    private String readFile(Path file, Kust kust, String field) {
        requireWithin(kust, file, field);
        if (!Files.isRegularFile(file)) {
            throw error(kust.file(), field, show(file) + " does not exist");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw error(kust.file(), field, show(file) + " cannot be read: " + e.getMessage());
        }
    }

    /** kustomize's default load restriction (LoadRestrictionsRootOnly): files only within the kustomization root. */
    private void requireWithin(Kust kust, Path file, String field) {
        if (!file.normalize().startsWith(kust.dir())) {
            throw error(
                    kust.file(),
                    field,
                    show(file) + " is outside the kustomization's directory; kustomize refuses to load it"
                            + " (list a directory with a kustomization instead)");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accumulation

    private List<ObjectNode> build(Kust kust, Deque<Path> stack) {
        List<ObjectNode> accumulated = new ArrayList<>();
        accumulate(kust, accumulated, stack);
        return accumulated;
    }

    private void accumulate(Kust kust, List<ObjectNode> accumulated, Deque<Path> stack) {
        if (stack.contains(kust.dir())) {
            throw error(kust.file(), "resources", "cycle: " + show(kust.dir()) + " includes itself");
        }
        stack.push(kust.dir());
        List<String> resources = stringList(kust, "resources");
        for (int i = 0; i < resources.size(); i++) {
            String entry = resources.get(i);
            String field = "resources[" + i + "]";
            Path path = relativePath(kust, field, entry);
            if (Files.isDirectory(path)) {
                Kust sub = load(path);
                if (sub.component()) {
                    throw error(
                            kust.file(), field, entry + " is a Component: list it under components:, not resources:");
                }
                for (ObjectNode resource : build(sub, stack)) {
                    add(accumulated, resource, kust, field);
                }
            } else if (Files.isRegularFile(path)) {
                String text = readFile(path, kust, field);
                for (JsonNode doc : readDocuments(text, path)) {
                    ObjectNode resource = checkResource(doc, path);
                    origins.put(resource, path);
                    add(accumulated, resource, kust, field);
                }
            } else {
                throw error(kust.file(), field, entry + " does not exist (" + show(path) + ")");
            }
        }
        List<String> components = stringList(kust, "components");
        for (int i = 0; i < components.size(); i++) {
            String entry = components.get(i);
            String field = "components[" + i + "]";
            Path path = relativePath(kust, field, entry);
            if (!Files.isDirectory(path)) {
                throw error(kust.file(), field, entry + " is not a directory holding a Component kustomization");
            }
            Kust component = load(path);
            if (!component.component()) {
                throw error(
                        kust.file(),
                        field,
                        entry + " is a Kustomization, not a Component (" + COMPONENT_API + " kind Component)");
            }
            accumulate(component, accumulated, stack);
        }
        transform(kust, accumulated);
        stack.pop();
    }

    private Path relativePath(Kust kust, String field, String entry) {
        if (entry.contains("://") || entry.startsWith("github.com/") || entry.startsWith("git@")) {
            throw error(kust.file(), field, "remote resource " + entry + " is not supported");
        }
        Path relative = Path.of(entry);
        if (relative.isAbsolute()) {
            throw error(kust.file(), field, "absolute path " + entry + " is not supported: use a relative path");
        }
        return kust.dir().resolve(relative).normalize();
    }

    private ObjectNode checkResource(JsonNode doc, Path file) {
        if (!(doc instanceof ObjectNode resource)) {
            throw new KustomizeException(show(file) + ": a resource must be a YAML mapping, got " + doc.getNodeType());
        }
        String apiVersion = resource.path("apiVersion").asText("");
        String kind = resource.path("kind").asText("");
        String name = resource.path("metadata").path("name").asText("");
        if (!resource.path("apiVersion").isTextual() || apiVersion.isBlank()) {
            throw new KustomizeException(show(file) + ": a resource without apiVersion (kind " + kind + ")");
        }
        if (!resource.path("kind").isTextual() || kind.isBlank()) {
            throw new KustomizeException(show(file) + ": a resource without kind");
        }
        if (kind.equals("Kustomization") || kind.equals("Component")) {
            throw new KustomizeException(
                    show(file) + ": is a " + kind + "; list its directory, not the file, under resources:");
        }
        if (kind.equals("List") || kind.endsWith("List") && resource.has("items")) {
            throw new KustomizeException(
                    show(file) + ": kind " + kind + " is not supported: one document per resource");
        }
        if (!resource.path("metadata").path("name").isTextual() || name.isBlank()) {
            throw new KustomizeException(show(file) + ": a " + kind + " without metadata.name");
        }
        if (resource.path("metadata").has("generateName")) {
            throw new KustomizeException(
                    show(file) + ": " + kind + " " + name + ": metadata.generateName is not supported");
        }
        return resource;
    }

    private void add(List<ObjectNode> accumulated, ObjectNode resource, Kust kust, String field) {
        String id = id(resource);
        for (ObjectNode existing : accumulated) {
            if (id(existing).equals(id)) {
                throw error(
                        kust.file(),
                        field,
                        "duplicate resource " + id + " (from " + show(origins.get(existing)) + " and "
                                + show(origins.get(resource)) + ")");
            }
        }
        accumulated.add(resource);
    }

    /** Whether resources of {@code kind} have no namespace (unknown kinds are namespaced, as kustomize assumes). */
    public static boolean isClusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind);
    }

    /** group/kind/namespace/name: what must be unique in a rendering. */
    public static String id(ObjectNode resource) {
        String namespace = resource.path("metadata").path("namespace").asText("");
        return group(resource) + "/" + resource.path("kind").asText() + "/" + (namespace.isEmpty() ? "~" : namespace)
                + "/" + resource.path("metadata").path("name").asText();
    }

    static String group(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transformations, in kustomize's builtin order

    private void transform(Kust kust, List<ObjectNode> resources) {
        patches(kust, resources);
        namespace(kust, resources);
        labels(kust, resources);
        annotations(kust, resources);
        replicas(kust, resources);
        images(kust, resources);
        Map<String, ObjectNode> seen = new LinkedHashMap<>();
        for (ObjectNode resource : resources) {
            ObjectNode previous = seen.put(id(resource), resource);
            if (previous != null) {
                throw error(
                        kust.file(),
                        "namespace",
                        "after the transformations two resources are " + id(resource) + " (from "
                                + show(origins.get(previous)) + " and " + show(origins.get(resource)) + ")");
            }
        }
    }

    // --- patches

    private void patches(Kust kust, List<ObjectNode> resources) {
        JsonNode patches = kust.doc().get("patches");
        if (patches == null) {
            return;
        }
        if (!patches.isArray()) {
            throw error(kust.file(), "patches", "must be a list");
        }
        for (int i = 0; i < patches.size(); i++) {
            String field = "patches[" + i + "]";
            JsonNode entry = patches.get(i);
            if (!entry.isObject()) {
                throw error(kust.file(), field, "must be a mapping with path: or patch:");
            }
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("path", "patch", "target").contains(name)) {
                    throw error(kust.file(), field + "." + name, "is not supported (supported: path, patch, target)");
                }
            }
            boolean hasPath = entry.has("path");
            boolean hasPatch = entry.has("patch");
            if (hasPath == hasPatch) {
                throw error(kust.file(), field, "needs exactly one of path: and patch:");
            }
            String text;
            Path where;
            if (hasPath) {
                if (!entry.get("path").isTextual()) {
                    throw error(kust.file(), field + ".path", "must be a string");
                }
                Path file =
                        relativePath(kust, field + ".path", entry.get("path").asText());
                text = readFile(file, kust, field + ".path");
                where = file;
            } else {
                if (!entry.get("patch").isTextual()) {
                    throw error(kust.file(), field + ".patch", "must be a string holding a YAML patch");
                }
                text = entry.get("patch").asText();
                where = kust.file();
            }
            String describe = hasPath ? show(where) : show(kust.file()) + " " + field + ".patch";
            List<JsonNode> docs = readDocuments(text, where);
            if (docs.size() != 1) {
                throw error(
                        kust.file(), field, describe + " must hold exactly one patch document, found " + docs.size());
            }
            if (!(docs.get(0) instanceof ObjectNode patch)) {
                throw error(
                        kust.file(),
                        field,
                        describe + " is not a strategic merge patch (a mapping); JSON 6902 patches are not supported");
            }
            JsonNode directive = patch.get("$patch");
            boolean delete = false;
            if (directive != null) {
                if (!"delete".equals(directive.asText())) {
                    throw error(
                            kust.file(),
                            field,
                            describe + ": $patch: " + directive.asText()
                                    + " at the top of a patch is not supported (only delete)");
                }
                delete = true;
            }
            List<ObjectNode> matches = entry.has("target")
                    ? selectByTarget(kust, field + ".target", entry.get("target"), resources)
                    : selectByPatch(kust, field, describe, patch, resources);
            if (matches.isEmpty()) {
                throw error(
                        kust.file(),
                        field,
                        describe + " matches no resource ("
                                + (entry.has("target")
                                        ? "target " + entry.get("target")
                                        : patch.path("kind").asText() + " "
                                                + patch.path("metadata")
                                                        .path("name")
                                                        .asText())
                                + ")");
            }
            for (ObjectNode match : matches) {
                if (delete) {
                    resources.removeIf(resource -> resource == match);
                } else {
                    ObjectNode body = patch.deepCopy();
                    body.remove("apiVersion");
                    body.remove("kind");
                    if (body.get("metadata") instanceof ObjectNode metadata) {
                        metadata.remove("name");
                        metadata.remove("namespace");
                        if (metadata.isEmpty()) {
                            body.remove("metadata");
                        }
                    }
                    boolean builtin = isBuiltin(match);
                    mergeMap(match, body, "", builtin, match.path("kind").asText(), describe);
                }
            }
        }
    }

    private List<ObjectNode> selectByTarget(Kust kust, String field, JsonNode target, List<ObjectNode> resources) {
        if (!target.isObject() || target.isEmpty()) {
            throw error(kust.file(), field, "must be a mapping with kind and/or name");
        }
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = target.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Set.of("kind", "name", "group", "version", "namespace").contains(e.getKey())) {
                throw error(
                        kust.file(),
                        field + "." + e.getKey(),
                        "is not supported (supported: kind, name, group, version, namespace)");
            }
            if (!e.getValue().isTextual()) {
                throw error(kust.file(), field + "." + e.getKey(), "must be a string");
            }
            try {
                // kustomize matches selector fields as anchored regular expressions.
                patterns.put(e.getKey(), Pattern.compile(e.getValue().asText()));
            } catch (PatternSyntaxException ex) {
                throw error(kust.file(), field + "." + e.getKey(), "is not a valid regular expression");
            }
        }
        if (!patterns.containsKey("kind") && !patterns.containsKey("name")) {
            throw error(kust.file(), field, "needs kind or name");
        }
        List<ObjectNode> matches = new ArrayList<>();
        for (ObjectNode resource : resources) {
            String apiVersion = resource.path("apiVersion").asText();
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            Map<String, String> values = Map.of(
                    "kind", resource.path("kind").asText(),
                    "name", resource.path("metadata").path("name").asText(),
                    "group", group(resource),
                    "version", version,
                    "namespace", resource.path("metadata").path("namespace").asText(""));
            boolean all = patterns.entrySet().stream()
                    .allMatch(p -> p.getValue().matcher(values.get(p.getKey())).matches());
            if (all) {
                matches.add(resource);
            }
        }
        return matches;
    }

    private List<ObjectNode> selectByPatch(
            Kust kust, String field, String describe, ObjectNode patch, List<ObjectNode> resources) {
        String kind = patch.path("kind").asText("");
        String name = patch.path("metadata").path("name").asText("");
        if (kind.isEmpty() || name.isEmpty() || !patch.path("apiVersion").isTextual()) {
            throw error(
                    kust.file(),
                    field,
                    describe + " has no target: it needs apiVersion, kind and metadata.name to find its resource");
        }
        String group = group(patch);
        String namespace = patch.path("metadata").path("namespace").asText(null);
        List<ObjectNode> matches = new ArrayList<>();
        for (ObjectNode resource : resources) {
            if (resource.path("kind").asText().equals(kind)
                    && resource.path("metadata").path("name").asText().equals(name)
                    && group(resource).equals(group)
                    && (namespace == null
                            || namespace.equals(
                                    resource.path("metadata").path("namespace").asText("")))) {
                matches.add(resource);
            }
        }
        return matches;
    }

    private static boolean isBuiltin(JsonNode resource) {
        String group = group(resource);
        return group.isEmpty()
                || group.endsWith(".k8s.io")
                || Set.of("apps", "batch", "policy", "autoscaling").contains(group);
    }

    /** Strategic merge of {@code patch} into {@code target}. */
    private void mergeMap(
            ObjectNode target, ObjectNode patch, String path, boolean builtin, String kind, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            String at = path.isEmpty() ? key : path + "." + key;
            if (key.startsWith("$")) {
                throw new KustomizeException(where + ": directive " + key + " at " + at + " is not supported");
            }
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value instanceof ObjectNode object) {
                JsonNode directive = object.get("$patch");
                if (directive != null) {
                    String d = directive.asText();
                    ObjectNode copy = object.deepCopy();
                    copy.remove("$patch");
                    if (d.equals("delete")) {
                        target.remove(key);
                    } else if (d.equals("replace")) {
                        target.set(key, withoutNulls(copy));
                    } else {
                        throw new KustomizeException(where + ": $patch: " + d + " at " + at + " is not supported");
                    }
                } else if (current instanceof ObjectNode currentObject) {
                    mergeMap(currentObject, object, at, builtin, kind, where);
                } else {
                    target.set(key, withoutNulls(object.deepCopy()));
                }
            } else if (value instanceof ArrayNode array) {
                if (builtin && key.equals("volumeClaimTemplates")) {
                    // The agreed subset says "merge by name"; kustomize replaces this list whole (it has no merge
                    // key, and its elements are named in metadata.name). Refused rather than rendered either way.
                    throw new KustomizeException(where + ": " + at + ": patching volumeClaimTemplates is not"
                            + " supported (kustomize replaces the whole list; the agreed subset merges by name)");
                }
                if (builtin && NAMED_LISTS.contains(key)) {
                    ArrayNode currentArray = current instanceof ArrayNode a ? a : target.putArray(key);
                    mergeNamedList(currentArray, array, key, at, kind, where);
                } else {
                    if (builtin && UNSUPPORTED_MERGE_LISTS.containsKey(key) && current != null) {
                        throw new KustomizeException(where + ": " + at + ": kustomize merges this list by "
                                + UNSUPPORTED_MERGE_LISTS.get(key)
                                + "; the renderer would replace it, so patching it is not supported");
                    }
                    target.set(key, array.deepCopy());
                }
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private void mergeNamedList(ArrayNode target, ArrayNode patch, String key, String at, String kind, String where) {
        // kustomize's own merge keys where they are not the name; the subset merges by name, and where the two
        // would pick different elements the renderer refuses rather than render something kustomize would not.
        String realKey =
                switch (key) {
                    case "ports" -> kind.equals("Service") ? "port" : "containerPort";
                    case "volumeMounts" -> "mountPath";
                    default -> null;
                };
        // kustomize's order: the patch's elements first, in the patch's order (merged into the element they
        // match), then the elements the patch does not mention, in their order.
        List<JsonNode> result = new ArrayList<>();
        boolean[] mentioned = new boolean[target.size()];
        for (JsonNode item : patch) {
            if (!(item instanceof ObjectNode object) || !object.path("name").isTextual()) {
                throw new KustomizeException(
                        where + ": every element patched into " + at + " needs a name (elements are merged by name)");
            }
            String name = object.get("name").asText();
            int index = indexOf(target, "name", object.get("name"));
            boolean delete = "delete".equals(object.path("$patch").asText(null));
            if (object.has("$patch") && !delete) {
                throw new KustomizeException(
                        where + ": $patch: " + object.get("$patch").asText() + " in " + at + " is not supported");
            }
            if (realKey != null && !delete) {
                if (!object.has(realKey)) {
                    throw new KustomizeException(where + ": element " + name + " of " + at + " needs " + realKey
                            + ": kustomize merges " + key + " by " + realKey);
                }
                int byRealKey = indexOf(target, realKey, object.get(realKey));
                if (byRealKey != index) {
                    throw new KustomizeException(where + ": element " + name + " of " + at + " is matched by name to "
                            + (index < 0 ? "no element" : "element " + index) + " but kustomize matches " + key
                            + " by " + realKey + " (" + (byRealKey < 0 ? "no element" : "element " + byRealKey)
                            + "): make name and " + realKey + " agree");
                }
                if (key.equals("ports")
                        && object.has("protocol")
                        && index >= 0
                        && !object.get("protocol").equals(target.get(index).get("protocol"))) {
                    // kustomize matches ports by port and protocol, and renders a protocol added by a patch
                    // inconsistently (it drops protocol: TCP when the base leaves it out).
                    throw new KustomizeException(where + ": element " + name + " of " + at + " changes protocol"
                            + ", which kustomize renders differently: declare the protocol in the base");
                }
            }
            if (index >= 0) {
                mentioned[index] = true;
            }
            if (delete) {
                continue;
            }
            if (index >= 0) {
                ObjectNode merged = (ObjectNode) target.get(index);
                mergeMap(merged, object, at + "[" + name + "]", true, kind, where);
                result.add(merged);
            } else {
                result.add(withoutNulls(object.deepCopy()));
            }
        }
        for (int i = 0; i < target.size(); i++) {
            if (!mentioned[i]) {
                result.add(target.get(i));
            }
        }
        target.removeAll();
        target.addAll(result);
    }

    private static int indexOf(ArrayNode array, String field, JsonNode value) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (element.has(field) && element.get(field).asText().equals(value.asText())) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode withoutNulls(ObjectNode node) {
        List<String> nulls = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            } else if (e.getValue() instanceof ObjectNode child) {
                withoutNulls(child);
            }
        });
        node.remove(nulls);
        return node;
    }

    // --- namespace

    private void namespace(Kust kust, List<ObjectNode> resources) {
        JsonNode value = kust.doc().get("namespace");
        if (value == null) {
            return;
        }
        if (!value.isTextual() || !DNS_LABEL.matcher(value.asText()).matches()) {
            throw error(kust.file(), "namespace", "must be a DNS label, got " + value);
        }
        String namespace = value.asText();
        for (ObjectNode resource : resources) {
            String kind = resource.path("kind").asText();
            String name = resource.path("metadata").path("name").asText();
            if (kind.equals("Namespace") && !name.equals(namespace)) {
                throw error(
                        kust.file(),
                        "namespace",
                        "kustomize would rename Namespace " + name + " to " + namespace + "; not supported");
            }
            if ((kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding"))
                    && resource.path("subjects").isArray()
                    && !resource.path("subjects").isEmpty()) {
                throw error(
                        kust.file(),
                        "namespace",
                        kind + " " + name
                                + ": kustomize rewrites subjects[].namespace; not supported by this renderer");
            }
            if (CLUSTER_SCOPED.contains(kind)) {
                continue;
            }
            ObjectNode metadata = (ObjectNode) resource.get("metadata");
            metadata.put("namespace", namespace);
        }
    }

    // --- labels and annotations

    private record FieldSpec(String group, String kind, String path, boolean create) {
        boolean applies(JsonNode resource) {
            return (group == null || group.equals(Kustomize.group(resource)))
                    && (kind == null || kind.equals(resource.path("kind").asText()));
        }
    }

    private static List<FieldSpec> commonLabelSpecs() {
        List<FieldSpec> specs = new ArrayList<>();
        specs.add(new FieldSpec(null, null, "metadata/labels", true));
        specs.add(new FieldSpec("", "Service", "spec/selector", true));
        specs.add(new FieldSpec("", "ReplicationController", "spec/selector", true));
        specs.add(new FieldSpec("", "ReplicationController", "spec/template/metadata/labels", true));
        for (String kind : List.of("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")) {
            specs.add(new FieldSpec(null, kind, "spec/selector/matchLabels", true));
            specs.add(new FieldSpec(null, kind, "spec/template/metadata/labels", true));
            for (String affinity : List.of("podAffinity", "podAntiAffinity")) {
                String base = "spec/template/spec/affinity/" + affinity;
                specs.add(new FieldSpec(
                        null,
                        kind,
                        base
                                + "/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
                        false));
                specs.add(new FieldSpec(
                        null,
                        kind,
                        base + "/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
                        false));
            }
        }
        specs.add(new FieldSpec("apps", "StatefulSet", "spec/volumeClaimTemplates/metadata/labels", true));
        specs.add(new FieldSpec("batch", "Job", "spec/selector/matchLabels", false));
        specs.add(new FieldSpec("batch", "Job", "spec/template/metadata/labels", true));
        specs.add(new FieldSpec("batch", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false));
        specs.add(new FieldSpec("batch", "CronJob", "spec/jobTemplate/metadata/labels", true));
        specs.add(new FieldSpec("batch", "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true));
        specs.add(new FieldSpec("policy", "PodDisruptionBudget", "spec/selector/matchLabels", false));
        specs.add(new FieldSpec("networking.k8s.io", "NetworkPolicy", "spec/podSelector/matchLabels", false));
        specs.add(new FieldSpec(
                "networking.k8s.io", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false));
        specs.add(new FieldSpec("networking.k8s.io", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false));
        return List.copyOf(specs);
    }

    private static List<FieldSpec> annotationSpecs() {
        List<FieldSpec> specs = new ArrayList<>();
        specs.add(new FieldSpec(null, null, "metadata/annotations", true));
        specs.add(new FieldSpec("", "ReplicationController", "spec/template/metadata/annotations", true));
        for (String kind : List.of("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job")) {
            specs.add(new FieldSpec(null, kind, "spec/template/metadata/annotations", true));
        }
        specs.add(new FieldSpec("batch", "CronJob", "spec/jobTemplate/metadata/annotations", true));
        specs.add(new FieldSpec("batch", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true));
        return List.copyOf(specs);
    }

    private void labels(Kust kust, List<ObjectNode> resources) {
        JsonNode labels = kust.doc().get("labels");
        if (labels != null) {
            if (!labels.isArray()) {
                throw error(kust.file(), "labels", "must be a list of {pairs, includeSelectors, includeTemplates}");
            }
            for (int i = 0; i < labels.size(); i++) {
                String field = "labels[" + i + "]";
                JsonNode entry = labels.get(i);
                if (!entry.isObject()) {
                    throw error(kust.file(), field, "must be a mapping");
                }
                for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!Set.of("pairs", "includeSelectors", "includeTemplates").contains(name)) {
                        throw error(
                                kust.file(),
                                field + "." + name,
                                "is not supported (supported: pairs, includeSelectors, includeTemplates)");
                    }
                }
                Map<String, String> pairs = stringMap(kust, field + ".pairs", entry.get("pairs"));
                boolean selectors = bool(kust, field + ".includeSelectors", entry.get("includeSelectors"));
                boolean templates = bool(kust, field + ".includeTemplates", entry.get("includeTemplates"));
                List<FieldSpec> specs = selectors ? COMMON_LABEL_SPECS : templates ? TEMPLATE_LABELS : METADATA_LABELS;
                apply(kust, field, specs, pairs, resources);
            }
        }
        JsonNode common = kust.doc().get("commonLabels");
        if (common != null) {
            apply(kust, "commonLabels", COMMON_LABEL_SPECS, stringMap(kust, "commonLabels", common), resources);
        }
    }

    private void annotations(Kust kust, List<ObjectNode> resources) {
        JsonNode common = kust.doc().get("commonAnnotations");
        if (common != null) {
            apply(kust, "commonAnnotations", ANNOTATION_SPECS, stringMap(kust, "commonAnnotations", common), resources);
        }
    }

    private void apply(
            Kust kust, String field, List<FieldSpec> specs, Map<String, String> pairs, List<ObjectNode> resources) {
        for (ObjectNode resource : resources) {
            for (FieldSpec spec : specs) {
                if (spec.applies(resource)) {
                    setAt(kust, field, resource, List.of(spec.path().split("/")), 0, spec.create(), pairs);
                }
            }
        }
    }

    private void setAt(
            Kust kust,
            String field,
            JsonNode node,
            List<String> path,
            int index,
            boolean create,
            Map<String, String> pairs) {
        if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                setAt(kust, field, element, path, index, create, pairs);
            }
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        String key = path.get(index);
        JsonNode child = object.get(key);
        if (child == null || child.isNull()) {
            if (!create) {
                return;
            }
            child = object.putObject(key);
        }
        if (index == path.size() - 1) {
            if (!(child instanceof ObjectNode map)) {
                throw error(kust.file(), field, "cannot set " + String.join("/", path) + ": not a mapping");
            }
            pairs.forEach(map::put);
        } else {
            setAt(kust, field, child, path, index + 1, create, pairs);
        }
    }

    // --- replicas

    private void replicas(Kust kust, List<ObjectNode> resources) {
        JsonNode replicas = kust.doc().get("replicas");
        if (replicas == null) {
            return;
        }
        if (!replicas.isArray()) {
            throw error(kust.file(), "replicas", "must be a list of {name, count}");
        }
        for (int i = 0; i < replicas.size(); i++) {
            String field = "replicas[" + i + "]";
            JsonNode entry = replicas.get(i);
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("name", "count").contains(name)) {
                    throw error(kust.file(), field + "." + name, "is not supported (supported: name, count)");
                }
            }
            if (!entry.path("name").isTextual()
                    || !entry.path("count").isIntegralNumber()
                    || entry.path("count").asInt() < 0) {
                throw error(kust.file(), field, "needs name (a string) and count (an integer >= 0)");
            }
            String name = entry.get("name").asText();
            boolean matched = false;
            for (ObjectNode resource : resources) {
                String kind = resource.path("kind").asText();
                if (Set.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController")
                                .contains(kind)
                        && resource.path("metadata").path("name").asText().equals(name)) {
                    JsonNode spec = resource.get("spec");
                    ObjectNode specObject = spec instanceof ObjectNode o ? o : resource.putObject("spec");
                    specObject.put("replicas", entry.get("count").asInt());
                    matched = true;
                }
            }
            if (!matched) {
                throw error(kust.file(), field, "no Deployment or StatefulSet named " + name);
            }
        }
    }

    // --- images

    private void images(Kust kust, List<ObjectNode> resources) {
        JsonNode images = kust.doc().get("images");
        if (images == null) {
            return;
        }
        if (!images.isArray()) {
            throw error(kust.file(), "images", "must be a list of {name, newName, newTag}");
        }
        for (int i = 0; i < images.size(); i++) {
            String field = "images[" + i + "]";
            JsonNode entry = images.get(i);
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("name", "newName", "newTag").contains(name)) {
                    throw error(kust.file(), field + "." + name, "is not supported (supported: name, newName, newTag)");
                }
            }
            if (!entry.path("name").isTextual()) {
                throw error(kust.file(), field + ".name", "is required");
            }
            if (!entry.has("newName") && !entry.has("newTag")) {
                throw error(kust.file(), field, "needs newName or newTag");
            }
            for (String f : List.of("newName", "newTag")) {
                if (entry.has(f) && !entry.get(f).isTextual()) {
                    throw error(kust.file(), field + "." + f, "must be a string (quote it)");
                }
            }
            String name = entry.get("name").asText();
            String newName = entry.path("newName").asText(null);
            String newTag = entry.path("newTag").asText(null);
            for (ObjectNode resource : resources) {
                rewriteImages(resource, name, newName, newTag);
            }
        }
    }

    private static void rewriteImages(JsonNode node, String name, String newName, String newTag) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers"))
                        && e.getValue() instanceof ArrayNode containers) {
                    for (JsonNode container : containers) {
                        if (container instanceof ObjectNode c && c.path("image").isTextual()) {
                            String image = c.get("image").asText();
                            ImageRef ref = ImageRef.parse(image);
                            if (ref.name().equals(name)) {
                                String tagPart = newTag != null ? ":" + newTag : ref.suffix();
                                c.put("image", (newName != null ? newName : ref.name()) + tagPart);
                            }
                        }
                    }
                }
                rewriteImages(e.getValue(), name, newName, newTag);
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                rewriteImages(element, name, newName, newTag);
            }
        }
    }

    /** An image reference split as kustomize splits it: the name, and the tag and/or digest suffix. */
    public record ImageRef(String name, String tag, String digest) {
        public static ImageRef parse(String image) {
            String rest = image;
            String digest = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            String tag = null;
            int colon = rest.lastIndexOf(':');
            if (colon > rest.lastIndexOf('/')) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
            return new ImageRef(rest, tag, digest);
        }

        String suffix() {
            return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Field helpers

    private List<String> stringList(Kust kust, String field) {
        JsonNode node = kust.doc().get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(kust.file(), field, "must be a list of paths");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw error(kust.file(), field + "[" + i + "]", "must be a string");
            }
            values.add(node.get(i).asText());
        }
        return values;
    }

    private Map<String, String> stringMap(Kust kust, String field, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw error(kust.file(), field, "must be a mapping of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw error(kust.file(), field + "." + e.getKey(), "must be a string (quote it), got " + e.getValue());
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    private boolean bool(Kust kust, String field, JsonNode node) {
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw error(kust.file(), field, "must be true or false");
        }
        return node.asBoolean();
    }

    private KustomizeException error(Path file, String field, String message) {
        return new KustomizeException(show(file) + ": " + field + ": " + message);
    }

    private String show(Path path) {
        if (path == null) {
            return "?";
        }
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(displayRoot)
                ? displayRoot.relativize(absolute).toString()
                : absolute.toString();
    }
}
