package io.pkcsconnector.pkcsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the pfx-import service's HTTP API in the CLI's unit tests: records every request and
 * answers with whatever the test's responder says.
 */
final class FakeService implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, URI uri, Map<String, String> headers, byte[] body) {

        String rawPath() {
            return uri.getRawPath();
        }

        /** The query with percent-escapes decoded (and '+' left alone, as a server's URI parser does). */
        String query() {
            return uri.getQuery();
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Response(int status, Map<String, String> headers, String body) {

        static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body);
        }

        static Response json(int status, JsonNode body) {
            return json(status, body.toString());
        }

        static Response problem(int status, String title, String detail, String errorCode) {
            var problem = JSON.createObjectNode()
                    .put("type", "about:blank")
                    .put("title", title)
                    .put("status", status)
                    .put("detail", detail);
            if (errorCode != null) {
                problem.put("errorCode", errorCode);
            }
            return new Response(status, Map.of("Content-Type", "application/problem+json"), problem.toString());
        }

        static Response noContent() {
            return new Response(204, Map.of(), "");
        }

        Response withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Response(status, all, body);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Response> responder =
            request -> Response.problem(404, "Not Found", "no route in the fake", null);

    FakeService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void respond(Function<Request, Response> responder) {
        this.responder = responder;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    headers,
                    exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Response response = responder.apply(request);
            response.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
