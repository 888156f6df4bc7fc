package io.pkcsconnector.manifests.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The configuration properties Java sources declare: {@code @ConfigMapping(prefix = ...)} interfaces (nested group
 * interfaces, kebab-case method names, {@code @WithName}, {@code @WithParentName}, {@code Map} members that accept
 * any sub-key, {@code Optional} groups) and {@code @ConfigProperty(name = ...)} injection points.
 *
 * <p>A small tokenizer and declaration parser, not a Java compiler: it understands what this codebase's config
 * interfaces use and throws on anything it does not (interface inheritance, {@code List} of groups, a non-literal
 * name, a naming strategy), so a new construct fails the build instead of going unchecked.
 */
public final class JavaConfigScanner {

    /** What the scanned sources read: exact property names, and prefixes under which any sub-key is read. */
    public record Declared(Set<String> properties, Set<String> mapPrefixes) {}

    private record Annotation(String name, List<String> args) {}

    private record Member(String name, String type, List<Annotation> annotations, boolean hasParameters) {}

    private static final class Iface {
        final String name;
        final String fqn;
        final SourceFile file;
        final Iface outer;
        final List<Member> members = new ArrayList<>();
        final Map<String, Iface> nested = new LinkedHashMap<>();
        Annotation mapping;
        boolean inherits;

        Iface(String name, String fqn, SourceFile file, Iface outer) {
            this.name = name;
            this.fqn = fqn;
            this.file = file;
            this.outer = outer;
        }
    }

    private static final class SourceFile {
        final Path path;
        final String packageName;
        final Map<String, String> imports = new HashMap<>();
        final Map<String, Iface> topLevel = new LinkedHashMap<>();

        SourceFile(Path path, String packageName) {
            this.path = path;
            this.packageName = packageName;
        }
    }

    private final Map<String, Iface> interfacesByFqn = new HashMap<>();
    private final List<Iface> mappings = new ArrayList<>();
    private final List<String> configProperties = new ArrayList<>();

