package io.pkcsconnector.loadgenerator;

import com.fasterxml.jackson.databind.JsonNode;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.loadgenerator.KafkaRequests.PoisonKind;
import io.pkcsconnector.localinfra.DevJwt;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/** One run: set up, warm up, drive the scenario, wait, settle, check, report. */
final class LoadRun {

    /** Stops the run with a message for the user (exit status 1, no stack trace). */
    static final class Abort extends RuntimeException {
        Abort(String message) {
            super(message, null, false, false);
        }
    }

    private static final Duration TOKEN_TTL = Duration.ofHours(12);

    private final LoadConfig config;
    private final PrintWriter out;
    private final Progress progress;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Clock clock = Clock.now();
    private final Semaphore permits;
    private final AtomicLong slots = new AtomicLong();
    private final AtomicLong keys = new AtomicLong();
    private final WorkerMetrics.Samples workerSamples = new WorkerMetrics.Samples();

    private StackClient client;
    private Fleet fleet;
    private ProfileInfo profile;
    private String adminToken;
    private Ledger ledger;
    private KafkaRequests kafka;
    private PoisonTracker poison;
    private ReplayStorm storm;
    private OutcomeListener listener;
    private InboxPoller poller;
    private TimeSeries series;
    private volatile String phaseName = "setup";
    private long maxLagNanos;
    private Map<String, Object> burstFigures;
    private long poisonSlots;

    LoadRun(LoadConfig config, PrintWriter out, PrintWriter err) {
        this.config = config;
        this.out = out;
        this.progress = new Progress(config.progress(), err);
        this.permits = new Semaphore(config.concurrency());
    }

    /** Runs and reports; the exit status. */
    Integer call() throws Exception {
        try {
            return run();
        } catch (Abort e) {
            progress.done();
            progress.say("load-generator: " + e.getMessage());
            return 1;
        }
    }

