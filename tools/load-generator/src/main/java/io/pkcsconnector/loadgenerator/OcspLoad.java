package io.pkcsconnector.loadgenerator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Load on the revocation worker's OCSP responder: closed-loop workers send OCSP requests over HTTP/1.1 for a while
 * and the tool reports answers per second, latency, certificate and HTTP statuses, and CPU, with a sample of the
 * answers' signatures verified so that a broken responder cannot look fast.
 */
@Command(
        name = "ocsp-load",
        mixinStandardHelpOptions = true,
        version = "ocsp-load 0.1.0",
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Measures OCSP responses per second of the revocation worker (POST /v1/ocsp or GET /v1/ocsp/{base64}).",
            "",
            "Fetches the issuing CA certificate from URL/v1/ca/issuing.cer, builds OCSP requests with Bouncy Castle"
                    + " (one SHA-1 CertID each, optionally a 16-byte nonce) for the serials of the --cert"
                    + " certificates, round robin, or for a random 20-byte serial per request when none are given"
                    + " (answered 'unknown', which costs the responder the same lookup and signature), and sends"
                    + " them from --concurrency workers, each waiting for its answer before the next (closed loop),"
                    + " for --warmup (not counted) and then --duration.",
            "",
            "Every answer is parsed and checked (successful, the CertID asked about, the nonce echoed); the first"
                    + " answer of each worker and 1 in --verify-every after it also have their signature verified"
                    + " (with the responder certificate in the answer, which must be issued by the CA and carry"
                    + " id-kp-OCSPSigning, or else the CA certificate), their ResponderID and their times checked.",
            "",
            "Reports responses/s (sound 200 answers finished in the measured window / its length), latency"
                    + " p50/p90/p99/max (HdrHistogram, sound answers only), counts per certificate status and HTTP"
                    + " status, the CPU used by this tool, the revocation worker (from --pid-file) and the machine,"
                    + " and the rate per core against published figures (~900/s RSA-2048, ~3,600/s P-256 on 4"
                    + " cores). Writes DIR/report.json with --report. The load generator runs on the same machine"
                    + " as the responder: its CPU share is in the report.",
            "",
            "Exit status: 0 when every answer was a sound 200 and every sampled signature verified; 1 when any"
                    + " was not (or no answer came at all, or the CA certificate could not be fetched); 2 for bad"
                    + " arguments.",
            ""
        })
public final class OcspLoad implements Callable<Integer> {

