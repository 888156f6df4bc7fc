package io.pkcsconnector.issuanceworker.messaging;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * A non-blocking semaphore for the consumer: {@link #admit()} completes when fewer than {@code limit} requests are
 * in flight. Until then the consumer method has not returned, so SmallRye requests no further record and the Kafka
 * consumer pauses once its buffer is full: backpressure instead of an unbounded pile of unacknowledged records.
 */
final class InFlightLimit {

    private final int limit;
    private final Queue<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int inFlight;

    InFlightLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("pkcs.issuance.processing.max-in-flight must be at least 1");
        }
        this.limit = limit;
    }

    Uni<Void> admit() {
        synchronized (this) {
            if (inFlight < limit) {
                inFlight++;
                return Uni.createFrom().voidItem();
            }
            CompletableFuture<Void> admission = new CompletableFuture<>();
            waiting.add(admission);
            return Uni.createFrom().completionStage(admission);
        }
    }

    /** One request completed (acknowledged or dead-lettered); its slot passes to the longest waiting one. */
    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            // Completed outside the lock: the consumer continues on this thread and may call admit() again.
            next.complete(null);
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
