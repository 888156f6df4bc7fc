package io.pkcsconnector.issuanceworker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One connector instance of this process: one Kafka consumer of the request topic, one member of the fleet view.
 * A process runs {@code pkcs.issuance.connector.instances} of them (one by default), so that a single machine can
 * model a large fleet; they share the process's worker threads. Its counts go into its heartbeats.
 */
public final class ConnectorInstance {

    private final int index;
    private final String connectorId;
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    ConnectorInstance(int index, String connectorId) {
        this.index = index;
        this.connectorId = connectorId;
    }

    public int index() {
        return index;
    }

    /** The id in the fleet view and in the events this instance produces. */
    public String connectorId() {
        return connectorId;
    }

    public void issued() {
        issued.incrementAndGet();
    }

    /** A permanent refusal or a request given up after its retries. */
    public void failed() {
        failed.incrementAndGet();
    }

    /** Certificates issued since the process started. */
    public long issuedCount() {
        return issued.get();
    }

    public long failedCount() {
        return failed.get();
    }

    @Override
    public String toString() {
        return connectorId;
    }
}
