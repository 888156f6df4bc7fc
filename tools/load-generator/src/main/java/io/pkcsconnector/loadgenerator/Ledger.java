package io.pkcsconnector.loadgenerator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Every request of a run and what became of it: submitted, accepted, issued (its {@code CertificateIssued} or
 * {@code CertificateIssuanceFailed} seen on Kafka), delivered (seen in its device's inbox), or timed out. It is
 * also the exactly-once check: every distinct serial each request id was issued under, from every
 * {@code CertificateIssued} seen, and every delivery of it.
 *
 * <p>Events can arrive before the request id is known (a REST request's id comes with its 202, and a fast
 * worker can beat the response), and for request ids that are not this run's (a replayed historic request):
 * both are kept as {@link Foreign} records and merged when the id is registered.
 *
 * <p>All methods are synchronized: a few hundred events a second need no cleverer locking.
 */
final class Ledger {

    /** One request of this run. */
    static final class Request {
        final long seq;
        final int device;
        final Phase phase;
        final long submitNanos;
        String id;
        long acceptedNanos = -1;
        long issuedNanos = -1;
        long deliveredNanos = -1;
        final Set<String> serials = new LinkedHashSet<>(2);
        int deliveries;
        boolean failed;
        boolean timedOut;
        String failure;
        boolean finished;
        boolean awaitingDelivery;

        Request(long seq, int device, Phase phase, long submitNanos) {
            this.seq = seq;
            this.device = device;
            this.phase = phase;
            this.submitNanos = submitNanos;
        }

        boolean duplicated() {
            return serials.size() > 1 || deliveries > 1;
        }
    }

    /** Outcomes for a request id not (yet) registered by this run. */
    static final class Foreign {
        final Set<String> historicSerials = new HashSet<>(2);
        final Set<String> serials = new HashSet<>(2);
        long issuedNanos = -1;
        String failure;
        long failedNanos = -1;
        int deliveries;

        /** Issued under a serial during the run that it did not have before: a second certificate. */
        boolean reissued() {
            if (serials.isEmpty()) {
                return false;
            }
            Set<String> all = new HashSet<>(historicSerials);
            all.addAll(serials);
            return all.size() > 1 && !historicSerials.containsAll(serials);
        }
    }

    /** Counters of one phase (or of all measured phases). */
    static final class Counts {
        long requests;
        long accepted;
        long issued;
        long delivered;
        long failed;
        long failureEvents;
        long submitErrors;
        long timedOut;
        long firstSubmitNanos = Long.MAX_VALUE;
        long lastSubmitNanos = Long.MIN_VALUE;
        long lastIssuedNanos = Long.MIN_VALUE;
        long lastFinishedNanos = Long.MIN_VALUE;
        final Histogram latency = LatencyStats.newHistogram();
        final Histogram issueLatency = LatencyStats.newHistogram();
        final Histogram acceptLatency = LatencyStats.newHistogram();
        final Histogram inboxLatency = LatencyStats.newHistogram();

        /** Issued requests per second from the first submission to the last issue; 0 without both. */
        double issuedPerSecond() {
            if (issued == 0 || lastIssuedNanos <= firstSubmitNanos) {
                return 0;
            }
            return issued / ((lastIssuedNanos - firstSubmitNanos) / 1e9);
        }

        long outstanding() {
            return requests - delivered - failed;
        }
    }

    /** What the progress line shows. */
    record Snapshot(long submitted, long issued, long delivered, long failed, long outstanding, Double latencyP50Ms) {}

    private final int devices;
    private final Consumer<Request> onFinished;
    private final List<Request> outstanding = new ArrayList<>();
    private final Map<String, Request> byId = new HashMap<>();
    private final Map<String, Foreign> foreign = new HashMap<>();
    private final int[] awaiting;
    private final EnumMap<Phase, Counts> phases = new EnumMap<>(Phase.class);
    private final Counts measured = new Counts();
    private final Map<String, Long> failureReasons = new TreeMap<>();
    private TimeSeries series;
    private long seq;
    private long foreignDeliveries;
    private long issuedEvents;
    private long failedEvents;

    Ledger(int devices, Consumer<Request> onFinished) {
        this.devices = devices;
        this.onFinished = onFinished;
        this.awaiting = new int[devices];
        for (Phase phase : Phase.values()) {
            phases.put(phase, new Counts());
        }
    }

    /** From now on measured events go into {@code series} too. */
    synchronized void startSeries(TimeSeries series) {
        this.series = series;
    }

    /**
     * A request is on its way. {@code id} is known for a request produced to Kafka, null for a REST request
     * until {@link #accepted}.
     */
    synchronized Request submitted(String id, int device, Phase phase, long nanos) {
        if (device < 0 || device >= devices) {
            throw new IllegalArgumentException("device " + device + " of " + devices);
        }
        Request request = new Request(seq++, device, phase, nanos);
        outstanding.add(request);
        for (Counts counts : countsOf(phase)) {
            counts.requests++;
            counts.firstSubmitNanos = Math.min(counts.firstSubmitNanos, nanos);
            counts.lastSubmitNanos = Math.max(counts.lastSubmitNanos, nanos);
        }
        if (phase.measured() && series != null) {
            series.submitted(nanos);
        }
        if (id != null) {
            register(request, id);
        }
        return request;
    }

    /** The service took the request (202, or the broker's ack). */
    synchronized void accepted(Request request, String id, long nanos) {
        if (request.acceptedNanos >= 0) {
            return;
        }
        request.acceptedNanos = nanos;
        for (Counts counts : countsOf(request.phase)) {
            counts.accepted++;
            LatencyStats.record(counts.acceptLatency, nanos - request.submitNanos);
        }
        if (request.id == null) {
            register(request, id);
        }
    }

    /** The submission itself failed (HTTP error, broker refused): the request is failed. */
    synchronized void submitFailed(Request request, String reason, long nanos) {
        if (request.finished) {
            return;
        }
        for (Counts counts : countsOf(request.phase)) {
            counts.submitErrors++;
        }
        fail(request, "submit: " + reason, nanos);
    }

    /** Outcomes read from the history before the run started (replay-storm), to tell a re-issue from the past. */
    synchronized void historicIssued(String id, String serial) {
        foreign.computeIfAbsent(id, k -> new Foreign()).historicSerials.add(serial);
    }

    /** A {@code CertificateIssued} for {@code id} with {@code serial} was seen at {@code nanos}. */
    synchronized void issued(String id, String serial, long nanos) {
        issuedEvents++;
        Request request = byId.get(id);
        if (request == null) {
            Foreign outcome = foreign.computeIfAbsent(id, k -> new Foreign());
            outcome.serials.add(serial);
            if (outcome.issuedNanos < 0) {
                outcome.issuedNanos = nanos;
            }
            return;
        }
        applyIssued(request, serial, nanos);
    }

    /** A {@code CertificateIssuanceFailed} for {@code id} was seen. */
    synchronized void failedEvent(String id, String errorCode, long nanos) {
        failedEvents++;
        Request request = byId.get(id);
        if (request == null) {
            Foreign outcome = foreign.computeIfAbsent(id, k -> new Foreign());
            if (outcome.failure == null) {
                outcome.failure = errorCode;
                outcome.failedNanos = nanos;
            }
            return;
        }
        applyFailed(request, errorCode, nanos);
    }

    /**
     * The device's inbox showed a delivery of {@code id}, first seen by a poll at {@code nanos}; {@code
     * inboxNanos} is when the notifier stored it (its createdDateTime), or -1 if unknown.
     */
    synchronized void delivered(String id, long nanos, long inboxNanos) {
        Request request = byId.get(id);
        if (request == null) {
            foreignDeliveries++;
            foreign.computeIfAbsent(id, k -> new Foreign()).deliveries++;
            return;
        }
        request.deliveries++;
        if (request.deliveries > 1 || request.finished) {
            return;
        }
        request.deliveredNanos = nanos;
        if (request.awaitingDelivery) {
            request.awaitingDelivery = false;
            awaiting[request.device]--;
        }
        // The notifier's clock is this machine's; clamp anyway, a stored time is never before the submission.
        long stored = inboxNanos < 0 ? nanos : Math.min(nanos, Math.max(inboxNanos, request.submitNanos));
        for (Counts counts : countsOf(request.phase)) {
            counts.delivered++;
            LatencyStats.record(counts.latency, nanos - request.submitNanos);
            LatencyStats.record(counts.inboxLatency, stored - request.submitNanos);
        }
        if (request.phase.measured() && series != null) {
            series.delivered(nanos, nanos - request.submitNanos);
        }
        finish(request, nanos);
    }

    /** Requests older than {@code timeoutNanos} that have not finished are timed out (and count as failed). */
    synchronized int expire(long nowNanos, long timeoutNanos) {
        int expired = 0;
        Iterator<Request> it = outstanding.iterator();
        List<Request> late = new ArrayList<>();
        while (it.hasNext()) {
            Request request = it.next();
            if (request.finished) {
                it.remove();
            } else if (nowNanos - request.submitNanos >= timeoutNanos) {
                late.add(request);
            }
        }
        for (Request request : late) {
            request.timedOut = true;
            for (Counts counts : countsOf(request.phase)) {
                counts.timedOut++;
            }
            fail(
                    request,
                    request.issuedNanos >= 0 ? "timeout: issued, not delivered" : "timeout: not issued",
                    nowNanos);
            expired++;
        }
        return expired;
    }

    /** Devices with at least one issued request whose delivery has not been seen. */
    synchronized List<Integer> devicesAwaitingDelivery() {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            if (awaiting[i] > 0) {
                result.add(i);
            }
        }
        return result;
    }

    synchronized long outstanding(Phase phase) {
        return phases.get(phase).outstanding();
    }

    synchronized long outstandingMeasured() {
        return measured.outstanding();
    }

    /** The warm-up's counts, or those of all measured phases. */
    synchronized Snapshot snapshot(boolean warmup) {
        Counts counts = warmup ? phases.get(Phase.WARMUP) : measured;
        return new Snapshot(
                counts.requests,
                counts.issued,
                counts.delivered,
                counts.failed,
                counts.outstanding(),
                LatencyStats.percentileMs(counts.latency, 50));
    }

    /** This run's requests (warm-up included) with more than one distinct serial or more than one delivery. */
    synchronized long duplicates() {
        return byId.values().stream().filter(Request::duplicated).count();
    }

    /** This run's requests with more than one distinct serial. */
    synchronized long requestsWithSeveralSerials() {
        return byId.values().stream().filter(r -> r.serials.size() > 1).count();
    }

    /** This run's requests delivered more than once. */
    synchronized long requestsDeliveredTwice() {
        return byId.values().stream().filter(r -> r.deliveries > 1).count();
    }

    /** Request ids that are not this run's and were issued under a new serial during it. */
    synchronized long foreignReissued() {
        return foreign.values().stream().filter(Foreign::reissued).count();
    }

    /** Request ids that are not this run's and had more than one serial before the run started. */
    synchronized long historicDuplicates() {
        return foreign.values().stream()
                .filter(f -> f.historicSerials.size() > 1)
                .count();
    }

    synchronized long foreignIssued() {
        return foreign.values().stream().filter(f -> !f.serials.isEmpty()).count();
    }

    synchronized Foreign foreign(String id) {
        return foreign.get(id);
    }

    synchronized Request request(String id) {
        return byId.get(id);
    }

    synchronized long foreignDeliveries() {
        return foreignDeliveries;
    }

    synchronized long issuedEvents() {
        return issuedEvents;
    }

    synchronized long failedEvents() {
        return failedEvents;
    }

    synchronized Counts measured() {
        return measured;
    }

    synchronized Counts phase(Phase phase) {
        return phases.get(phase);
    }

    synchronized Map<String, Long> failureReasons() {
        return new TreeMap<>(failureReasons);
    }

    private void register(Request request, String id) {
        request.id = id;
        byId.put(id, request);
        Foreign early = foreign.remove(id);
        if (early != null) {
            for (String serial : early.serials) {
                applyIssued(request, serial, early.issuedNanos);
            }
            if (early.failure != null) {
                applyFailed(request, early.failure, early.failedNanos);
            }
        }
    }

    private void applyIssued(Request request, String serial, long nanos) {
        request.serials.add(serial);
        if (request.issuedNanos >= 0 || request.finished) {
            return;
        }
        // An issue seen before the 202 was read still happened after the submission.
        long at = Math.max(nanos, request.submitNanos);
        request.issuedNanos = at;
        for (Counts counts : countsOf(request.phase)) {
            counts.issued++;
            counts.lastIssuedNanos = Math.max(counts.lastIssuedNanos, at);
            LatencyStats.record(counts.issueLatency, at - request.submitNanos);
        }
        if (request.phase.measured() && series != null) {
            series.issued(at, at - request.submitNanos);
        }
        request.awaitingDelivery = true;
        awaiting[request.device]++;
    }

    private void applyFailed(Request request, String errorCode, long nanos) {
        if (request.finished) {
            return;
        }
        for (Counts counts : countsOf(request.phase)) {
            counts.failureEvents++;
        }
        fail(request, errorCode, Math.max(nanos, request.submitNanos));
    }

    private void fail(Request request, String reason, long nanos) {
        request.failed = true;
        request.failure = reason;
        if (request.awaitingDelivery) {
            request.awaitingDelivery = false;
            awaiting[request.device]--;
        }
        for (Counts counts : countsOf(request.phase)) {
            counts.failed++;
        }
        if (request.phase.measured()) {
            failureReasons.merge(reason, 1L, Long::sum);
            if (series != null) {
                series.failed(nanos);
            }
        }
        finish(request, nanos);
    }

    private void finish(Request request, long nanos) {
        request.finished = true;
        for (Counts counts : countsOf(request.phase)) {
            counts.lastFinishedNanos = Math.max(counts.lastFinishedNanos, nanos);
        }
        notifyAll();
        onFinished.accept(request);
    }

    private List<Counts> countsOf(Phase phase) {
        return phase.measured() ? List.of(phases.get(phase), measured) : List.of(phases.get(phase));
    }

    /** Waits (releasing the lock) until {@code done} holds or {@code timeoutMillis} passed. */
    synchronized boolean await(java.util.function.BooleanSupplier done, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!done.getAsBoolean()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 200));
        }
        return true;
    }
}
