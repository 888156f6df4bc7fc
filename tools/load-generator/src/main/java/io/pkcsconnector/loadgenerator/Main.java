package io.pkcsconnector.loadgenerator;

import io.pkcsconnector.contracts.KeyAlgorithm;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./stack load}: drives the running local stack and reports throughput, latency and duplicates. */
@Command(
        name = "load-generator",
        mixinStandardHelpOptions = true,
        version = "load-generator 0.1.0",
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Sends certificate requests to the running local stack (./stack up) and follows each one to its"
                    + " CertificateIssued / CertificateIssuanceFailed on Kafka and its PFX in the device's inbox."
                    + " Reports throughput, request->delivery and request->issue latency (HdrHistogram), failures,"
                    + " and duplicates (a request with more than one distinct serial or more than one delivery),"
                    + " as a summary, DIR/report.json and DIR/report.html.",
            "",
            "Scenarios:",
            "  steady        constant --rate (open loop), or as fast as --concurrency allows (closed loop).",
            "  burst         --baseline at --baseline-rate, then all --requests at once (not limited by"
                    + " --concurrency; --connections still bounds the HTTP calls); reports the time to drain and"
                    + " the burst's p99.",
            "  replay-storm  the historic reprocessing loop: after --replay-after issued requests, every record"
                    + " already on pki.cert-requested.v1 is produced again (same partition, key and bytes, so the"
                    + " same event and request ids; its headers plus a pkcs-load-replay marker, so that a later storm"
                    + " skips these copies instead of doubling the topic every run) while new requests keep coming."
                    + " This REPLAYS RECORDS; it does not move the issuance-worker group's offsets, which Kafka"
                    + " refuses while the group has members (GroupNotEmptyException; tests/e2e resets real offsets"
                    + " with the workers stopped). Reports re-issued requests (must be 0), the replay's size, the"
                    + " worker's time to drain it (until its pkcs_issuance_deduplicated_total + dead_lettered_total"
                    + " have grown by the replayed count) and new requests' latency before vs during the storm.",
            "  poison        --poison-percent of the requests go straight to Kafka as poison: unreadable bytes"
                    + " (must reach pki.cert-requested.v1.dlq) and readable requests the worker must refuse for"
                    + " good (unknown template, nonRepudiation that PkcsUser forbids: a CertificateIssuanceFailed)."
                    + " Reports how many were dead-lettered / refused and the good requests' throughput.",
            "",
            "Exit status: 0 when every measured request was issued and delivered exactly once, 1 when any failed,"
                    + " timed out or was duplicated (or a poison request went unaccounted), 2 for bad arguments.",
            ""
        })
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--requests",
            paramLabel = "N",
            description = "Measured requests to send (default: 200 unless --duration is given).")
    Long requests;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            converter = Durations.class,
            description = "Send for this long instead of a fixed count: 60s, 5m, PT1M.")
    Duration duration;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Requests per second, open loop (sent on schedule whatever the latency; still bounded by"
                    + " --concurrency, the lag is reported). Absent: closed loop, as fast as --concurrency allows.")
    Double rate;

    @Option(
            names = "--concurrency",
            paramLabel = "C",
            defaultValue = "16",
            description = "Most requests submitted but not finished (delivered, failed or timed out) at a time"
                    + " (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--key",
            paramLabel = "ALG",
            defaultValue = "ecP256",
            converter = KeyConverter.class,
            description = "The profile's keyAlgorithm: rsa2048 or ecP256 (also rsa3072, rsa4096, ecP384); the"
                    + " profile load-<ALG> is created or updated (default: ${DEFAULT-VALUE}).")
    KeyAlgorithm key;

    @Option(
            names = "--devices",
            paramLabel = "D",
            defaultValue = "10",
            description = "Devices to enroll, each with a fresh RSA-2048 management key; requests go to them round"
                    + " robin (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "rest",
            description = "rest: POST /v1/certificate-requests with an Idempotency-Key. kafka: produce"
                    + " CertificateRequested straight onto pki.cert-requested.v1 (request-intake then ignores"
                    + " their outcomes) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            defaultValue = "steady",
            description = "steady, burst, replay-storm or poison, see above (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Where report.json and report.html go (default: .stack/load-reports/<time>-<scenario>).")
    Path report;

    @Option(
            names = "--tenant",
            paramLabel = "TENANT",
            defaultValue = "tenant-load",
            description = "Tenant (tid claim) of the profile, devices and requests (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "20",
            description = "Requests sent and awaited before measuring, not counted (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--timeout",
            paramLabel = "TIME",
            defaultValue = "60s",
            converter = Durations.class,
            description = "A request not delivered (or failed) this long after its submission is timed out; also"
                    + " the longest wait for outstanding requests at the end (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--poll-interval",
            paramLabel = "TIME",
            defaultValue = "50ms",
            converter = Durations.class,
            description = "Inbox poll interval of a device that has issued, undelivered requests; devices with none"
                    + " are not polled (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(
            names = "--connections",
            paramLabel = "N",
            defaultValue = "8",
            description = "HTTP/1.1 connections (calls in flight) to request-intake, and as many to the notifier"
                    + " (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--verify-pfx",
            paramLabel = "N",
            defaultValue = "5",
            description = "Deliveries whose PFX is opened after the run with the device key (RSA-OAEP-SHA256"
                    + " password, PKCS#12, serial and key pair checked); 0 for none (default: ${DEFAULT-VALUE}).")
    int verifyPfx;

    @Option(
            names = "--settle",
            paramLabel = "TIME",
            defaultValue = "2s",
            converter = Durations.class,
            description = "After the last request finished, keep reading Kafka and sweep every inbox once more for"
                    + " this long, to catch late duplicates (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(
            names = "--baseline",
            paramLabel = "TIME",
            defaultValue = "5s",
            converter = Durations.class,
            description = "burst: how long the baseline runs before the burst (default: ${DEFAULT-VALUE}).")
    Duration baseline;

    @Option(
            names = "--baseline-rate",
            paramLabel = "R",
            defaultValue = "2",
            description = "burst: requests per second during the baseline (default: ${DEFAULT-VALUE}).")
    double baselineRate;

    @Option(
            names = "--replay-after",
            paramLabel = "N",
            defaultValue = "50",
            description =
                    "replay-storm: measured requests issued before the replay starts (default:" + " ${DEFAULT-VALUE}).")
    long replayAfter;

    @Option(
            names = "--replay-limit",
            paramLabel = "N",
            description = "replay-storm: replay at most this many records (default: all of them).")
    Long replayLimit;

    @Option(
            names = "--poison-percent",
            paramLabel = "P",
            defaultValue = "1",
            description = "poison: share of the requests that are poison, in percent (default: ${DEFAULT-VALUE}).")
    double poisonPercent;

    @Option(
            names = "--intake-url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8080",
            description = "request-intake (default: ${DEFAULT-VALUE}).")
    URI intakeUrl;

    @Option(
            names = "--notifier-url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8084",
            description = "notifier (default: ${DEFAULT-VALUE}).")
    URI notifierUrl;

    @Option(
            names = "--worker-url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8081",
            description = "issuance-worker, for its /q/metrics (default: ${DEFAULT-VALUE}).")
    URI workerUrl;

    @Option(
            names = "--kafka",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: KAFKA_BOOTSTRAP_SERVERS from --env-file, else"
                    + " 127.0.0.1:9092).")
    String kafka;

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            defaultValue = ".stack/infra.env",
            description =
                    "The stack's environment file, read for KAFKA_BOOTSTRAP_SERVERS (default:" + " ${DEFAULT-VALUE}).")
    Path envFile;

    @Option(
            names = "--jwt-dir",
            paramLabel = "DIR",
            defaultValue = ".stack/jwt",
            description = "The stack's dev JWT key pair; the tool signs its admin and device tokens with it"
                    + " (default: ${DEFAULT-VALUE}).")
    Path jwtDir;

    @Option(
            names = "--pids-dir",
            paramLabel = "DIR",
            defaultValue = ".stack/pids",
            description = "The stack's <service>.pid files, to report each service's CPU time; skipped when"
                    + " absent (default: ${DEFAULT-VALUE}).")
    Path pidsDir;

    @Option(
            names = "--progress",
            paramLabel = "STYLE",
            defaultValue = "auto",
            description = "bar (one line refreshed 4x/s), lines (a plain line every 5 s), off, or auto (bar on a"
                    + " terminal) (default: ${DEFAULT-VALUE}).")
    String progress;

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        System.exit(exitCode);
    }

    static CommandLine commandLine() {
        // ./stack load passes its defaults first; an option the user repeats after them wins.
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOverwrittenOptionsAllowed(true);
    }

    @Override
    public Integer call() throws Exception {
        LoadConfig config = toConfig();
        return new LoadRun(
                        config, spec.commandLine().getOut(), spec.commandLine().getErr())
                .call();
    }

    /** Validates the options into the run's configuration; bad combinations are usage errors. */
    LoadConfig toConfig() {
        if (requests != null && duration != null) {
            throw usage("--requests and --duration exclude each other");
        }
        long count = requests == null && duration == null ? 200 : requests == null ? 0 : requests;
        if (requests != null && requests < 1) {
            throw usage("--requests must be at least 1");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw usage("--duration must be positive");
        }
        if (rate != null && !(rate > 0 && rate <= 100_000)) {
            throw usage("--rate must be above 0 and at most 100000 per second");
        }
        if (concurrency < 1 || concurrency > 100_000) {
            throw usage("--concurrency must be from 1 to 100000");
        }
        if (devices < 1 || devices > 100_000) {
            throw usage("--devices must be from 1 to 100000");
        }
        if (warmup < 0) {
            throw usage("--warmup must not be negative");
        }
        if (connections < 1 || connections > 256) {
            throw usage("--connections must be from 1 to 256");
        }
        if (verifyPfx < 0) {
            throw usage("--verify-pfx must not be negative");
        }
        requirePositive(timeout, "--timeout");
        requirePositive(pollInterval, "--poll-interval");
        if (settle.isNegative()) {
            throw usage("--settle must not be negative");
        }
        Mode runMode;
        try {
            runMode = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--mode must be rest or kafka, got '" + mode + "'");
        }
        Scenario runScenario;
        try {
            runScenario = Scenario.fromCli(scenario.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--scenario: " + e.getMessage());
        }
        switch (runScenario) {
            case BURST -> {
                if (duration != null) {
                    throw usage("burst sends --requests at once; --duration does not apply");
                }
                if (rate != null) {
                    throw usage("burst sends --requests at once; --rate does not apply");
                }
                requirePositive(baseline, "--baseline");
                if (!(baselineRate > 0)) {
                    throw usage("--baseline-rate must be above 0");
                }
            }
            case REPLAY_STORM -> {
                if (replayAfter < 1) {
                    throw usage("--replay-after must be at least 1");
                }
                if (duration == null && replayAfter >= count) {
                    throw usage("--replay-after (" + replayAfter + ") must be below --requests (" + count
                            + "): new requests must keep coming during the storm");
                }
                if (replayLimit != null && replayLimit < 1) {
                    throw usage("--replay-limit must be at least 1");
                }
            }
            case POISON -> {
                if (!(poisonPercent > 0 && poisonPercent <= 50)) {
                    throw usage("--poison-percent must be above 0 and at most 50");
                }
            }
            default -> {}
        }
        Progress.Style style;
        try {
            style = Progress.Style.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--progress must be one of "
                    + Arrays.toString(Progress.Style.values()).toLowerCase(Locale.ROOT));
        }
        if (style == Progress.Style.AUTO) {
            style = System.console() != null ? Progress.Style.BAR : Progress.Style.LINES;
        }
        for (URI url : new URI[] {intakeUrl, notifierUrl, workerUrl}) {
            if (url.getScheme() == null || !url.getScheme().startsWith("http") || url.getHost() == null) {
                throw usage("not an http(s) URL: " + url);
            }
        }
        if (tenant == null || tenant.isBlank()) {
            throw usage("--tenant must not be blank");
        }
        Path reportDir = report != null
                ? report
                : Path.of(
                        ".stack",
                        "load-reports",
                        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                                + runScenario.cliName());
        return new LoadConfig(
                count,
                duration,
                rate,
                concurrency,
                key,
                devices,
                runMode,
                runScenario,
                reportDir,
                tenant,
                warmup,
                timeout,
                pollInterval,
                connections,
                verifyPfx,
                settle,
                baseline,
                baselineRate,
                replayAfter,
                replayLimit,
                poisonPercent,
                intakeUrl,
                notifierUrl,
                workerUrl,
                kafka != null ? kafka : LoadConfig.kafkaFromEnvFile(envFile),
                jwtDir,
                Files.isDirectory(pidsDir) ? pidsDir : null,
                style);
    }

    private void requirePositive(Duration value, String option) {
        if (value.isNegative() || value.isZero()) {
            throw usage(option + " must be positive");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** rest or kafka. */
    enum Mode {
        REST,
        KAFKA;

        String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The profile's wire names, as Graph spells them (case sensitive there; forgiving here). */
    static final class KeyConverter implements ITypeConverter<KeyAlgorithm> {
        @Override
        public KeyAlgorithm convert(String value) {
            for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
                if (algorithm.wireName().equalsIgnoreCase(value)) {
                    return algorithm;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not one of rsa2048, rsa3072, rsa4096, ecP256, ecP384");
        }
    }
}
