package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one JSON form of every event, shared by producers, consumers, outboxes and the golden tests.
 *
 * <ul>
 *   <li>Instants are ISO-8601 strings in UTC ({@code 2026-11-24T19:01:38Z}), readable by people and by any
 *       language, instead of Jackson's default epoch numbers.
 *   <li>Unknown properties are ignored, so a consumer keeps working when a producer adds a field within a
 *       version.
 *   <li>Null fields are written as explicit {@code null}: every event shows all of its fields, and the golden
 *       files document the full shape. Readers treat a missing field like null.
 *   <li>Duplicate keys and trailing content are errors: two values for one field must not let a consumer and an
 *       auditor read different events.
 *   <li>Parse errors do not quote the input, because events carry encrypted key material that must stay out of
 *       logs.
 * </ul>
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private EventJson() {}

    /** A copy of the configured mapper, e.g. to read golden files as trees; changing it leaves the shared one alone. */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static String toJson(PkiEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + describe(event) + " as JSON", e);
        }
    }

    public static byte[] toBytes(PkiEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + describe(event) + " as JSON", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the JSON is malformed or describes an event that breaks its contract
     */
    public static <T extends PkiEvent> T fromJson(String json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " from null");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw invalid(type, e);
        }
    }

    /**
     * @throws IllegalArgumentException when the bytes are not UTF-8 JSON of a valid event
     */
    public static <T extends PkiEvent> T fromBytes(byte[] json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " from null");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw invalid(type, e);
        }
    }

    /** The reason and the position only: Jackson's own message adds a source description across lines. */
    private static IllegalArgumentException invalid(Class<?> type, IOException e) {
        String reason = e.getMessage();
        if (e instanceof JsonProcessingException jackson) {
            reason = jackson.getOriginalMessage();
            JsonLocation location = jackson.getLocation();
            if (location != null && location.getLineNr() > 0) {
                reason += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            }
        }
        return new IllegalArgumentException("cannot read " + type.getSimpleName() + " from JSON: " + reason, e);
    }

    private static String describe(PkiEvent event) {
        return event == null ? "null" : event.getClass().getSimpleName() + " " + event.eventId();
    }
}
