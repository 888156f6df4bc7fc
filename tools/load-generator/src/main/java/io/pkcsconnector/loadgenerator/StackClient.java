package io.pkcsconnector.loadgenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 to the services, asynchronous and bounded: at most {@code connections} calls in flight to
 * request-intake and as many to the notifier, so the generator opens at most that many connections to each and
 * never a thread per request. Responses complete on two small executor threads.
 */
final class StackClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (HTTP " + status + "): " + brief(text()), e);
            }
        }
    }

    private final URI intake;
    private final URI notifier;
    private final URI worker;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Semaphore intakeSlots;
    private final Semaphore notifierSlots;

    StackClient(URI intake, URI notifier, URI worker, int connections) {
        this.intake = intake;
        this.notifier = notifier;
        this.worker = worker;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "lg-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
        this.intakeSlots = new Semaphore(connections);
        this.notifierSlots = new Semaphore(connections);
    }

    URI intake() {
        return intake;
    }

    URI notifier() {
        return notifier;
    }

    URI worker() {
        return worker;
    }

    /** Whether {@code base}'s {@code /q/health/ready} answers 200 within two seconds. */
    boolean ready(URI base) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** PUT a JSON body to request-intake, waiting for the answer. */
    Response put(String path, String token, Object body) throws IOException, InterruptedException {
        return await(intakeCall(request(intake, path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build()));
    }

    /** Waits for a free request-intake connection; {@link #postHoldingSlot} then uses (and frees) it. */
    void acquireIntakeSlot() throws InterruptedException {
        intakeSlots.acquire();
    }

    /** POST a JSON body to request-intake on a slot taken with {@link #acquireIntakeSlot}. */
    CompletableFuture<Response> postHoldingSlot(String path, String token, Object body, String idempotencyKey) {
        HttpRequest.Builder builder = request(intake, path, token).header("Content-Type", "application/json");
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            intakeSlots.release();
            throw new IllegalArgumentException(e);
        }
        return call(builder.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), intakeSlots);
    }

    /**
     * One page of a device's inbox, or null when every notifier connection is busy (the poller tries again on
     * its next tick instead of queueing).
     */
    CompletableFuture<Response> tryInbox(String deviceId, String token, String after, int limit) {
        if (!notifierSlots.tryAcquire()) {
            return null;
        }
        return call(inboxRequest(deviceId, token, after, limit), notifierSlots);
    }

    /** One page of a device's inbox, waiting for a free notifier connection. */
    Response inbox(String deviceId, String token, String after, int limit) throws IOException, InterruptedException {
        notifierSlots.acquire();
        return await(call(inboxRequest(deviceId, token, after, limit), notifierSlots));
    }

    /** The worker's Prometheus text. */
    String workerMetrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(worker.resolve("/q/metrics"))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + worker.resolve("/q/metrics") + " answered " + response.statusCode());
        }
        return response.body();
    }

    private HttpRequest inboxRequest(String deviceId, String token, String after, int limit) {
        StringBuilder path = new StringBuilder("/v1/devices/")
                .append(URLEncoder.encode(deviceId, StandardCharsets.UTF_8))
                .append("/deliveries?limit=")
                .append(limit);
        if (after != null) {
            path.append("&after=").append(URLEncoder.encode(after, StandardCharsets.UTF_8));
        }
        return request(notifier, path.toString(), token).GET().build();
    }

    private CompletableFuture<Response> intakeCall(HttpRequest request) throws InterruptedException {
        intakeSlots.acquire();
        return call(request, intakeSlots);
    }

    private CompletableFuture<Response> call(HttpRequest request, Semaphore slots) {
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        return sent.whenComplete((response, failure) -> slots.release())
                .thenApply(response -> new Response(response.statusCode(), response.body()));
    }

    private static HttpRequest.Builder request(URI base, String path, String token) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(CALL_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
    }

    private static Response await(CompletableFuture<Response> call) throws IOException, InterruptedException {
        try {
            return call.get(CALL_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.toString(), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("no answer within " + CALL_TIMEOUT, e);
        }
    }

    static String brief(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 299) + "…" : flat;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