    private int run() throws Exception {
        Instant startedAt = Instant.now();
        if (!Files.isRegularFile(config.jwtDir().resolve(DevJwt.PRIVATE_KEY_FILE))) {
            throw new Abort("no dev JWT key in " + config.jwtDir().toAbsolutePath()
                    + ": start the stack first (./stack up), or pass --jwt-dir");
        }
        DevJwt jwt = DevJwt.open(config.jwtDir());
        adminToken = jwt.token(config.tenant(), Set.of("admin"), "load-generator", TOKEN_TTL);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, daemon("lg-scheduler"));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("lg-metrics"));
        try (StackClient http =
                new StackClient(config.intakeUrl(), config.notifierUrl(), config.workerUrl(), config.connections())) {
            client = http;
            requireStackUp();
            setUp(jwt);
            ledger = new Ledger(config.devices(), request -> {
                if (request.phase != Phase.BURST) {
                    permits.release();
                }
            });
            poison = config.scenario() == Scenario.POISON ? new PoisonTracker(config.poisonPercent()) : null;
            if (poison != null) {
                for (long i = 0; i < config.requests(); i++) {
                    poisonSlots += poison.isPoisonSlot(i) ? 1 : 0;
                }
            }
            kafka = new KafkaRequests(config.kafkaBootstrap());
            try {
                listener = new OutcomeListener(
                        config.kafkaBootstrap(), ledger, poison, config.scenario() == Scenario.REPLAY_STORM);
            } catch (org.apache.kafka.common.KafkaException | IllegalStateException e) {
                throw new Abort("cannot read the outcome topics from Kafka at " + config.kafkaBootstrap() + ": "
                        + e.getMessage());
            }
            try {
                return drive(startedAt, scheduler, sampler);
            } finally {
                scheduler.shutdownNow();
                sampler.shutdownNow();
                listener.close();
                kafka.close();
            }
        }
    }

    private int drive(Instant startedAt, ScheduledExecutorService scheduler, ScheduledExecutorService sampler)
            throws Exception {
        listener.start();
        if (config.scenario() == Scenario.REPLAY_STORM) {
            phaseName = "history";
            progress.say("Reading the history of pki.cert-issued.v1 (to tell a re-issue from a re-publication) ...");
            if (!listener.awaitHistory(Duration.ofMinutes(5))) {
                throw new Abort("could not read the history of pki.cert-issued.v1 within 5 minutes");
            }
            progress.say("  " + listener.historicEvents() + " historic CertificateIssued events read");
            storm = new ReplayStorm(config.kafkaBootstrap(), kafka, config.replayLimit());
        }
        poller = new InboxPoller(client, fleet, ledger, config.pollInterval().toNanos(), config.verifyPfx(), clock);
        long tick = Math.max(5, config.pollInterval().toMillis() / 2);
        scheduler.scheduleWithFixedDelay(guard(poller::tick), tick, tick, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guard(this::everyQuarterSecond), 250, 250, TimeUnit.MILLISECONDS);
        long sampleEvery = config.scenario() == Scenario.REPLAY_STORM ? 250 : 1000;
        sampler.scheduleWithFixedDelay(guard(this::sampleWorker), 0, sampleEvery, TimeUnit.MILLISECONDS);

        if (config.warmup() > 0) {
            phaseName = "warmup";
            progress.say("Warming up with " + config.warmup() + " requests ...");
            sendSchedule(n -> Phase.WARMUP, config.warmup(), null, null, true, false);
            if (!ledger.await(
                    () -> ledger.outstanding(Phase.WARMUP) == 0,
                    config.timeout().toMillis() + 5_000)) {
                throw new Abort("the warm-up requests did not finish within " + Durations.format(config.timeout()));
            }
            Ledger.Counts warm = ledger.phase(Phase.WARMUP);
            if (warm.delivered == 0) {
                throw new Abort("none of the " + warm.requests + " warm-up requests was delivered (failures: "
                        + warm.failed + "); see ./stack logs");
            }
        }

        double cpuBefore = CpuUsage.selfSeconds();
        Map<String, Double> stackCpuBefore = CpuUsage.stackSeconds(config.pidsDir());
        WorkerMetrics.Sample workerBefore = sampleWorker();
        long t0 = System.nanoTime();
        series = new TimeSeries(t0);
        ledger.startSeries(series);
        progress.say("Measuring: " + describe() + " ...");
        switch (config.scenario()) {
            case STEADY, POISON -> {
                phaseName = config.scenario().cliName();
                sendSchedule(n -> Phase.STEADY, config.requests(), config.duration(), config.rate(), true, true);
            }
            case REPLAY_STORM -> {
                phaseName = "before";
                sendSchedule(storm::phaseAt, config.requests(), config.duration(), config.rate(), true, false);
            }
            case BURST -> burst();
        }
        phaseName = "draining";
        long lastSubmit = System.nanoTime();
        ledger.await(() -> ledger.outstandingMeasured() == 0, config.timeout().toMillis() + 5_000);
        if (storm != null) {
            if (!storm.started()) {
                progress.say("The replay never started: fewer than --replay-after (" + config.replayAfter()
                        + ") requests were issued.");
            } else {
                long deadline = Math.max(lastSubmit, storm.startNanos())
                        + config.timeout().toNanos();
                while (!storm.drained() && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
            }
        }
        if (poison != null) {
            long deadline = System.nanoTime() + config.timeout().toNanos();
            while (poison.unaccounted() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        phaseName = "settling";
        long settleUntil = System.nanoTime() + config.settle().toNanos();
        poller.sweep();
        LockSupport.parkNanos(Math.max(0, settleUntil - System.nanoTime()));
        poller.sweep();
        double generatorCpu = CpuUsage.selfSeconds() - cpuBefore;
        double cpuWindow = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> stackCpu = CpuUsage.delta(stackCpuBefore, CpuUsage.stackSeconds(config.pidsDir()));
        WorkerMetrics.Sample workerAfter = sampleWorker();
        progress.done();
        checkOutcomesReadable();

        List<String> pfxProblems = new ArrayList<>();
        int verified = 0;
        List<InboxPoller.PfxSample> samples = poller.samples();
        for (InboxPoller.PfxSample sample : samples) {
            String problem = PfxVerifier.verify(
                    sample.device().keys.getPrivate(), sample.blob(), sample.password(), sample.serialNumber());
            if (problem == null) {
                verified++;
            } else {
                pfxProblems.add(sample.requestId() + ": " + problem);
            }
        }
        Report.Figures figures = new Report.Figures(
                generatorCpu,
                cpuWindow,
                stackCpu,
                poller.polls(),
                poller.errors(),
                config.rate() == null ? null : LatencyStats.round1(maxLagNanos / 1e6),
                samples.size(),
                verified,
                pfxProblems,
                workerDelta(workerBefore, workerAfter),
                listener.unreadable());
        Map<String, Object> report =
                Report.build(config, startedAt, ledger, series, figures, scenarioResults(workerBefore));
        Report.writeJson(config.reportDir(), report);
        HtmlReport.write(config.reportDir(), report);
        out.print(Report.summary(report));
        if (poller.errors() > 0) {
            out.println("  inbox poll errors: " + poller.errors() + " (last: " + poller.lastError() + ")");
        }
        out.println("  report: " + config.reportDir().resolve("report.json") + " and report.html");
        out.flush();
        return verdict(report);
    }

    @SuppressWarnings("unchecked")
    private int verdict(Map<String, Object> report) {
        boolean bad = ((Number) report.get("failed")).longValue() > 0
                || ((Number) report.get("duplicates")).longValue() > 0
                || ((Number) report.get("requests")).longValue() == 0;
        if (report.get("replayStorm") instanceof Map<?, ?> r) {
            bad |= ((Number) ((Map<String, Object>) r).get("reissued")).longValue() > 0;
        }
        if (poison != null) {
            bad |= poison.unaccounted() > 0 || poison.unexpected() > 0;
        }
        return bad ? 1 : 0;
    }

    private String describe() {
        if (config.scenario() == Scenario.BURST) {
            return "burst, " + config.mode().cliName() + ", " + config.requests() + " requests at once after a "
                    + Durations.format(config.baseline()) + " baseline at " + config.baselineRate() + "/s";
        }
        String amount =
                config.requests() > 0 ? config.requests() + " requests" : "for " + Durations.format(config.duration());
        String pace = config.rate() == null
                ? "closed loop, concurrency " + config.concurrency()
                : config.rate() + "/s, concurrency " + config.concurrency();
        return config.scenario().cliName() + ", " + config.mode().cliName() + ", " + amount + ", " + pace;
    }

    // ---- setup -------------------------------------------------------------------------------------------

    private void requireStackUp() {
        Map<String, URI> services = new LinkedHashMap<>();
        services.put("request-intake", config.intakeUrl());
        services.put("issuance-worker", config.workerUrl());
        services.put("notifier", config.notifierUrl());
        List<String> down = new ArrayList<>();
        services.forEach((name, url) -> {
            if (!client.ready(url)) {
                down.add(name + " (" + url + ")");
            }
        });
        if (!down.isEmpty()) {
            throw new Abort("not ready: " + String.join(", ", down) + ". Start the stack with ./stack up");
        }
    }

    private void setUp(DevJwt jwt) throws Exception {
        progress.say("Setting up: profile " + config.profileId() + " ("
                + config.key().wireName() + "), " + config.devices()
                + " devices with fresh RSA-2048 management keys ...");
        StackClient.Response put =
                client.put("/v1/profiles/pkcs/" + config.profileId(), adminToken, ProfileInfo.body(config.key()));
        if (put.status() != 200 && put.status() != 201) {
            throw new Abort("PUT /v1/profiles/pkcs/" + config.profileId() + " answered " + put.status() + ": "
                    + StackClient.brief(put.text()));
        }
        profile = ProfileInfo.fromJson(config.profileId(), put.json());
        fleet = Fleet.generate(runId, config.devices());
        List<CompletableFuture<StackClient.Response>> enrolments = new ArrayList<>();
        for (Fleet.Device device : fleet.all()) {
            device.token = jwt.token(config.tenant(), Set.of("device"), device.id, TOKEN_TTL);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("deviceId", device.id);
            body.put("platform", "windows10");
            body.put("userId", device.userId);
            body.put("userPrincipalName", device.userPrincipalName);
            body.put("emailAddress", device.userPrincipalName);
            body.put("deviceName", "LOAD-" + device.index);
            body.put("managementPublicKey", device.publicKeyPem);
            client.acquireIntakeSlot();
            enrolments.add(client.postHoldingSlot("/v1/devices", adminToken, body, null));
        }
        for (int i = 0; i < enrolments.size(); i++) {
            StackClient.Response response = enrolments.get(i).get(30, TimeUnit.SECONDS);
            if (response.status() != 201) {
                throw new Abort("POST /v1/devices for " + fleet.get(i).id + " answered " + response.status() + ": "
                        + StackClient.brief(response.text()));
            }
        }
        // The notifier learns of a device from its DeviceEnrolled event; until then its inbox answers 404.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Fleet.Device device : fleet.all()) {
            while (true) {
                StackClient.Response page = client.inbox(device.id, device.token, device.cursor, InboxPoller.PAGE);
                if (page.status() == 200) {
                    JsonNode json = page.json();
                    if (json.hasNonNull("nextCursor")) {
                        device.cursor = json.get("nextCursor").asText();
                    }
                    if (json.path("items").size() < InboxPoller.PAGE) {
                        break;
                    }
                } else if (page.status() != 404) {
                    throw new Abort("GET the inbox of " + device.id + " answered " + page.status() + ": "
                            + StackClient.brief(page.text()));
                } else if (System.nanoTime() > deadline) {
                    throw new Abort("the notifier did not know device " + device.id + " 60 s after its enrolment");
                } else {
                    Thread.sleep(50);
                }
            }
        }
    }

    // ---- sending -----------------------------------------------------------------------------------------

    /**
     * Sends {@code count} requests (or for {@code duration}), on schedule when {@code rate} is set, else as fast
     * as the permits allow.
     */
    private void sendSchedule(
            LongFunction<Phase> phase,
            long count,
            Duration duration,
            Double rate,
            boolean usePermits,
            boolean poisonSlots)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        RateLimiter limiter = rate == null ? null : new RateLimiter(rate, start);
        for (long i = 0; count <= 0 || i < count; i++) {
            checkOutcomesReadable();
            if (limiter != null) {
                long due = limiter.dueNanos(i);
                if (due >= end) {
                    break;
                }
                long wait;
                while ((wait = limiter.waitNanos(i, System.nanoTime())) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            if (System.nanoTime() >= end) {
                break;
            }
            long now = System.nanoTime();
            Phase p = phase.apply(now);
            if (poisonSlots && poison != null && poison.isPoisonSlot(slots.getAndIncrement())) {
                sendPoison();
            } else {
                if (usePermits && !acquire(end)) {
                    break;
                }
                submit(p);
            }
            if (limiter != null) {
                maxLagNanos = Math.max(maxLagNanos, limiter.sent(i, System.nanoTime()));
            }
        }
    }

    /** A permit, or false when {@code end} passed while waiting for one. */
    private boolean acquire(long end) throws InterruptedException {
        while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            checkOutcomesReadable();
            if (System.nanoTime() >= end) {
                return false;
            }
        }
        return true;
    }

    /** Without the outcome consumer every request would only time out: stop at once instead. */
    private void checkOutcomesReadable() {
        if (listener.failure() != null) {
            throw new Abort("reading the outcome topics failed: " + listener.failure());
        }
    }

    /** One request, round robin over the devices. */
    private void submit(Phase phase) throws InterruptedException {
        long n = keys.getAndIncrement();
        Fleet.Device device = fleet.get((int) (n % fleet.size()));
        if (config.mode() == Main.Mode.REST) {
            client.acquireIntakeSlot();
            Ledger.Request request = ledger.submitted(null, device.index, phase, System.nanoTime());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("deviceId", device.id);
            body.put("profileId", profile.id());
            CompletableFuture<StackClient.Response> call;
            try {
                call = client.postHoldingSlot("/v1/certificate-requests", adminToken, body, "lg-" + runId + "-" + n);
            } catch (RuntimeException e) {
                ledger.submitFailed(request, e.toString(), System.nanoTime());
                return;
            }
            call.whenComplete((response, failure) -> {
                long at = System.nanoTime();
                if (failure != null) {
                    ledger.submitFailed(request, failure.getClass().getSimpleName(), at);
                } else if (response.status() == 202 || response.status() == 200) {
                    try {
                        ledger.accepted(request, response.json().path("id").asText(), at);
                    } catch (RuntimeException e) {
                        ledger.submitFailed(request, "unreadable 202", at);
                    }
                } else {
                    ledger.submitFailed(request, "HTTP " + response.status(), at);
                }
            });
        } else {
            String id = KafkaRequests.newRequestId();
            CertificateRequested event = KafkaRequests.request(config.tenant(), id, device, profile);
            Ledger.Request request = ledger.submitted(id, device.index, phase, System.nanoTime());
            CompletableFuture<Void> sent;
            try {
                sent = kafka.send(event);
            } catch (RuntimeException e) {
                ledger.submitFailed(request, e.toString(), System.nanoTime());
                return;
            }
            sent.whenComplete((ok, failure) -> {
                long at = System.nanoTime();
                if (failure != null) {
                    ledger.submitFailed(
                            request, "produce: " + failure.getClass().getSimpleName(), at);
                } else {
                    ledger.accepted(request, id, at);
                }
            });
        }
    }

    private void sendPoison() {
        Fleet.Device device = fleet.get((int) (keys.getAndIncrement() % fleet.size()));
        String id = KafkaRequests.newRequestId();
        PoisonKind kind = poison.nextKind();
        byte[] value = kafka.poison(kind, config.tenant(), id, device, profile);
        poison.sent(id, kind, System.nanoTime());
        kafka.send(id, value, null, null).whenComplete((ok, failure) -> {
            if (failure != null) {
                poison.sendFailed(id);
            }
        });
    }

    private void burst() throws InterruptedException {
        phaseName = "baseline";
        sendSchedule(n -> Phase.BASELINE, 0, config.baseline(), config.baselineRate(), true, false);
        ledger.await(
                () -> ledger.outstanding(Phase.BASELINE) == 0, config.timeout().toMillis());
        phaseName = "burst";
        long start = System.nanoTime();
        for (long i = 0; i < config.requests(); i++) {
            submit(Phase.BURST);
        }
        long submitted = System.nanoTime();
        ledger.await(
                () -> ledger.outstanding(Phase.BURST) == 0, config.timeout().toMillis() + 5_000);
        Ledger.Counts b = ledger.phase(Phase.BURST);
        Ledger.Counts base = ledger.phase(Phase.BASELINE);
        burstFigures = new LinkedHashMap<>();
        burstFigures.put("requests", b.requests);
        burstFigures.put("submitSeconds", Report.round2((submitted - start) / 1e9));
        burstFigures.put(
                "drainSeconds",
                b.lastFinishedNanos > start ? Report.round2((b.lastFinishedNanos - start) / 1e9) : null);
        burstFigures.put("burstIssuedPerSecond", Report.round2(b.issuedPerSecond()));
        burstFigures.put("burstP99Ms", LatencyStats.percentileMs(b.latency, 99));
        burstFigures.put("burstP50Ms", LatencyStats.percentileMs(b.latency, 50));
        burstFigures.put("baselineRequests", base.requests);
        burstFigures.put("baselineP50Ms", LatencyStats.percentileMs(base.latency, 50));
        burstFigures.put("baselineP99Ms", LatencyStats.percentileMs(base.latency, 99));
        burstFigures.put("burstLatencyMs", LatencyStats.summary(b.latency));
        burstFigures.put("burstIssueLatencyMs", LatencyStats.summary(b.issueLatency));
    }

    // ---- periodic ------------------------------------------------------------------------------------------

    private void everyQuarterSecond() {
        long now = System.nanoTime();
        ledger.expire(now, config.timeout().toNanos());
        if (storm != null) {
            if (!storm.started() && ledger.measured().issued >= config.replayAfter()) {
                storm.start();
                phaseName = "storm";
                progress.say("Replaying every record on pki.cert-requested.v1 to the worker ...");
            } else if (storm.started() && !storm.drained() && storm.checkDrained(workerSamples)) {
                phaseName = "after";
                progress.say("The worker drained the replay of " + storm.replayed() + " records in "
                        + String.format(
                                java.util.Locale.ROOT, "%.1f s", (storm.drainedNanos() - storm.startNanos()) / 1e9));
            }
        }
        boolean warmup = phaseName.equals("warmup");
        Ledger.Snapshot snapshot = ledger.snapshot(warmup);
        TimeSeries s = series;
        if (s != null) {
            s.gauge("outstanding", now, snapshot.outstanding());
        }
        double elapsed = s == null ? 0 : (now - s.startNanos()) / 1e9;
        progress.update(
                phaseName,
                snapshot,
                warmup ? config.warmup() : progressTotal(),
                elapsed,
                s == null ? 0 : s.issuedInLastSecond(now));
    }

    /** Measured requests the run will send, for the bar; 0 (no bar) when a duration decides. */
    private long progressTotal() {
        return switch (config.scenario()) {
            case BURST -> config.requests() + ledger.phase(Phase.BASELINE).requests;
            case POISON -> config.requests() - poisonSlots;
            default -> config.requests();
        };
    }

    private WorkerMetrics.Sample sampleWorker() {
        try {
            WorkerMetrics.Sample sample = new WorkerMetrics.Sample(
                    System.nanoTime(), WorkerMetrics.parse(client.workerMetrics(), WorkerMetrics.COUNTERS));
            workerSamples.add(sample);
            TimeSeries s = series;
            if (s != null && config.scenario() == Scenario.REPLAY_STORM) {
                s.gauge("workerDeduplicatedTotal", sample.nanos(), sample.get(WorkerMetrics.DEDUPLICATED));
            }
            return sample;
        } catch (IOException e) {
            workerSamples.error();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Map<String, Double> workerDelta(WorkerMetrics.Sample before, WorkerMetrics.Sample after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        if (before == null || after == null) {
            return delta;
        }
        for (String name : WorkerMetrics.COUNTERS) {
            delta.put(name, after.get(name) - before.get(name));
        }
        return delta;
    }

    // ---- scenario figures ------------------------------------------------------------------------------------

    private Map<String, Object> scenarioResults(WorkerMetrics.Sample workerBefore) {
        Map<String, Object> results = new LinkedHashMap<>();
        switch (config.scenario()) {
            case BURST -> {
                if (burstFigures != null) {
                    results.put("burst", burstFigures);
                }
            }
            case POISON -> {
                Map<String, Object> figures = new LinkedHashMap<>(poison.report());
                Ledger.Counts m = ledger.measured();
                figures.put("goodRequests", m.requests);
                figures.put("goodIssuedPerSecond", Report.round2(m.issuedPerSecond()));
                figures.put("goodP99Ms", LatencyStats.percentileMs(m.latency, 99));
                results.put("poison", figures);
            }
            case REPLAY_STORM -> results.put("replayStorm", stormFigures(workerBefore));
            default -> {}
        }
        return results;
    }

    private Map<String, Object> stormFigures(WorkerMetrics.Sample workerBefore) {
        Map<String, Object> f = new LinkedHashMap<>();
        long reissuedOurs = ledger.requestsWithSeveralSerials();
        long reissuedOthers = ledger.foreignReissued();
        f.put("started", storm.started());
        f.put("replayAfter", config.replayAfter());
        f.put("reissued", reissuedOurs + reissuedOthers);
        f.put("reissuedOfThisRun", reissuedOurs);
        f.put("reissuedHistoric", reissuedOthers);
        f.put("historicIssuedEvents", listener.historicEvents());
        f.put("historicDuplicates", ledger.historicDuplicates());
        f.put("recordsOnTopic", storm.recordsOnTopic());
        f.put("replayedRecords", storm.replayed());
        f.put("skippedEarlierReplays", storm.skippedCopies());
        f.put("replaySendErrors", storm.sendErrors());
        f.put("replayFailure", storm.failure() == null ? null : storm.failure().toString());
        f.put("historicRequestsRepublished", ledger.foreignIssued());
        if (storm.started()) {
            f.put(
                    "produceSeconds",
                    storm.producedNanos() < 0 ? null : seconds(storm.producedNanos() - storm.startNanos()));
            f.put("drainSeconds", storm.drained() ? seconds(storm.drainedNanos() - storm.startNanos()) : null);
            f.put("drained", storm.drained());
            WorkerMetrics.Sample before = workerSamples.atOrBefore(storm.startNanos());
            WorkerMetrics.Sample after = workerSamples.last();
            if (before != null && after != null) {
                f.put(
                        "workerDeduplicated",
                        after.get(WorkerMetrics.DEDUPLICATED) - before.get(WorkerMetrics.DEDUPLICATED));
                f.put(
                        "workerDeadLettered",
                        after.get(WorkerMetrics.DEAD_LETTERED) - before.get(WorkerMetrics.DEAD_LETTERED));
                f.put("replayAnswered", ReplayStorm.answered(before, after));
                long lastAnswer = Math.max(
                        workerSamples.lastChangeNanos(WorkerMetrics.DEDUPLICATED),
                        workerSamples.lastChangeNanos(WorkerMetrics.DEAD_LETTERED));
                f.put(
                        "lastAnswerSeconds",
                        lastAnswer > storm.startNanos() ? seconds(lastAnswer - storm.startNanos()) : null);
            }
        }
        Ledger.Counts before = ledger.phase(Phase.BEFORE_STORM);
        Ledger.Counts during = ledger.phase(Phase.DURING_STORM);
        f.put("requestsBefore", before.requests);
        f.put("requestsDuring", during.requests);
        f.put("requestsAfter", ledger.phase(Phase.AFTER_STORM).requests);
        Double p50Before = LatencyStats.percentileMs(before.latency, 50);
        Double p99Before = LatencyStats.percentileMs(before.latency, 99);
        Double p50During = LatencyStats.percentileMs(during.latency, 50);
        Double p99During = LatencyStats.percentileMs(during.latency, 99);
        f.put("p50BeforeMs", p50Before);
        f.put("p99BeforeMs", p99Before);
        f.put("p50DuringMs", p50During);
        f.put("p99DuringMs", p99During);
        f.put("p50Ratio", ratio(p50During, p50Before));
        f.put("p99Ratio", ratio(p99During, p99Before));
        f.put("issuedPerSecondBefore", Report.round2(before.issuedPerSecond()));
        f.put("issuedPerSecondDuring", Report.round2(during.issuedPerSecond()));
        return f;
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : Report.round2(a / b);
    }

    private static double seconds(long nanos) {
        return Report.round2(nanos / 1e9);
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    /** A periodic task that survives its own exceptions (a scheduled task that throws is never run again). */
    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                progress.say("load-generator: " + e);
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
