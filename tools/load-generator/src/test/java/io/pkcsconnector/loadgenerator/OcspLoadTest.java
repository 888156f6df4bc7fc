package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** The command line, and whole runs against a small in-process OCSP responder (no stack). */
class OcspLoadTest {

    static final BigInteger LEAF_SERIAL = new BigInteger("5a0b0c0d0e0f101112131415161718191a1b1c1d", 16);

    static OcspTestCa testCa;

    @TempDir
    Path dir;

    HttpServer server;
    ExecutorService executor;
    String url;
    /** How the fake responder misbehaves: "sound", "forged" (signed by another key), "500". */
    final AtomicReference<String> mode = new AtomicReference<>("sound");

    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger posts = new AtomicInteger();

    @BeforeAll
    static void ca() throws Exception {
        testCa = OcspTestCa.ec();
    }

    @BeforeEach
    void startResponder() throws Exception {
        java.security.KeyPair forger = testCa.newKeys();
        Map<BigInteger, String> statuses = Map.of(LEAF_SERIAL, OcspCheck.GOOD);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext(
                "/v1/ca/issuing.cer", exchange -> send(exchange, 200, "application/pkix-cert", testCa.ca.getEncoded()));
        server.createContext("/v1/ocsp", exchange -> {
            try {
                byte[] request;
                if ("POST".equals(exchange.getRequestMethod())) {
                    posts.incrementAndGet();
                    request = exchange.getRequestBody().readAllBytes();
                } else {
                    gets.incrementAndGet();
                    String raw = exchange.getRequestURI().getRawPath().substring("/v1/ocsp/".length());
                    request = Base64.getDecoder().decode(URLDecoder.decode(raw, StandardCharsets.US_ASCII));
                }
                switch (mode.get()) {
                    case "500" -> send(exchange, 500, "text/plain", "boom".getBytes(StandardCharsets.US_ASCII));
                    case "forged" -> send(
                            exchange,
                            200,
                            OcspLoad.OCSP_RESPONSE,
                            testCa.respond(
                                    request,
                                    new OcspTestCa.Answer(
                                            forger.getPrivate(),
                                            testCa.ca,
                                            new X509CertificateHolder[0],
                                            statuses,
                                            true,
                                            false,
                                            java.time.Instant.now())));
                    default -> send(
                            exchange, 200, OcspLoad.OCSP_RESPONSE, testCa.respond(request, testCa.byCa(statuses)));
                }
            } catch (Exception e) {
                send(exchange, 400, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopResponder() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    record Outcome(int exitCode, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = OcspLoad.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    static OcspLoad.Config parse(String... args) {
        CommandLine commandLine = OcspLoad.commandLine();
        commandLine.parseArgs(args);
        OcspLoad command = commandLine.getCommand();
        return command.toConfig();
    }

    private static List<String> keys(Object map) {
        return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).toList();
    }

    private Map<?, ?> report(Path directory) throws IOException {
        return new ObjectMapper().readValue(directory.resolve("report.json").toFile(), Map.class);
    }

    @Test
    void defaults() {
        OcspLoad.Config config = parse();
        assertThat(config.base()).hasToString("http://127.0.0.1:8082");
        assertThat(config.ocsp()).hasToString("http://127.0.0.1:8082/v1/ocsp");
        assertThat(config.issuingCertificate()).hasToString("http://127.0.0.1:8082/v1/ca/issuing.cer");
        assertThat(config.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.concurrency()).isEqualTo(16);
        assertThat(config.get()).isFalse();
        assertThat(config.nonce()).isTrue();
        assertThat(config.verifyEvery()).isEqualTo(100);
        assertThat(config.certificates()).isEmpty();
        assertThat(config.report()).isNull();
    }

    @Test
    void optionsAreParsed() throws IOException {
        Path a = Files.writeString(dir.resolve("a.pem"), "x");
        Path b = Files.writeString(dir.resolve("b.pem"), "x");
        OcspLoad.Config config = parse(
                "--url",
                "http://example.test:9000/pki/",
                "--duration",
                "20s",
                "--warmup",
                "0s",
                "--concurrency",
                "8",
                "--cert",
                a.toString(),
                b.toString(),
                "--method",
                "GET",
                "--no-nonce",
                "--verify-every",
                "1",
                "--report",
                dir.toString());
        assertThat(config.ocsp()).hasToString("http://example.test:9000/pki/v1/ocsp");
        assertThat(config.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.warmup()).isZero();
        assertThat(config.concurrency()).isEqualTo(8);
        assertThat(config.certificates()).containsExactly(a, b);
        assertThat(config.get()).isTrue();
        assertThat(config.nonce()).isFalse();
        assertThat(config.verifyEvery()).isEqualTo(1);
        assertThat(config.report()).isEqualTo(dir);
        assertThat(parse("--nonce").nonce()).isTrue();
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThatThrownBy(() -> parse("--method", "put")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parse("--concurrency", "0")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parse("--duration", "0s")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parse("--verify-every", "0")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parse("--url", "ftp://x")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parse("--cert", dir.resolve("missing.pem").toString()))
                .isInstanceOf(ParameterException.class);
        assertThat(run("--method", "put").exitCode()).isEqualTo(2);
    }

    @Test
    void helpDocumentsEveryOption() {
        Outcome help = run("--help");
        assertThat(help.exitCode()).isZero();
        for (OptionSpec option : OcspLoad.commandLine().getCommandSpec().options()) {
            String name = option.negatable() ? "--[no-]" + option.longestName().substring(2) : option.longestName();
            assertThat(help.out()).contains(name);
            assertThat(option.description()).as(option.longestName()).isNotEmpty();
        }
        assertThat(help.out()).contains("--[no-]nonce", "Exit status");
    }

    @Test
    void aSoundResponderPassesAndTheReportIsWritten() throws IOException {
        Path out = dir.resolve("report");
        Outcome outcome = run(
                "--url",
                url,
                "--duration",
                "1s",
                "--warmup",
                "200ms",
                "--concurrency",
                "2",
                "--verify-every",
                "3",
                "--progress",
                "0s",
                "--report",
                out.toString());

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
        assertThat(outcome.out()).contains("result       OK", "cert status  unknown ");
        Map<?, ?> report = report(out);
        assertThat(report.get("ok")).isEqualTo(true);
        assertThat(((Number) report.get("responses")).longValue()).isPositive();
        assertThat(keys(report.get("certStatus"))).containsExactly("unknown");
        assertThat(keys(report.get("httpStatus"))).containsExactly("200");
        Map<?, ?> signatures = (Map<?, ?>) report.get("signatures");
        assertThat(((Number) signatures.get("checked")).longValue()).isGreaterThanOrEqualTo(2);
        assertThat(signatures.get("failed")).isEqualTo(0);
        assertThat(posts.get()).isPositive();
        assertThat(gets.get()).isZero();
    }

    @Test
    void getRequestsForGivenCertificatesWithoutNonce() throws Exception {
        X509CertificateHolder leaf = testCa.issue(testCa.newKeys(), false, LEAF_SERIAL);
        Path pem = dir.resolve("leaf.pem");
        Files.writeString(
                pem,
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(leaf.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        Path out = dir.resolve("report");

        Outcome outcome = run(
                "--url",
                url,
                "--duration",
                "1s",
                "--warmup",
                "0s",
                "--concurrency",
                "2",
                "--method",
                "get",
                "--no-nonce",
                "--cert",
                pem.toString(),
                "--progress",
                "0s",
                "--report",
                out.toString());

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
        assertThat(keys(report(out).get("certStatus"))).containsExactly("good");
        assertThat(gets.get()).isPositive();
        assertThat(posts.get()).isZero();
    }

    @Test
    void forgedSignaturesFailTheRun() throws IOException {
        mode.set("forged");
        Path out = dir.resolve("report");

        Outcome outcome = run(
                "--url",
                url,
                "--duration",
                "500ms",
                "--warmup",
                "0s",
                "--concurrency",
                "2",
                "--progress",
                "0s",
                "--report",
                out.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).contains("failed signature verification");
        Map<?, ?> signatures = (Map<?, ?>) report(out).get("signatures");
        assertThat(((Number) signatures.get("failed")).longValue()).isPositive();
    }

    @Test
    void non200AnswersFailTheRun() {
        mode.set("500");

        Outcome outcome =
                run("--url", url, "--duration", "300ms", "--warmup", "0s", "--concurrency", "1", "--progress", "0s");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).contains("HTTP status  500 ", "HTTP 500: boom", "FAILED");
    }

    @Test
    void noCaCertificateNoRun() {
        Outcome outcome = run("--url", url + "/nowhere", "--duration", "1s", "--progress", "0s");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("cannot fetch the issuing CA certificate", "HTTP 404");
    }
}