    static final String OCSP_REQUEST = "application/ocsp-request";
    static final String OCSP_RESPONSE = "application/ocsp-response";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8082",
            description = "Base URL of the revocation worker (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            defaultValue = "30s",
            converter = Durations.class,
            description = "How long to measure, after the warm-up: 20s, 2m, PT30S (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            defaultValue = "5s",
            converter = Durations.class,
            description = "Load sent before measuring, not counted (it still fails the run on errors); 0s for none"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--concurrency",
            paramLabel = "C",
            defaultValue = "16",
            description = "Workers, each with one request in flight; as many HTTP/1.1 connections"
                    + " (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--cert",
            paramLabel = "FILE",
            arity = "1..*",
            description = "Certificates to ask about, PEM or DER, one or more per file (repeatable). Their serials"
                    + " are asked about round robin, under the fetched CA. Default: a random serial per request.")
    List<Path> certificates = new ArrayList<>();

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            defaultValue = "post",
            description = "post: POST /v1/ocsp with the DER body. get: GET /v1/ocsp/{url-encoded base64} (RFC 6960"
                    + " A.1) (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--nonce",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Send a fresh 16-byte nonce in every request (RFC 8954) and check it comes back; --no-nonce"
                    + " sends none, as most browsers do (default: with a nonce).")
    boolean nonce;

    @Option(
            names = "--verify-every",
            paramLabel = "N",
            defaultValue = "100",
            description = "Verify the signature of each worker's first answer and of 1 in N after it; 1 verifies all"
                    + " (default: ${DEFAULT-VALUE}).")
    int verifyEvery;

    @Option(
            names = "--timeout",
            paramLabel = "TIME",
            defaultValue = "10s",
            converter = Durations.class,
            description = "Per request; an answer that takes longer is a transport error (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--report", paramLabel = "DIR", description = "Write DIR/report.json (created if missing).")
    Path report;

    @Option(
            names = "--pid-file",
            paramLabel = "FILE",
            defaultValue = ".stack/pids/revocation-worker.pid",
            description = "The responder's pid file, to report its CPU time per answer; skipped when absent"
                    + " (default: ${DEFAULT-VALUE}).")
    Path pidFile;

    @Option(
            names = "--progress",
            paramLabel = "TIME",
            defaultValue = "5s",
            converter = Durations.class,
            description = "A progress line this often on stderr; 0s for none (default: ${DEFAULT-VALUE}).")
    Duration progress;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new OcspLoad()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The run's validated settings. */
    record Config(
            URI base,
            Duration duration,
            Duration warmup,
            int concurrency,
            List<Path> certificates,
            boolean get,
            boolean nonce,
            int verifyEvery,
            Duration timeout,
            Path report,
            Path pidFile,
            Duration progress) {

        URI ocsp() {
            return URI.create(base + "/v1/ocsp");
        }

        URI issuingCertificate() {
            return URI.create(base + "/v1/ca/issuing.cer");
        }
    }

    Config toConfig() {
        if (url.getScheme() == null || !url.getScheme().startsWith("http") || url.getHost() == null) {
            throw usage("--url must be an http(s) URL, got " + url);
        }
        String base = url.toString().replaceAll("/+$", "");
        if (duration.isNegative() || duration.isZero()) {
            throw usage("--duration must be positive");
        }
        if (warmup.isNegative()) {
            throw usage("--warmup must not be negative");
        }
        if (concurrency < 1 || concurrency > 1_000) {
            throw usage("--concurrency must be from 1 to 1000");
        }
        String m = method.toLowerCase(Locale.ROOT);
        if (!m.equals("post") && !m.equals("get")) {
            throw usage("--method must be post or get, got '" + method + "'");
        }
        if (verifyEvery < 1) {
            throw usage("--verify-every must be at least 1");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw usage("--timeout must be positive");
        }
        if (progress.isNegative()) {
            throw usage("--progress must not be negative");
        }
        for (Path file : certificates) {
            if (!Files.isReadable(file)) {
                throw usage("cannot read --cert " + file);
            }
        }
        return new Config(
                URI.create(base),
                duration,
                warmup,
                concurrency,
                List.copyOf(certificates),
                m.equals("get"),
                nonce,
                verifyEvery,
                timeout,
                report,
                pidFile,
                progress);
    }

    @Override
    public Integer call() throws Exception {
        Config config = toConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        X509CertificateHolder ca;
        try {
            ca = fetchIssuingCertificate(client, config);
        } catch (IOException | CertificateException e) {
            err.println("ocsp-load: cannot fetch the issuing CA certificate from " + config.issuingCertificate() + ": "
                    + e.getMessage());
            return 1;
        }
        X509Certificate caCertificate = toX509(ca);
        List<BigInteger> serials = new ArrayList<>();
        for (Path file : config.certificates()) {
            List<X509Certificate> read;
            try {
                read = readCertificates(file);
            } catch (IOException e) {
                err.println("ocsp-load: " + e.getMessage());
                return 2;
            }
            for (X509Certificate certificate : read) {
                if (!certificate.getIssuerX500Principal().equals(caCertificate.getSubjectX500Principal())) {
                    err.printf(
                            "ocsp-load: warning: %s (serial %s) is issued by %s, not by the fetched CA %s: it will be"
                                    + " asked about under the fetched CA and answered unknown%n",
                            file,
                            certificate.getSerialNumber().toString(16),
                            certificate.getIssuerX500Principal().getName(),
                            ca.getSubject());
                }
                serials.add(certificate.getSerialNumber());
            }
        }
        OcspRequests requests = serials.isEmpty()
                ? OcspRequests.forRandomSerials(ca, config.nonce())
                : OcspRequests.forSerials(ca, serials, config.nonce());
        String keyAlgorithm = keyAlgorithm(caCertificate);
        err.printf(
                "ocsp-load: %s %s, CA %s (%s), %s, %s, %d workers, warm-up %s, measuring %s%n",
                config.get() ? "GET" : "POST",
                config.ocsp(),
                ca.getSubject(),
                keyAlgorithm,
                serials.isEmpty() ? "random serials" : serials.size() + " serial(s)",
                config.nonce() ? "nonce" : "no nonce",
                config.concurrency(),
                Durations.format(config.warmup()),
                Durations.format(config.duration()));
        err.flush();

        Instant startedAt = Instant.now();
        Run run = new Run(client, config, requests, ca);
        run.execute(err);

        long windowNanos = run.measureEnd - run.measureStart;
        OcspReport.Cpu cpu = run.cpu();
        OcspReport.Settings settings = new OcspReport.Settings(
                config.base().toString(),
                config.get() ? "get" : "post",
                config.nonce(),
                config.concurrency(),
                config.warmup().toMillis() / 1000d,
                config.duration().toMillis() / 1000d,
                config.verifyEvery(),
                serials.size(),
                ca.getSubject().toString(),
                keyAlgorithm);
        Map<String, Object> result = OcspReport.build(
                startedAt.toString(),
                settings,
                windowNanos,
                OcspTally.merged(run.warmup),
                OcspTally.merged(run.measured),
                OcspTally.merged(run.tail),
                cpu);
        out.print(OcspReport.summary(result));
        out.flush();
        if (config.report() != null) {
            OcspReport.write(result, config.report());
            out.println("report       " + config.report().resolve("report.json"));
            out.flush();
        }
        return Boolean.TRUE.equals(result.get("ok")) ? 0 : 1;
    }

    /** The workers, their tallies per phase, and the CPU readings at the window's edges. */
    private static final class Run {

        private final HttpClient client;
        private final Config config;
        private final OcspRequests requests;
        private final X509CertificateHolder ca;
        final List<OcspTally> warmup = new ArrayList<>();
        final List<OcspTally> measured = new ArrayList<>();
        final List<OcspTally> tail = new ArrayList<>();
        final LongAdder okCount = new LongAdder();
        final LongAdder failureCount = new LongAdder();
        long measureStart;
        long measureEnd;
        private double generatorBefore;
        private double generatorAfter;
        private Double serverBefore;
        private Double serverAfter;
        private double[] machineBefore;
        private double[] machineAfter;

        Run(HttpClient client, Config config, OcspRequests requests, X509CertificateHolder ca) {
            this.client = client;
            this.config = config;
            this.requests = requests;
            this.ca = ca;
        }

        void execute(PrintWriter err) throws InterruptedException {
            long start = System.nanoTime();
            measureStart = start + config.warmup().toNanos();
            measureEnd = measureStart + config.duration().toNanos();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < config.concurrency(); i++) {
                OcspTally w = new OcspTally();
                OcspTally m = new OcspTally();
                OcspTally t = new OcspTally();
                warmup.add(w);
                measured.add(m);
                tail.add(t);
                int index = i;
                Thread worker = new Thread(() -> work(index, w, m, t), "ocsp-load-" + i);
                worker.setDaemon(true);
                workers.add(worker);
            }
            if (config.warmup().isZero()) {
                sampleBefore();
            }
            workers.forEach(Thread::start);
            if (!config.warmup().isZero()) {
                sleepUntil(measureStart, err, "warm-up");
                sampleBefore();
            }
            sleepUntil(measureEnd, err, "measuring");
            sampleAfter();
            long deadline = System.nanoTime()
                    + config.timeout().toNanos()
                    + Duration.ofSeconds(5).toNanos();
            for (Thread worker : workers) {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (Thread worker : workers) {
                if (worker.isAlive()) {
                    err.println("ocsp-load: a worker did not finish; its last request is not counted");
                }
            }
        }

        private void work(int index, OcspTally warmupTally, OcspTally measuredTally, OcspTally tailTally) {
            OcspCheck check = new OcspCheck(ca);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long sequence = index;
            long sound = 0;
            while (true) {
                long started = System.nanoTime();
                if (started - measureEnd >= 0) {
                    return;
                }
                OcspRequests.Prepared prepared = requests.next(sequence, random);
                sequence += config.concurrency();
                HttpRequest request = request(prepared.der());
                HttpResponse<byte[]> response;
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    long finished = System.nanoTime();
                    tally(finished, warmupTally, measuredTally, tailTally).transportError(e);
                    failureCount.increment();
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                long finished = System.nanoTime();
                OcspTally tally = tally(finished, warmupTally, measuredTally, tailTally);
                byte[] body = response.body() == null ? new byte[0] : response.body();
                if (response.statusCode() != 200) {
                    tally.httpError(
                            response.statusCode(),
                            prepared.der().length,
                            body.length,
                            new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
                    failureCount.increment();
                    continue;
                }
                boolean verify = sound % config.verifyEvery() == 0;
                OcspCheck.Result result = check.check(body, prepared, verify, Instant.now());
                if (result.ok()) {
                    sound++;
                    tally.ok(finished - started, prepared.der().length, body.length, result);
                    okCount.increment();
                } else {
                    tally.invalid(prepared.der().length, body.length, result);
                    failureCount.increment();
                }
            }
        }

        private OcspTally tally(long finished, OcspTally warmupTally, OcspTally measuredTally, OcspTally tailTally) {
            if (finished - measureStart < 0) {
                return warmupTally;
            }
            return finished - measureEnd <= 0 ? measuredTally : tailTally;
        }

        private HttpRequest request(byte[] der) {
            HttpRequest.Builder builder =
                    HttpRequest.newBuilder().timeout(config.timeout()).header("Accept", OCSP_RESPONSE);
            if (config.get()) {
                return builder.uri(URI.create(config.ocsp() + "/" + OcspRequests.getPathSegment(der)))
                        .GET()
                        .build();
            }
            return builder.uri(config.ocsp())
                    .header("Content-Type", OCSP_REQUEST)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(der))
                    .build();
        }

        private void sleepUntil(long deadline, PrintWriter err, String phase) throws InterruptedException {
            long every = config.progress().toNanos();
            long lastOk = okCount.sum();
            long lastAt = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) {
                    return;
                }
                long nap = every > 0 ? Math.min(left, every) : left;
                Thread.sleep(Math.max(1, nap / 1_000_000), (int) (nap % 1_000_000));
                if (every > 0 && System.nanoTime() - deadline < 0) {
                    long ok = okCount.sum();
                    long at = System.nanoTime();
                    err.printf(
                            Locale.ROOT,
                            "  %-9s %5.1f s left  %,8.1f answers/s  %,d failures%n",
                            phase,
                            (deadline - at) / 1e9,
                            OcspTally.perSecond(ok - lastOk, at - lastAt),
                            failureCount.sum());
                    err.flush();
                    lastOk = ok;
                    lastAt = at;
                }
            }
        }

        private void sampleBefore() {
            generatorBefore = CpuUsage.selfSeconds();
            serverBefore = serverSeconds();
            machineBefore = OcspReport.machineNow();
        }

        private void sampleAfter() {
            generatorAfter = CpuUsage.selfSeconds();
            serverAfter = serverSeconds();
            machineAfter = OcspReport.machineNow();
        }

        private Double serverSeconds() {
            Path file = config.pidFile();
            if (file == null || !Files.isReadable(file)) {
                return null;
            }
            String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
            return CpuUsage.stackSeconds(file.toAbsolutePath().getParent()).get(name);
        }

        OcspReport.Cpu cpu() {
            return new OcspReport.Cpu(
                    Runtime.getRuntime().availableProcessors(),
                    generatorAfter - generatorBefore,
                    serverBefore == null || serverAfter == null ? null : serverAfter - serverBefore,
                    machineBefore == null || machineAfter == null ? null : machineAfter[0] - machineBefore[0],
                    machineBefore == null || machineAfter == null ? null : machineAfter[1] - machineBefore[1]);
        }
    }

    static X509CertificateHolder fetchIssuingCertificate(HttpClient client, Config config)
            throws IOException, CertificateException, InterruptedException {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(config.issuingCertificate())
                        .timeout(config.timeout())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        List<X509Certificate> certificates = parseCertificates(response.body());
        if (certificates.size() != 1) {
            throw new CertificateException(certificates.size() + " certificates instead of one");
        }
        return new X509CertificateHolder(certificates.get(0).getEncoded());
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException {
        try {
            List<X509Certificate> certificates = parseCertificates(Files.readAllBytes(file));
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in --cert " + file);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IOException("cannot read the certificates in --cert " + file + ": " + e.getMessage(), e);
        }
    }

    /** PEM (one or more) or DER, as the JDK's factory reads them. */
    static List<X509Certificate> parseCertificates(byte[] bytes) throws CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (IOException e) {
            throw new CertificateException(e);
        }
        return certificates;
    }

    static X509Certificate toX509(X509CertificateHolder holder) throws CertificateException {
        try {
            return parseCertificates(holder.getEncoded()).get(0);
        } catch (IOException e) {
            throw new CertificateException(e);
        }
    }

    /** The CA key as the platform names it (rsa2048, ecP256, ...), or a plain description for others. */
    static String keyAlgorithm(X509Certificate certificate) {
        if (certificate.getPublicKey() instanceof RSAPublicKey rsa) {
            return "rsa" + rsa.getModulus().bitLength();
        }
        if (certificate.getPublicKey() instanceof ECPublicKey ec) {
            return "ecP" + ec.getParams().getCurve().getField().getFieldSize();
        }
        return certificate.getPublicKey().getAlgorithm();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
