package io.pkcsconnector.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets deploy/k8s/README.md documents: the Markdown table under the first heading that mentions Secrets,
 * first column the backquoted Secret name, second column its backquoted keys.
 */
final class Readme {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private Readme() {}

    static Set<String> secrets(Path readme) {
        return secretKeys(readme).keySet();
    }

    /** Secret name → documented keys (empty when the table gives none). */
    static Map<String, Set<String>> secretKeys(Path readme) {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        if (!Files.isRegularFile(readme)) {
            return secrets;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("#")) {
                inSection = line.toLowerCase(java.util.Locale.ROOT).contains("secret");
                continue;
            }
            if (!inSection || !line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            if (cells.length < 3) {
                continue;
            }
            Matcher name = CODE.matcher(cells[1]);
            if (!name.find()) {
                continue; // header or separator row
            }
            Set<String> keys = new LinkedHashSet<>();
            Matcher key = CODE.matcher(cells[2]);
            while (key.find()) {
                keys.add(key.group(1));
            }
            secrets.put(name.group(1), keys);
        }
        return secrets;
    }
}
