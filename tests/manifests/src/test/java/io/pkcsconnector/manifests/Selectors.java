package io.pkcsconnector.manifests;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Kubernetes label selector semantics. */
final class Selectors {

    private Selectors() {}

    /** Whether a set-based selector selects {@code labels}. A null selector selects nothing, an empty one all. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (!selects(selector.getMatchLabels(), actual)) {
            return false;
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        if (expressions != null) {
            for (LabelSelectorRequirement requirement : expressions) {
                String value = actual.get(requirement.getKey());
                List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
                boolean ok =
                        switch (requirement.getOperator()) {
                            case "In" -> value != null && values.contains(value);
                            case "NotIn" -> value == null || !values.contains(value);
                            case "Exists" -> value != null;
                            case "DoesNotExist" -> value == null;
                            default -> false;
                        };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Equality-based selection (a Service's spec.selector): every pair present in {@code labels}. */
    static boolean selects(Map<String, String> matchLabels, Map<String, String> labels) {
        if (matchLabels == null) {
            return true;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
    }

    static boolean isEmpty(LabelSelector selector) {
        return selector != null
                && (selector.getMatchLabels() == null
                        || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null
                        || selector.getMatchExpressions().isEmpty());
    }

    static String show(LabelSelector selector) {
        if (selector == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
            b.append(selector.getMatchLabels());
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                b.append(b.length() > 0 ? ", " : "")
                        .append(r.getKey())
                        .append(' ')
                        .append(r.getOperator())
                        .append(' ')
                        .append(r.getValues());
            }
        }
        return b.length() == 0 ? "{}" : b.toString();
    }
}
