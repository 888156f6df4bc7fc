package io.pkcsconnector.loadgenerator;

import io.pkcsconnector.loadgenerator.KafkaRequests.PoisonKind;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The poison requests of a run and where each ended: on the dead-letter topic (unreadable ones) or as a {@code
 * CertificateIssuanceFailed} (refused ones). Every {@code every}-th request slot is poison; kinds rotate
 * unreadable, unknown template, unreadable, nonRepudiation, so half are unreadable.
 */
final class PoisonTracker {

    private static final PoisonKind[] ROTATION = {
        PoisonKind.UNREADABLE, PoisonKind.UNKNOWN_TEMPLATE, PoisonKind.UNREADABLE, PoisonKind.NON_REPUDIATION
    };

    private static final class Sent {
        final PoisonKind kind;
        final long nanos;
        String outcome;

        Sent(PoisonKind kind, long nanos) {
            this.kind = kind;
            this.nanos = nanos;
        }
    }

    private final int every;
    private final Map<String, Sent> sent = new HashMap<>();
    private final Map<PoisonKind, Long> sentByKind = new EnumMap<>(PoisonKind.class);
    private final Map<String, Long> failureCodes = new TreeMap<>();
    private final Histogram resolution = LatencyStats.newHistogram();
    private long kinds;
    private long deadLettered;
    private long failedEvents;
    private long unexpected;
    private long sendErrors;
    private long otherDeadLetters;

    PoisonTracker(double percent) {
        this.every = Math.max(2, (int) Math.round(100 / percent));
    }

    /** Whether request slot {@code index} (0-based, measured requests and poison counted together) is poison. */
    boolean isPoisonSlot(long index) {
        return index % every == every / 2;
    }

    synchronized PoisonKind nextKind() {
        return ROTATION[(int) (kinds++ % ROTATION.length)];
    }

    synchronized void sent(String requestId, PoisonKind kind, long nanos) {
        sent.put(requestId, new Sent(kind, nanos));
        sentByKind.merge(kind, 1L, Long::sum);
    }

    synchronized void sendFailed(String requestId) {
        sendErrors++;
        sent.remove(requestId);
    }

    synchronized boolean isPoison(String requestId) {
        return requestId != null && sent.containsKey(requestId);
    }

    /** A record on the dead-letter topic with this key. */
    synchronized void deadLettered(String key, long nanos) {
        Sent poison = key == null ? null : sent.get(key);
        if (poison == null) {
            otherDeadLetters++;
            return;
        }
        if (poison.outcome == null) {
            poison.outcome = "deadLettered";
            deadLettered++;
            LatencyStats.record(resolution, nanos - poison.nanos);
        }
        if (poison.kind != PoisonKind.UNREADABLE) {
            unexpected++;
        }
    }

    /** A failure event for a poison request id; returns false when the id is not poison. */
    synchronized boolean failed(String requestId, String errorCode, long nanos) {
        Sent poison = sent.get(requestId);
        if (poison == null) {
            return false;
        }
        if (poison.outcome == null) {
            poison.outcome = "failed";
            failedEvents++;
            failureCodes.merge(errorCode, 1L, Long::sum);
            LatencyStats.record(resolution, nanos - poison.nanos);
        }
        return true;
    }

    /** An issued event for a poison request id (must never happen); returns false when the id is not poison. */
    synchronized boolean issued(String requestId) {
        if (!sent.containsKey(requestId)) {
            return false;
        }
        unexpected++;
        return true;
    }

    synchronized long unaccounted() {
        return sent.values().stream().filter(s -> s.outcome == null).count();
    }

    synchronized long sentCount() {
        return sent.size();
    }

    synchronized long unexpected() {
        return unexpected;
    }

    synchronized Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sent", sent.size());
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (PoisonKind kind : PoisonKind.values()) {
            byKind.put(Phase.camel(kind.name()), sentByKind.getOrDefault(kind, 0L));
        }
        report.put("sentByKind", byKind);
        report.put("deadLettered", deadLettered);
        report.put("failedEvents", failedEvents);
        report.put("failureCodes", failureCodes);
        report.put("unaccounted", unaccounted());
        report.put("unexpectedOutcomes", unexpected);
        report.put("sendErrors", sendErrors);
        report.put("otherDeadLetters", otherDeadLetters);
        report.put("timeToResolveMs", LatencyStats.summary(resolution));
        return report;
    }
}
