package io.pkcsconnector.requestintake;

import java.util.Arrays;
import java.util.List;

/**
 * A connector's version string ordered semantically: dot-separated numbers compare as numbers (1.10.0 after
 * 1.9.0, 1.2 equal to 1.2.0), a pre-release ({@code -SNAPSHOT}, {@code -rc.1}) comes before its release, build
 * metadata ({@code +...}) is ignored, as SemVer 2.0 orders them. Anything else (Intune's 6.1905.0.404, a stray
 * letter) still gets a total order: numeric parts before textual ones, text compared as text. Equality of the
 * string itself is what "the same version" means elsewhere; this only orders.
 */
public record ConnectorVersion(String value, List<String> core, List<String> preRelease)
        implements Comparable<ConnectorVersion> {

    public static ConnectorVersion parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a version must not be blank");
        }
        String version = value.strip();
        int build = version.indexOf('+');
        if (build >= 0) {
            version = version.substring(0, build);
        }
        int dash = version.indexOf('-');
        String core = dash >= 0 ? version.substring(0, dash) : version;
        String pre = dash >= 0 ? version.substring(dash + 1) : "";
        return new ConnectorVersion(
                value,
                Arrays.asList(core.split("\\.", -1)),
                pre.isEmpty() ? List.of() : Arrays.asList(pre.split("\\.", -1)));
    }

    /** Orders two version strings; see the class comment. */
    public static int compare(String a, String b) {
        return parse(a).compareTo(parse(b));
    }

    @Override
    public int compareTo(ConnectorVersion other) {
        int parts = Math.max(core.size(), other.core.size());
        for (int i = 0; i < parts; i++) {
            // 1.2 and 1.2.0 name the same release.
            String mine = i < core.size() ? core.get(i) : "0";
            String theirs = i < other.core.size() ? other.core.get(i) : "0";
            int order = compareIdentifiers(mine, theirs);
            if (order != 0) {
                return order;
            }
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            // A release is newer than any of its pre-releases.
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
            int order = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    private static int compareIdentifiers(String a, String b) {
        boolean aNumeric = isNumeric(a);
        boolean bNumeric = isNumeric(b);
        if (aNumeric && bNumeric) {
            // As strings without leading zeros, so that no number is too long to compare.
            String x = stripZeros(a);
            String y = stripZeros(b);
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
