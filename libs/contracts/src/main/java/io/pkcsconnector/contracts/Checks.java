package io.pkcsconnector.contracts;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The invariants the event records check in their compact constructors. Every violation is an {@link
 * IllegalArgumentException}, null or not, so that a producer needs one catch and a consumer sees one kind of
 * poison message. Messages never echo the value of a base64 field: those hold encrypted key material, and
 * error messages end up in logs.
 */
final class Checks {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** RFC 5280 caps serial numbers at 20 octets. */
    private static final int MAX_SERIAL_HEX_DIGITS = 40;

    private static final int SHA1_HEX_DIGITS = 40;

    /**
     * An RSA-OAEP ciphertext is as long as the modulus, and SPEC requires device keys of at least 2048 bits.
     * Anything shorter cannot be a wrapped password, which is exactly the mistake (a clear or merely encoded
     * password) this bound catches.
     */
    private static final int MIN_WRAPPED_PASSWORD_BYTES = 256;

    private static final int MAX_WRAPPED_PASSWORD_BYTES = 2048;

    private Checks() {}

    static void envelope(String eventId, String tenantId, String requestId, Instant occurredAt) {
        uuid(eventId, "eventId");
        text(tenantId, "tenantId");
        text(requestId, "requestId");
        present(occurredAt, "occurredAt");
    }

    /**
     * OpenTelemetry reports "no span" as the all-zero id, which W3C Trace Context defines as invalid; mapping it
     * to null lets producers pass the current span's id without checking it first.
     */
    static String traceId(String traceId) {
        if (traceId == null || traceId.equals(INVALID_TRACE_ID)) {
            return null;
        }
        if (!TRACE_ID.matcher(traceId).matches()) {
            throw new IllegalArgumentException(
                    "traceId must be a W3C trace id (32 lower-case hex digits) or null, got '" + traceId + "'");
        }
        return traceId;
    }

