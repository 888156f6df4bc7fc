package io.pkcsconnector.manifests.config;

import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration properties one service reads, and which environment variable names reach them.
 *
 * <p>SmallRye Config's environment source finds property {@code p} in the environment variable named {@code p}
 * exactly, or {@code p} with every non-alphanumeric character replaced by {@code _}, or that uppercased (the form
 * Quarkus documents: {@code quarkus.datasource.jdbc.url} is {@code QUARKUS_DATASOURCE_JDBC_URL}). A property of
 * {@code Map} type reads every sub-key, so its prefix followed by {@code _} and anything is read too.
 */
public record ConfigSurface(Set<String> properties, Set<String> mapPrefixes) {

    public ConfigSurface {
        properties = Set.copyOf(properties);
        mapPrefixes = Set.copyOf(mapPrefixes);
    }

    /** {@code quarkus.http.port} → {@code QUARKUS_HTTP_PORT}. */
    public static String envName(String property) {
        return replaceNonAlphanumeric(property).toUpperCase(java.util.Locale.ROOT);
    }

    private static String replaceNonAlphanumeric(String property) {
        StringBuilder b = new StringBuilder(property.length());
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            b.append(c < 128 && Character.isLetterOrDigit(c) ? c : '_');
        }
        return b.toString();
    }

    /** Whether the service reads the environment variable {@code name}. */
    public boolean reads(String name) {
        for (String property : properties) {
            if (name.equals(property)
                    || name.equals(replaceNonAlphanumeric(property))
                    || name.equals(envName(property))) {
                return true;
            }
        }
        for (String prefix : mapPrefixes) {
            for (String form :
                    new String[] {prefix + ".", replaceNonAlphanumeric(prefix) + "_", envName(prefix) + "_"}) {
                if (name.startsWith(form) && name.length() > form.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The environment variable names of the properties that are closest to {@code name}, for messages. */
    public String suggestions(String name) {
        Set<String> close = new TreeSet<>();
        for (String property : properties) {
            String env = envName(property);
            if (distance(env, name) <= Math.max(2, name.length() / 8)) {
                close.add(env);
            }
        }
        return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
