package io.pkcsconnector.pki;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate templates a CA publishes. Names match case-insensitively, as AD CS template names do
 * when an administrator types one into an Intune profile.
 */
public final class TemplateRegistry {

    private final Map<String, CertificateTemplate> byKey;

    private TemplateRegistry(Collection<CertificateTemplate> templates) {
        Map<String, CertificateTemplate> map = new LinkedHashMap<>();
        for (CertificateTemplate template : templates) {
            CertificateTemplate previous = map.putIfAbsent(key(template.name()), template);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "templates '" + previous.name() + "' and '" + template.name() + "' have the same name");
            }
        }
        this.byKey = Map.copyOf(map);
    }

    public static TemplateRegistry of(CertificateTemplate... templates) {
        return new TemplateRegistry(List.of(templates));
    }

    public static TemplateRegistry of(Collection<CertificateTemplate> templates) {
        return new TemplateRegistry(templates);
    }

    /** Only {@link CertificateTemplate#PKCS_USER}. */
    public static TemplateRegistry builtIn() {
        return of(CertificateTemplate.PKCS_USER);
    }

    public Optional<CertificateTemplate> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byKey.get(key(name)));
    }

    /**
     * @throws TemplateViolationException with {@link ViolationCode#UNKNOWN_TEMPLATE} naming the known
     *     templates, so that a typo in a profile is obvious from the request's error message
     */
    public CertificateTemplate get(String name) {
        return find(name)
                .orElseThrow(() -> new TemplateViolationException(
                        ViolationCode.UNKNOWN_TEMPLATE,
                        String.valueOf(name),
                        "no such certificate template; known templates: " + names()));
    }

    public List<String> names() {
        return byKey.values().stream().map(CertificateTemplate::name).sorted().toList();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