    /** Scans every {@code .java} file under the given source roots. */
    public static Declared scan(List<Path> sourceRoots) {
        JavaConfigScanner scanner = new JavaConfigScanner();
        for (Path root : sourceRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    scanner.parse(file, Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scanner.declared();
    }

    /** Scans one source text (for tests of the scanner itself). */
    public static Declared scanSource(String source) {
        JavaConfigScanner scanner = new JavaConfigScanner();
        scanner.parse(Path.of("Source.java"), source);
        return scanner.declared();
    }

    private Declared declared() {
        Set<String> properties = new java.util.TreeSet<>(configProperties);
        Set<String> mapPrefixes = new java.util.TreeSet<>();
        for (Iface mapping : mappings) {
            String prefix = stringArg(mapping.mapping, "prefix", mapping);
            if (prefix == null) {
                throw unsupported(mapping, "@ConfigMapping without a literal prefix");
            }
            if (mapping.mapping.args().stream().anyMatch(a -> a.startsWith("namingStrategy"))) {
                throw unsupported(mapping, "@ConfigMapping(namingStrategy = ...)");
            }
            flatten(mapping, prefix, properties, mapPrefixes, new ArrayList<>());
        }
        return new Declared(Set.copyOf(properties), Set.copyOf(mapPrefixes));
    }

    private void flatten(Iface iface, String prefix, Set<String> properties, Set<String> maps, List<Iface> path) {
        if (path.contains(iface)) {
            throw unsupported(iface, "recursive config group");
        }
        path.add(iface);
        if (iface.inherits) {
            throw unsupported(iface, "interface inheritance (extends)");
        }
        for (Member member : iface.members) {
            if (member.hasParameters()) {
                throw unsupported(iface, "a config method with parameters (" + member.name() + ")");
            }
            for (Annotation a : member.annotations()) {
                if (Set.of("WithUnnamedKey", "WithKeys").contains(a.name())) {
                    throw unsupported(iface, "@" + a.name() + " on " + member.name());
                }
            }
            Annotation withName = find(member.annotations(), "WithName");
            boolean parentName = find(member.annotations(), "WithParentName") != null;
            String name = withName != null ? stringArg(withName, "value", iface) : kebab(member.name());
            String property = prefix.isEmpty() ? name : prefix + "." + name;
            String type = member.type();
            String raw = rawType(type);
            List<String> args = typeArguments(type);
            Iface group = resolve(iface, raw);
            if (Set.of("Optional").contains(raw) && args.size() == 1 && resolve(iface, rawType(args.get(0))) != null) {
                group = resolve(iface, rawType(args.get(0)));
            }
            if (Set.of("Map", "SortedMap", "NavigableMap").contains(raw)) {
                maps.add(property);
            } else if (Set.of("List", "Set", "Collection").contains(raw)
                    && args.size() == 1
                    && resolve(iface, rawType(args.get(0))) != null) {
                throw unsupported(iface, "a collection of config groups (" + member.name() + ")");
            } else if (group != null) {
                flatten(group, parentName ? prefix : property, properties, maps, path);
            } else {
                if (parentName) {
                    throw unsupported(iface, "@WithParentName on a leaf (" + member.name() + ")");
                }
                properties.add(property);
            }
        }
        path.remove(path.size() - 1);
    }

    /** The config group interface a simple type name refers to from {@code from}, or null for a leaf type. */
    private Iface resolve(Iface from, String simpleName) {
        for (Iface scope = from; scope != null; scope = scope.outer) {
            if (scope.name.equals(simpleName)) {
                return scope;
            }
            Iface nested = scope.nested.get(simpleName);
            if (nested != null) {
                return nested;
            }
        }
        SourceFile file = from.file;
        if (file.topLevel.containsKey(simpleName)) {
            return file.topLevel.get(simpleName);
        }
        String imported = file.imports.get(simpleName);
        if (imported != null) {
            return interfacesByFqn.get(imported);
        }
        return interfacesByFqn.get(file.packageName + "." + simpleName);
    }

    /** SmallRye Config's default naming strategy: camelCase method names become kebab-case properties. */
    public static String kebab(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLowerOrDigit = i > 0 && !Character.isUpperCase(name.charAt(i - 1));
                boolean endOfAcronym = i > 0
                        && Character.isUpperCase(name.charAt(i - 1))
                        && i + 1 < name.length()
                        && Character.isLowerCase(name.charAt(i + 1));
                if (afterLowerOrDigit || endOfAcronym) {
                    b.append('-');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String rawType(String type) {
        String t = type.trim();
        int lt = t.indexOf('<');
        if (lt >= 0) {
            t = t.substring(0, lt);
        }
        int dot = t.lastIndexOf('.');
        return dot >= 0 ? t.substring(dot + 1).trim() : t.trim();
    }

    private static List<String> typeArguments(String type) {
        int lt = type.indexOf('<');
        if (lt < 0) {
            return List.of();
        }
        String inner = type.substring(lt + 1, type.lastIndexOf('>'));
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(inner.substring(start, i).trim());
                start = i + 1;
            }
        }
        args.add(inner.substring(start).trim());
        return args;
    }

    private static Annotation find(List<Annotation> annotations, String name) {
        return annotations.stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** The literal string value of an annotation attribute ({@code value} also matches a single unnamed argument). */
    private static String stringArg(Annotation annotation, String attribute, Iface where) {
        for (String arg : annotation.args()) {
            String value = null;
            int eq = arg.indexOf('=');
            String key = eq >= 0 ? arg.substring(0, eq).trim() : "value";
            if (key.equals(attribute)) {
                value = eq >= 0 ? arg.substring(eq + 1).trim() : arg.trim();
            }
            if (value != null) {
                String literal = literal(value);
                if (literal == null) {
                    throw unsupported(
                            where, "@" + annotation.name() + "(" + attribute + " = " + value + "): not a literal");
                }
                return literal;
            }
        }
        return null;
    }

    /** "a" or "a" + "b" as a string; null when it is not made of string literals only. */
    private static String literal(String expression) {
        StringBuilder b = new StringBuilder();
        List<String> tokens = tokenize(expression);
        boolean expectLiteral = true;
        for (String token : tokens) {
            if (expectLiteral && token.startsWith("\"")) {
                b.append(unquote(token));
                expectLiteral = false;
            } else if (!expectLiteral && token.equals("+")) {
                expectLiteral = true;
            } else {
                return null;
            }
        }
        return expectLiteral ? null : b.toString();
    }

    private static String unquote(String token) {
        String body = token.substring(1, token.length() - 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                b.append(
                        switch (n) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> n;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static IllegalStateException unsupported(Iface where, String what) {
        return new IllegalStateException(where.file.path + ": " + where.fqn + ": " + what + " is not understood by "
                + JavaConfigScanner.class.getSimpleName()
                + "; extend it rather than leave this configuration unchecked");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parsing

    private void parse(Path path, String source) {
        List<String> t = tokenize(source);
        String packageName = "";
        int i = 0;
        if (t.size() > 1 && t.get(0).equals("package")) {
            int end = t.indexOf(";");
            packageName = String.join("", t.subList(1, end));
            i = end + 1;
        }
        SourceFile file = new SourceFile(path, packageName);
        while (i < t.size() && t.get(i).equals("import")) {
            int end = indexOf(t, ";", i);
            List<String> parts = t.subList(i + 1, end);
            if (!parts.isEmpty() && !parts.get(0).equals("static")) {
                String fqn = String.join("", parts);
                file.imports.put(fqn.substring(fqn.lastIndexOf('.') + 1), fqn);
            }
            i = end + 1;
        }
        // @ConfigProperty anywhere in the file (fields, constructor and method parameters).
        for (int k = 0; k + 1 < t.size(); k++) {
            if (!t.get(k).equals("@") || t.get(k + 1).equals("interface")) {
                continue;
            }
            Annotation a = annotationAt(t, k).annotation;
            if (a.name().equals("ConfigProperty")) {
                String name = null;
                for (String arg : a.args()) {
                    int eq = arg.indexOf('=');
                    if (eq >= 0 && arg.substring(0, eq).trim().equals("name")) {
                        name = literal(arg.substring(eq + 1).trim());
                        if (name == null) {
                            throw new IllegalStateException(
                                    path + ": @ConfigProperty(" + arg + "): not a literal name");
                        }
                    }
                }
                if (name == null) {
                    throw new IllegalStateException(
                            path + ": @ConfigProperty without name: the property name would be derived from the"
                                    + " injection point, which " + JavaConfigScanner.class.getSimpleName()
                                    + " does not do");
                }
                configProperties.add(name);
            }
        }
        parseTypes(t, i, t.size(), file, null, packageName);
    }

    /** Parses the type declarations in tokens [from, to), at one nesting level. */
    private void parseTypes(List<String> t, int from, int to, SourceFile file, Iface outer, String qualifier) {
        int i = from;
        List<Annotation> annotations = new ArrayList<>();
        while (i < to) {
            String token = t.get(i);
            if (token.equals("@") && i + 1 < to && !t.get(i + 1).equals("interface")) {
                Parsed p = annotationAt(t, i);
                annotations.add(p.annotation);
                i = p.end;
                continue;
            }
            if (Set.of(
                            "public",
                            "private",
                            "protected",
                            "static",
                            "final",
                            "abstract",
                            "sealed",
                            "non-sealed",
                            "strictfp")
                    .contains(token)) {
                i++;
                continue;
            }
            if (Set.of("interface", "class", "enum", "record").contains(token)
                    || token.equals("@") && t.get(i + 1).equals("interface")) {
                boolean isInterface = token.equals("interface");
                if (token.equals("@")) {
                    i++;
                }
                String name = t.get(i + 1);
                int open = indexOf(t, "{", i);
                int close = matching(t, open);
                if (isInterface) {
                    Iface iface = new Iface(name, qualifier + "." + name, file, outer);
                    iface.mapping = find(annotations, "ConfigMapping");
                    iface.inherits = t.subList(i + 2, open).contains("extends");
                    interfacesByFqn.put(iface.fqn, iface);
                    if (outer == null) {
                        file.topLevel.put(name, iface);
                    } else {
                        outer.nested.put(name, iface);
                    }
                    if (iface.mapping != null) {
                        mappings.add(iface);
                    }
                    parseMembers(t, open + 1, close, iface);
                } else {
                    // Classes, enums and records may hold nested config interfaces too.
                    parseTypes(t, open + 1, close, file, outer, qualifier + "." + name);
                }
                annotations.clear();
                i = close + 1;
                continue;
            }
            // Anything else at this level (fields, methods, initializers of a class): skip to its end.
            annotations.clear();
            i = skipDeclaration(t, i, to);
        }
    }

    private void parseMembers(List<String> t, int from, int to, Iface iface) {
        int i = from;
        List<Annotation> annotations = new ArrayList<>();
        List<String> modifiers = new ArrayList<>();
        int declarationStart = -1;
        while (i < to) {
            String token = t.get(i);
            if (declarationStart < 0) {
                declarationStart = i;
            }
            if (token.equals("@") && !t.get(i + 1).equals("interface")) {
                Parsed p = annotationAt(t, i);
                annotations.add(p.annotation);
                i = p.end;
                continue;
            }
            if (Set.of("public", "private", "protected", "static", "final", "abstract", "default", "sealed")
                    .contains(token)) {
                modifiers.add(token);
                i++;
                continue;
            }
            if (Set.of("interface", "class", "enum", "record").contains(token)
                    || token.equals("@") && t.get(i + 1).equals("interface")) {
                // A nested type, parsed with the annotations in front of it.
                int end = matching(t, indexOf(t, "{", i));
                List<String> slice = t.subList(declarationStart, end + 1);
                parseTypes(slice, 0, slice.size(), iface.file, iface, iface.fqn);
                annotations.clear();
                modifiers.clear();
                declarationStart = -1;
                i = end + 1;
                continue;
            }
            if (token.equals(";")) {
                declarationStart = -1;
                i++;
                continue;
            }
            // A member declaration: up to ';' (abstract method or constant) or a body (default/static method).
            int end = i;
            int depth = 0;
            while (end < to) {
                String s = t.get(end);
                if (s.equals("(") || s.equals("[")) {
                    depth++;
                } else if (s.equals(")") || s.equals("]")) {
                    depth--;
                } else if (depth == 0 && (s.equals(";") || s.equals("{"))) {
                    break;
                }
                end++;
            }
            List<String> declaration = t.subList(i, end);
            boolean hasBody = end < to && t.get(end).equals("{");
            int next = hasBody ? matching(t, end) + 1 : end + 1;
            int paren = declaration.indexOf("(");
            boolean method = paren > 0 && !declaration.contains("=");
            if (method
                    && !hasBody
                    && !modifiers.contains("static")
                    && !modifiers.contains("default")
                    && !modifiers.contains("private")) {
                String name = declaration.get(paren - 1);
                List<String> params = declaration.subList(paren + 1, declaration.lastIndexOf(")"));
                String type = joinType(declaration.subList(0, paren - 1));
                iface.members.add(new Member(name, type, List.copyOf(annotations), !params.isEmpty()));
            }
            annotations.clear();
            modifiers.clear();
            declarationStart = -1;
            i = next;
        }
    }

    private static String joinType(List<String> tokens) {
        StringBuilder b = new StringBuilder();
        for (String token : tokens) {
            if (token.equals("<") || token.equals(">") || token.equals(",") || token.equals(".")) {
                b.append(token);
            } else {
                if (b.length() > 0 && Character.isJavaIdentifierPart(b.charAt(b.length() - 1))) {
                    b.append(' ');
                }
                b.append(token);
            }
        }
        return b.toString();
    }

    private record Parsed(Annotation annotation, int end) {}

    /** The annotation starting at {@code t[at] == "@"}: its simple name and its top-level arguments as text. */
    private static Parsed annotationAt(List<String> t, int at) {
        int i = at + 1;
        StringBuilder name = new StringBuilder(t.get(i++));
        while (i + 1 < t.size() && t.get(i).equals(".")) {
            name.setLength(0);
            name.append(t.get(i + 1));
            i += 2;
        }
        List<String> args = new ArrayList<>();
        if (i < t.size() && t.get(i).equals("(")) {
            int close = matching(t, i);
            StringBuilder arg = new StringBuilder();
            int depth = 0;
            for (int k = i + 1; k < close; k++) {
                String s = t.get(k);
                if (s.equals("(") || s.equals("{")) {
                    depth++;
                } else if (s.equals(")") || s.equals("}")) {
                    depth--;
                }
                if (depth == 0 && s.equals(",")) {
                    args.add(arg.toString().trim());
                    arg.setLength(0);
                } else {
                    arg.append(s).append(' ');
                }
            }
            if (arg.length() > 0) {
                args.add(arg.toString().trim());
            }
            i = close + 1;
        }
        return new Parsed(new Annotation(name.toString(), args), i);
    }

    private static int skipDeclaration(List<String> t, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            String s = t.get(i);
            if (s.equals("(") || s.equals("[")) {
                depth++;
            } else if (s.equals(")") || s.equals("]")) {
                depth--;
            } else if (depth == 0 && s.equals(";")) {
                return i + 1;
            } else if (depth == 0 && s.equals("{")) {
                int close = matching(t, i);
                // An array or lambda initializer ends with ';' after the block; a method or initializer does not.
                int next = close + 1;
                if (next < to && t.get(next).equals(";")) {
                    return next + 1;
                }
                if (next < to && (t.get(next).equals(",") || t.get(next).equals(")"))) {
                    i = close;
                    continue;
                }
                return next;
            }
        }
        return to;
    }

    private static int indexOf(List<String> t, String token, int from) {
        for (int i = from; i < t.size(); i++) {
            if (t.get(i).equals(token)) {
                return i;
            }
        }
        throw new IllegalStateException("expected " + token + " after token " + from);
    }

    private static int matching(List<String> t, int open) {
        String o = t.get(open);
        String c =
                switch (o) {
                    case "{" -> "}";
                    case "(" -> ")";
                    case "[" -> "]";
                    default -> throw new IllegalArgumentException(o);
                };
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).equals(o)) {
                depth++;
            } else if (t.get(i).equals(c)) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("unbalanced " + o);
    }

    /** Java tokens without comments; string, text block and char literals are single tokens (with quotes). */
    static List<String> tokenize(String s) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                // A text block as a plain string token (its exact content does not matter here).
                tokens.add("\"" + s.substring(i + 3, end).strip().replace("\"", "\\\"") + "\"");
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c) {
                    if (s.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                tokens.add(s.substring(i, j + 1));
                i = j + 1;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(s.charAt(j))) {
                    j++;
                }
                tokens.add(s.substring(i, j));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) {
                    j++;
                }
                tokens.add(s.substring(i, j));
                i = j;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '>') {
                tokens.add("->");
                i += 2;
            } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
                tokens.add("::");
                i += 2;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }
}
