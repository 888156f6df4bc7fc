package io.pkcsconnector.pkcsctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pfx-import service's REST API as the CLI uses it. Every call carries the administrator's bearer
 * token; 429 and 503 answers are retried after their {@code Retry-After} (or an exponential back-off), as
 * the Intune PowerShell module does, and any other error answer becomes a {@link ServiceException}.
 */
final class PfxImportClient {

    static final String KEYS_PATH = "/v1/pfx-import/keys";
    static final String CERTIFICATES_PATH = "/beta/deviceManagement/userPfxCertificates";

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String JSON = "application/json";

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(409, "Conflict"),
            Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"),
            Map.entry(422, "Unprocessable Content"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private final URI baseUrl;
    private final String authorization;
    private final int maxRetries;
    private final PrintWriter log;
    private final ObjectMapper json;
    private final HttpClient http;

    /**
     * @param baseUrl e.g. {@code http://127.0.0.1:8083}, without the API paths
     * @param maxRetries how often a 429 or 503 answer is retried before it counts as the answer
     * @param log where waits before retries are announced (stderr)
     */
    PfxImportClient(URI baseUrl, String token, int maxRetries, PrintWriter log, ObjectMapper json) {
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        this.authorization = "Bearer " + token;
        this.maxRetries = maxRetries;
        this.log = log;
        this.json = json;
        // HTTP/1.1: otherwise every plain-http connection first attempts an h2c upgrade the service does not offer.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    JsonNode createKey(String providerName, String keyName, Integer keySize) {
        ObjectNode body =
                json.createObjectNode().put("providerName", providerName).put("keyName", keyName);
        if (keySize != null) {
            body.put("keySize", keySize);
        }
        return send(post(url(KEYS_PATH), body));
    }

    List<JsonNode> listKeys() {
        return elements(send(get(url(KEYS_PATH))));
    }

    JsonNode getKey(String providerName, String keyName) {
        return send(get(url(KEYS_PATH + "/" + percentEncode(providerName) + "/" + percentEncode(keyName))));
    }

    JsonNode importCertificate(ObjectNode userPfxCertificate) {
        return send(post(url(CERTIFICATES_PATH), userPfxCertificate));
    }

    /** All pages, following {@code @odata.nextLink}; {@code userPrincipalName} null lists the whole tenant. */
    List<JsonNode> listCertificates(String userPrincipalName) {
        URI next = userPrincipalName == null
                ? url(CERTIFICATES_PATH)
                : url(CERTIFICATES_PATH + "?$filter="
                        + percentEncode("userPrincipalName eq " + odataString(userPrincipalName)));
        List<JsonNode> certificates = new ArrayList<>();
        Set<URI> visited = new HashSet<>();
        while (next != null) {
            if (!visited.add(next)) {
                throw new ServiceException("the service's @odata.nextLink leads back to a page already read: " + next);
            }
            JsonNode page = send(get(next));
            certificates.addAll(elements(page));
            next = nextLink(page);
        }
        return certificates;
    }

    JsonNode getCertificate(String id) {
        return send(get(certificateUrl(id)));
    }

    void deleteCertificate(String id) {
        send(request(certificateUrl(id)).DELETE().build());
    }

    /** {@code userPfxCertificates('id')}: OData key syntax, the quote inside the key doubled. */
    URI certificateUrl(String id) {
        return url(CERTIFICATES_PATH + "('" + percentEncode(id.replace("'", "''")) + "')");
    }

    private URI nextLink(JsonNode page) {
        JsonNode link = page.get("@odata.nextLink");
        if (link == null || link.isNull()) {
            return null;
        }
        URI next;
        try {
            next = URI.create(link.asText());
        } catch (IllegalArgumentException e) {
            throw new ServiceException("the service sent an invalid @odata.nextLink: " + link.asText());
        }
        // The link is followed with the bearer token, so it must not lead anywhere but the service itself.
        if (!sameOrigin(next, baseUrl)) {
            throw new ServiceException("refusing to follow @odata.nextLink " + next + ": it is not on " + baseUrl
                    + ", and the admin token would be sent there");
        }
        return next;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private List<JsonNode> elements(JsonNode collection) {
        JsonNode value = collection.get("value");
        if (value == null || !value.isArray()) {
            throw new ServiceException("the service's answer has no \"value\" array");
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    private URI url(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Accept", JSON + ", application/problem+json");
    }

    private HttpRequest get(URI uri) {
        return request(uri).GET().build();
    }

    private HttpRequest post(URI uri, JsonNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        return request(uri)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    /** @return the answer's JSON, or an empty object for an answer without a body (204) */
    private JsonNode send(HttpRequest request) {
        int attempts = maxRetries + 1;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response = exchange(request);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response);
            }
            if ((status == 429 || status == 503) && attempt < attempts) {
                Duration wait = retryDelay(
                        response.headers().firstValue("Retry-After").orElse(null), attempt - 1, Instant.now());
                log.printf(
                        "%d %s: retrying in %d s (attempt %d of %d)%n",
                        status, reason(status), seconds(wait), attempt + 1, attempts);
                log.flush();
                sleep(wait);
                continue;
            }
            throw problem(response);
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new ServiceException("cannot connect to " + baseUrl + " (is the pfx-import service running?"
                    + " set --url or PKCS_PFX_IMPORT_URL)");
        } catch (HttpTimeoutException e) {
            throw new ServiceException(request.method() + " " + request.uri() + " timed out: " + e.getMessage());
        } catch (IOException e) {
            throw new ServiceException(request.method() + " " + request.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted");
        }
    }

    private JsonNode parse(HttpResponse<byte[]> response) {
        if (response.body().length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new ServiceException(
                    response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                            + " with a body that is not JSON");
        }
    }

    /** An RFC 9457 problem if the body is one, else whatever the body says (a proxy's HTML page, say). */
    private ServiceException problem(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode body = null;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            // Not JSON: the raw text below is the best description there is.
        }
        if (body != null && body.isObject()) {
            return new ServiceException(
                    status,
                    text(body, "title", reason(status)),
                    text(body, "detail", null),
                    text(body, "errorCode", null));
        }
        String raw = new String(response.body(), StandardCharsets.UTF_8).strip();
        String detail = raw.isEmpty() ? null : raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
        return new ServiceException(status, reason(status), detail, null);
    }

    private static String text(JsonNode body, String field, String otherwise) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? otherwise : value.asText();
    }

    static String reason(int status) {
        return REASONS.getOrDefault(status, "HTTP " + status);
    }

    /**
     * How long to wait before retry number {@code retryIndex + 1}: {@code Retry-After} as delta-seconds or
     * an HTTP-date, else 1 s, 2 s, 4 s, … capped at 30 s.
     */
    static Duration retryDelay(String retryAfter, int retryIndex, Instant now) {
        if (retryAfter != null && !retryAfter.isBlank()) {
            String value = retryAfter.strip();
            // Nine digits are 31 years, more cannot be meant and would overflow the sleep's milliseconds.
            if (value.length() <= 9 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e) {
                // An unreadable Retry-After is treated as none.
            }
        }
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(retryIndex, 10));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private static long seconds(Duration wait) {
        long whole = wait.toSeconds();
        return wait.toNanosPart() > 0 ? whole + 1 : whole;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted while waiting to retry");
        }
    }

    /**
     * Percent-encodes a path segment or query value. URLEncoder is made for forms, where '+' is a space;
     * in a path it is a plus, so spaces become %20.
     */
    static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An OData string literal: single quotes, a quote inside doubled. */
    static String odataString(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