    /** Consumers deduplicate on the eventId string, so only the canonical spelling of a UUID is accepted. */
    static String uuid(String value, String field) {
        text(value, field);
        try {
            if (UUID.fromString(value).toString().equals(value)) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the field name
        }
        throw new IllegalArgumentException(field + " must be a UUID in canonical lower-case form, got '" + value + "'");
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static String optionalText(String value, String field) {
        return value == null ? null : text(value, field);
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** Lower case, so that one certificate has one spelling in every store that joins on it. */
    static String serialNumber(String value, String field) {
        String hex = text(value, field).toLowerCase(Locale.ROOT);
        if (hex.length() > MAX_SERIAL_HEX_DIGITS || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(
                    field + " must be 1 to 40 hex digits without separators, got '" + value + "'");
        }
        return hex;
    }

    static String optionalSerialNumber(String value, String field) {
        return value == null ? null : serialNumber(value, field);
    }

    /** Upper case, as Windows and Graph show thumbprints and as {@code userPfxCertificateId} embeds them. */
    static String thumbprint(String value, String field) {
        String hex = text(value, field).toLowerCase(Locale.ROOT);
        if (hex.length() != SHA1_HEX_DIGITS || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(
                    field + " must be a SHA-1 thumbprint (40 hex digits), got '" + value + "'");
        }
        return hex.toUpperCase(Locale.ROOT);
    }

    static List<String> oids(List<String> values, String field) {
        List<String> oids = list(values, field);
        for (String oid : oids) {
            if (!OID.matcher(oid).matches()) {
                throw new IllegalArgumentException(field + " must hold dotted OIDs, got '" + oid + "'");
            }
        }
        return oids;
    }

    /** A missing list reads as empty, so that a list added within a version is compatible with older events. */
    static <T> List<T> list(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (T value : values) {
            if (value == null) {
                throw new IllegalArgumentException(field + " must not contain null");
            }
        }
        return List.copyOf(values);
    }

    static int positive(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }

    static void ordered(Instant earlier, String earlierField, Instant later, String laterField) {
        present(earlier, earlierField);
        present(later, laterField);
        if (later.isBefore(earlier)) {
            throw new IllegalArgumentException(
                    laterField + " (" + later + ") must not be before " + earlierField + " (" + earlier + ")");
        }
    }

    /**
     * One or more PEM blocks, all of {@code type}, nothing else around them. The type check is what keeps a
     * private key out of an event: a {@code PRIVATE KEY} block is refused whatever field it is put in.
     */
    static String pem(String value, String type, String field) {
        text(value, field);
        Matcher block = PEM_BLOCK.matcher(value);
        int end = 0;
        int blocks = 0;
        while (block.find()) {
            if (!value.substring(end, block.start()).isBlank()) {
                throw new IllegalArgumentException(field + " must hold only PEM " + type + " blocks");
            }
            String found = block.group(1);
            if (found.contains("PRIVATE KEY")) {
                throw new IllegalArgumentException(field + " holds a private key; private keys never go into events");
            }
            if (!found.equals(type)) {
                throw new IllegalArgumentException(field + " must hold PEM " + type + " blocks, found " + found);
            }
            try {
                Base64.getDecoder().decode(WHITESPACE.matcher(block.group(2)).replaceAll(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + " has a PEM " + type + " block that is not valid base64", e);
            }
            blocks++;
            end = block.end();
        }
        if (blocks == 0 || !value.substring(end).isBlank()) {
            String hint = value.contains("PRIVATE KEY") ? "; private keys never go into events" : "";
            throw new IllegalArgumentException(field + " must hold only PEM " + type + " blocks" + hint);
        }
        return value;
    }

    static String optionalPem(String value, String type, String field) {
        return value == null ? null : pem(value, type, field);
    }

    /**
     * The PFX as base64 of a DER (or, as some Windows exports have it, indefinite-length BER) SEQUENCE. Only
     * the outer header is checked: enough to catch a file path, a PEM or a double encoding.
     */
    static String pkcs12(String value, String field) {
        byte[] der = base64(value, field);
        if (der.length < 2 || der[0] != 0x30 || !outerLengthMatches(der)) {
            throw new IllegalArgumentException(field + " must be base64 of a PKCS#12 (DER SEQUENCE) structure");
        }
        return value;
    }

    static String wrappedPassword(String value, String field) {
        byte[] ciphertext = base64(value, field);
        if (ciphertext.length < MIN_WRAPPED_PASSWORD_BYTES || ciphertext.length > MAX_WRAPPED_PASSWORD_BYTES) {
            throw new IllegalArgumentException(field + " must be an RSA-OAEP ciphertext under a key of at least 2048"
                    + " bits (256 to 2048 bytes), got " + ciphertext.length + " bytes; a clear password never goes"
                    + " into an event");
        }
        return value;
    }

    private static byte[] base64(String value, String field) {
        text(value, field);
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be standard base64 without line breaks", e);
        }
    }

    private static boolean outerLengthMatches(byte[] der) {
        int first = der[1] & 0xFF;
        if (first == 0x80) {
            return true;
        }
        if (first < 0x80) {
            return der.length == 2 + first;
        }
        int octets = first & 0x7F;
        if (octets > 4 || der.length < 2 + octets) {
            return false;
        }
        long length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (der[2 + i] & 0xFF);
        }
        return der.length == 2 + octets + length;
    }

    static String httpUrl(String value, String field) {
        text(value, field);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (uri.isAbsolute() && uri.getHost() != null && ("http".equals(scheme) || "https".equals(scheme))) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below with the field name
        }
        throw new IllegalArgumentException(field + " must be an absolute http(s) URL, got '" + value + "'");
    }

    static <E extends Enum<E>> E wireValue(E[] values, Function<E, String> wireName, String value, String what) {
        for (E candidate : values) {
            if (wireName.apply(candidate).equals(value)) {
                return candidate;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (E candidate : values) {
            expected.append(expected.length() == 0 ? "" : ", ").append(wireName.apply(candidate));
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "', expected one of " + expected);
    }
}
