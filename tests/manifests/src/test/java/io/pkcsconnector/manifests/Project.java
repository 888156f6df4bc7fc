package io.pkcsconnector.manifests;

import io.pkcsconnector.manifests.config.ConfigSurface;
import io.pkcsconnector.manifests.config.JavaConfigScanner;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** What the manifests are checked against: the repository's build, the services' configuration and sources. */
public final class Project {

    private static final String GROUP_ID = "io.pkcsconnector";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}$]+)");

    private static Project instance;

    private final Path root;
    private final String version;
    private final Map<String, Path> libsByArtifactId = new HashMap<>();
    private final Map<String, Service> services = new LinkedHashMap<>();

    public static synchronized Project get() {
        if (instance == null) {
            instance = new Project(findRoot());
        }
        return instance;
    }

    private static Path findRoot() {
        String configured = System.getProperty("pkcs.project.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("services")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("project root not found: set -Dpkcs.project.root");
    }

    private Project(Path root) {
        this.root = root;
        Element project = pom(root.resolve("pom.xml"));
        this.version = text(project, "version");
        if (version == null) {
            throw new IllegalStateException("no <version> in " + root.resolve("pom.xml"));
        }
        for (String dir : List.of("libs", "tools")) {
            for (Path module : subdirectories(root.resolve(dir))) {
                if (Files.isRegularFile(module.resolve("pom.xml"))) {
                    libsByArtifactId.put(text(pom(module.resolve("pom.xml")), "artifactId"), module);
                }
            }
        }
        for (Path module : subdirectories(root.resolve("services"))) {
            if (Files.isRegularFile(module.resolve("pom.xml"))) {
                String name = module.getFileName().toString();
                services.put(name, new Service(name, module));
            }
        }
    }

    public Path root() {
        return root;
    }

    public Path k8s() {
        return root.resolve("deploy/k8s");
    }

    /** The Maven project version of the root pom. */
    public String version() {
        return version;
    }

    /** The service module names: the directories under services/. */
    public List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    public Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service module " + name);
        }
        return service;
    }

    /** The shared defaults of libs/service-common. */
    public Map<String, String> commonProperties() {
        return readProperties(
                root.resolve("libs/service-common/src/main/resources/META-INF/microprofile-config.properties"));
    }

    /** The Secrets deploy/k8s/README.md documents (its Secrets table): name → keys. */
    public Map<String, Set<String>> documentedSecrets() {
        return Readme.secretKeys(k8s().resolve("README.md"));
    }

    /** One Quarkus service module. */
    public final class Service {
        private final String name;
        private final Path dir;
        private Map<String, String> properties;
        private ConfigSurface config;

        Service(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }

        public String name() {
            return name;
        }

        public Path dir() {
            return dir;
        }

        public Path applicationProperties() {
            return dir.resolve("src/main/resources/application.properties");
        }

        /** application.properties as written (profile prefixes kept). */
        public synchronized Map<String, String> properties() {
            if (properties == null) {
                properties = readProperties(applicationProperties());
            }
            return properties;
        }

        /**
         * The value the service runs with in Kubernetes (the prod profile) from its own properties, then the shared
         * defaults of its libraries; environment overrides are not applied here.
         */
        public Optional<String> value(String property) {
            List<Map<String, String>> sources = new ArrayList<>();
            sources.add(properties());
            for (Path lib : libraries()) {
                sources.add(readProperties(lib.resolve("src/main/resources/application.properties")));
                sources.add(readProperties(lib.resolve("src/main/resources/META-INF/microprofile-config.properties")));
            }
            for (Map<String, String> source : sources) {
                if (source.containsKey("%prod." + property)) {
                    return Optional.of(source.get("%prod." + property));
                }
                if (source.containsKey(property)) {
                    return Optional.of(source.get(property));
                }
            }
            return Optional.empty();
        }

        public int httpPort() {
            return Integer.parseInt(value("quarkus.http.port").orElse("8080"));
        }

        public Duration shutdownTimeout() {
            return value("quarkus.shutdown.timeout").map(Project::duration).orElse(Duration.ZERO);
        }

        /** The topics named by the service's channels: {@code mp.messaging.*.topic} and dead-letter topics. */
        public Set<String> topics() {
            Set<String> topics = new TreeSet<>();
            properties().forEach((key, value) -> {
                String k = stripProfile(key);
                if (k.startsWith("mp.messaging.") && k.endsWith(".topic")) {
                    topics.add(value.trim());
                }
            });
            return topics;
        }

        /** The library modules this service depends on (transitively, compile and runtime scope). */
        public List<Path> libraries() {
            Set<Path> libs = new LinkedHashSet<>();
            Deque<Path> todo = new ArrayDeque<>(List.of(dir));
            while (!todo.isEmpty()) {
                Path module = todo.pop();
                for (String artifactId : internalDependencies(module.resolve("pom.xml"))) {
                    Path lib = libsByArtifactId.get(artifactId);
                    if (lib != null && libs.add(lib)) {
                        todo.push(lib);
                    }
                }
            }
            return List.copyOf(libs);
        }

        /** The configuration properties this service reads; see {@link ConfigSurface}. */
        public synchronized ConfigSurface config() {
            if (config == null) {
                Set<String> names = new TreeSet<>();
                List<Path> modules = new ArrayList<>();
                modules.add(dir);
                modules.addAll(libraries());
                List<Path> sourceRoots = new ArrayList<>();
                for (Path module : modules) {
                    for (Path file : List.of(
                            module.resolve("src/main/resources/application.properties"),
                            module.resolve("src/main/resources/META-INF/microprofile-config.properties"))) {
                        readProperties(file).forEach((key, value) -> {
                            names.add(stripProfile(key));
                            Matcher m = EXPRESSION.matcher(value);
                            while (m.find()) {
                                names.add(m.group(1).trim());
                            }
                        });
                    }
                    sourceRoots.add(module.resolve("src/main/java"));
                }
                JavaConfigScanner.Declared declared = JavaConfigScanner.scan(sourceRoots);
                names.addAll(declared.properties());
                config = new ConfigSurface(names, declared.mapPrefixes());
            }
            return config;
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** {@code %dev.foo.bar} → {@code foo.bar}; {@code %dev,test.foo} → {@code foo}. */
    public static String stripProfile(String key) {
        if (key.startsWith("%")) {
            int dot = key.indexOf('.');
            return dot < 0 ? key : key.substring(dot + 1);
        }
        return key;
    }

    /** A Quarkus duration: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1d}, ISO-8601, or seconds. */
    public static Duration duration(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+[smhd]")) {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(v.startsWith("P") ? v : "PT" + v);
    }

    static Map<String, String> readProperties(Path file) {
        Map<String, String> map = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return map;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            map.put(key, properties.getProperty(key));
        }
        return map;
    }

    private List<String> internalDependencies(Path pom) {
        List<String> artifacts = new ArrayList<>();
        Element project = pom(pom);
        NodeList dependencies = project.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            Node parent = dependency.getParentNode();
            // Only <project><dependencies>, not <dependencyManagement> or plugin dependencies.
            if (parent == null || parent.getParentNode() != project) {
                continue;
            }
            String scope = text(dependency, "scope");
            if (GROUP_ID.equals(text(dependency, "groupId")) && !"test".equals(scope) && !"provided".equals(scope)) {
                artifacts.add(text(dependency, "artifactId"));
            }
        }
        return artifacts;
    }

    private static Element pom(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(file.toFile());
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The text of the direct child element {@code name}, or null. */
    private static String text(Element element, String name) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static List<Path> subdirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
