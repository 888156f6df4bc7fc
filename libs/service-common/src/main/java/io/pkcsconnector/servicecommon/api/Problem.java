package io.pkcsconnector.servicecommon.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail. Extension members (for example {@code errorCode} or {@code violations}) are
 * serialised at the top level, as the RFC asks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        URI type, String title, int status, String detail, String instance, Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of our problem type URIs; each type names one kind of error a client can act on. */
    public static final String TYPE_BASE = "https://pkcs-connector.dev/problems/";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, null, Map.of());
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, extensions);
    }

    public Problem with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(name, value);
        return new Problem(type, title, status, detail, instance, copy);
    }

    @JsonAnyGetter
    @Override
    public Map<String, Object> extensions() {
        return extensions;
    }
}
