package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.pki.PreparedIssuance;
import java.util.UUID;

/**
 * One delivery of a {@link CertificateRequested} and what its tries have done so far. A retry of the same
 * delivery is the same attempt: it recognises its own reservation (by {@link #ownerToken()}) and its own Redis
 * claim, and records a certificate it already signed instead of signing another.
 */
public final class RequestAttempt {

    private final CertificateRequested request;
    private final ConnectorInstance instance;
    private final String ownerToken = UUID.randomUUID().toString();
    private final long startedNanos = System.nanoTime();
    private int retries;
    private boolean redisClaimed;
    private PreparedIssuance prepared;
    private boolean preparedSigned;
    private CertificateIssued signed;

    public RequestAttempt(CertificateRequested request, ConnectorInstance instance) {
        this.request = request;
        this.instance = instance;
    }

    public CertificateRequested request() {
        return request;
    }

    /** The connector instance whose consumer delivered the request: it answers it, under its own id. */
    public ConnectorInstance instance() {
        return instance;
    }

    /** Identifies this attempt's reservation: unique per delivery, so two deliveries of one request differ. */
    public String ownerToken() {
        return ownerToken;
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Retries made so far; 0 during the first try. */
    public int retries() {
        return retries;
    }

    public void retrying() {
        retries++;
    }

    boolean redisClaimed() {
        return redisClaimed;
    }

    void redisClaimed(boolean claimed) {
        this.redisClaimed = claimed;
    }

    /** A prepared issuance (key pair, serial) that has not been signed yet, if any. */
    PreparedIssuance unsignedPrepared() {
        return preparedSigned ? null : prepared;
    }

    void prepared(PreparedIssuance value) {
        this.prepared = value;
        this.preparedSigned = false;
    }

    void preparedSigned() {
        this.preparedSigned = true;
        // The key pair lives on only inside the encrypted PFX of the signed event.
        this.prepared = null;
    }

    /** The certificate this attempt signed but may not have recorded yet (e.g. the database failed). */
    CertificateIssued signed() {
        return signed;
    }

    void signed(CertificateIssued value) {
        this.signed = value;
    }

    @Override
    public String toString() {
        return "RequestAttempt[requestId=" + request.requestId() + ", tenantId=" + request.tenantId() + ", retries="
                + retries + "]";
    }
}
