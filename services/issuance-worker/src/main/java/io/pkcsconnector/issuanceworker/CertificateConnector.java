package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.PaddingScheme;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import io.pkcsconnector.issuanceworker.persistence.IdempotencyKeys;
import io.pkcsconnector.issuanceworker.persistence.IdempotencyKeys.Claim;
import io.pkcsconnector.issuanceworker.persistence.IssuanceStatus;
import io.pkcsconnector.issuanceworker.persistence.IssuanceStore;
import io.pkcsconnector.issuanceworker.persistence.IssuanceStore.Snapshot;
import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.pki.IssuanceRequest;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.PasswordGenerator;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.pki.Pkcs12Encoder;
import io.pkcsconnector.pki.PreparedIssuance;
import io.pkcsconnector.pki.TemplateRegistry;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.CertificateParsingException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The issuance cycle of one request, crash-safe in the manner of boulder's ISSUANCE-CYCLE:
 *
 * <ol>
 *   <li>check the idempotency key (Redis fast path, then the database's record);
 *   <li>validate the request against its template and the device key (a refusal is permanent);
 *   <li>generate the key pair and fix the serial ({@link CertificateIssuer#prepare});
 *   <li>reserve: record request id + serial, leased to this attempt, before anything is signed;
 *   <li>sign, build the PFX and wrap its password for the device, outside any transaction;
 *   <li>record: the certificate and its {@code CertificateIssued} in one transaction with the outbox.
 * </ol>
 *
 * A request seen before never gets a second certificate: a recorded outcome is re-published; a reservation whose
 * lease expired (its owner crashed between reserving and recording) is taken over under a new serial and the old
 * serial is marked abandoned. The database's unique constraints and conditional updates decide every race.
 *
 * <p>Blocking and CPU-bound: runs on the issuance worker threads, never on an event loop.
 */
@ApplicationScoped
public class CertificateConnector {

    private static final Logger LOG = Logger.getLogger(CertificateConnector.class);

    /** Each lost race re-reads the record; more than a few in one try means something else is wrong. */
    private static final int MAX_RACES_PER_TRY = 3;

    /** What became of one try. Anything transient is thrown instead, and retried by the caller. */
    public sealed interface Outcome {}

    /** Issued and recorded by this try. */
    public record Issued(CertificateIssued event) implements Outcome {}

    /** Refused for good and recorded by this try. */
    public record Refused(CertificateIssuanceFailed event) implements Outcome {}

    /** Seen before with a recorded outcome, which was published again. */
    public record Deduplicated(IssuanceStatus status) implements Outcome {}

    /** Another live attempt holds the request; try again after {@code retryIn}. */
    public record Busy(Duration retryIn, String reason) implements Outcome {}

    /** The request cannot be answered without harm (its id belongs to another tenant): for an operator. */
    public record Misrouted(String reason) implements Outcome {}

    private final CertificateIssuer issuer;
    private final RequestValidation validation;
    private final Pkcs12Encoder pkcs12;
    private final IssuanceStore store;
    private final IdempotencyKeys keys;
    private final Outbox outbox;
    private final IssuanceMetrics metrics;
    private final RetryPolicy retryPolicy;
    private final Duration lease;
    private final KeyPairPool keyPool;
    private final boolean republishDuplicates;
    private final int threads;
    private final AtomicInteger working = new AtomicInteger();

    CertificateConnector(
            IssuingCa ca,
            IssuanceConfig config,
            IssuanceStore store,
            IdempotencyKeys keys,
            Outbox outbox,
            IssuanceMetrics metrics,
            ConnectorIdentity identity) {
        this.issuer = new CertificateIssuer(ca.authority(), TemplateRegistry.builtIn());
        this.validation = new RequestValidation(issuer, identity.name());
        this.pkcs12 = new Pkcs12Encoder(config.pkcs12().options());
        this.store = store;
        this.keys = keys;
        this.outbox = outbox;
        this.metrics = metrics;
        this.retryPolicy = RetryPolicy.from(config);
        this.lease = config.reservation().lease();
        this.republishDuplicates = config.idempotency().republishDuplicates();
        this.threads = config.processing().threadCount();
        Map<KeyAlgorithm, Integer> pooled = new EnumMap<>(KeyAlgorithm.class);
        pooled.put(KeyAlgorithm.RSA_2048, config.keyPool().rsa2048());
        pooled.put(KeyAlgorithm.RSA_3072, config.keyPool().rsa3072());
        pooled.put(KeyAlgorithm.RSA_4096, config.keyPool().rsa4096());
        this.keyPool = new KeyPairPool(pooled, () -> working.get() < threads);
        metrics.keyPool(keyPool);
    }

    @PreDestroy
    void close() {
        keyPool.close();
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * One try at a request.
     *
     * @throws TransientFailure when the database (or the crypto provider) failed; the attempt may be retried
     */
    public Outcome attempt(RequestAttempt attempt) {
        working.incrementAndGet();
        try {
            return tryOnce(attempt);
        } finally {
            working.decrementAndGet();
        }
    }

    private Outcome tryOnce(RequestAttempt attempt) {
        CertificateRequested request = attempt.request();
        Claim claim = attempt.redisClaimed() ? Claim.CLAIMED : keys.claim(request.tenantId(), request.requestId());
        if (claim == Claim.CLAIMED) {
            attempt.redisClaimed(true);
        }
        RequestValidation.Result validated = validation.validate(request);

        // A fresh claim means no attempt announced the request: skip the lookup, the reservation's unique key
        // catches the rare exception (an expired key, a flushed Redis).
        Optional<Snapshot> record = claim == Claim.CLAIMED && attempt.retries() == 0 && attempt.signed() == null
                ? Optional.empty()
                : read(request.requestId());
        for (int race = 0; race < MAX_RACES_PER_TRY; race++) {
            Optional<Outcome> outcome = record.isEmpty()
                    ? firstSeen(attempt, claim, validated)
                    : seenBefore(attempt, record.get(), validated);
            if (outcome.isPresent()) {
                return outcome.get();
            }
            // Lost a race for the record: read what the winner wrote and decide again.
            record = read(request.requestId());
        }
        return new Busy(retryPolicy.jittered(attempt.retries() + 1), "the request's record kept changing");
    }

    private Optional<Outcome> firstSeen(RequestAttempt attempt, Claim claim, RequestValidation.Result validated) {
        CertificateRequested request = attempt.request();
        if (claim == Claim.IN_PROGRESS && attempt.retries() == 0) {
            // Announced by another delivery that has not reserved yet (it is generating its key): give it a moment
            // rather than generating a second key pair. Only once: a crashed announcer must not hold us up.
            return Optional.of(new Busy(retryPolicy.jittered(1), "announced in Redis by another attempt"));
        }
        if (validated instanceof RequestValidation.Refused refused) {
            CertificateIssuanceFailed failed = failure(attempt, refused.failure());
            boolean recorded = transaction(() -> store.recordFailed(request, failed)
                    .chain(inserted -> inserted
                            ? outbox.add(failed).replaceWith(true)
                            : Uni.createFrom().item(false)));
            return recorded ? Optional.of(refused(attempt, failed)) : Optional.empty();
        }
        PreparedIssuance prepared = prepare(attempt, (RequestValidation.Accepted) validated);
        boolean reserved = transaction(() -> store.reserve(
                request,
                prepared.serialHex(),
                attempt.ownerToken(),
                attempt.instance().connectorId(),
                lease));
        if (!reserved) {
            return Optional.empty();
        }
        return signAndRecord(attempt, prepared, ((RequestValidation.Accepted) validated).deviceKey());
    }

    private Optional<Outcome> seenBefore(RequestAttempt attempt, Snapshot record, RequestValidation.Result validated) {
        CertificateRequested request = attempt.request();
        if (!record.tenantId().equals(request.tenantId())) {
            return Optional.of(new Misrouted("request id " + request.requestId() + " is recorded for another tenant"));
        }
        if (record.status().terminal()) {
            // Its outcome went into the outbox in the transaction that recorded it, so it is published at least
            // once anyway; publishing it again for every duplicate would carry a replay storm on to every consumer.
            if (republishDuplicates) {
                republish(record);
            }
            keys.markDone(request.tenantId(), request.requestId());
            metrics.deduplicated();
            LOG.debugf(
                    "Request %s (tenant %s) was %s before%s",
                    request.requestId(),
                    request.tenantId(),
                    record.status().column(),
                    republishDuplicates ? "; re-published its outcome" : "");
            return Optional.of(new Deduplicated(record.status()));
        }
        boolean mine = attempt.ownerToken().equals(record.ownerToken());
        CertificateIssued signed = attempt.signed();
        if (mine && signed != null && signed.serialNumber().equals(record.serialNumber())) {
            // This attempt signed it and then could not record it (the database failed): record it now.
            return record(attempt, signed);
        }
        PreparedIssuance reservedUnsigned = attempt.unsignedPrepared();
        if (mine
                && reservedUnsigned != null
                && reservedUnsigned.serialHex().equals(record.serialNumber())
                && validated instanceof RequestValidation.Accepted accepted) {
            // The reservation committed but its answer was lost: nothing was signed under it yet, so go on with it.
            return signAndRecord(attempt, reservedUnsigned, accepted.deviceKey());
        }
        if (!mine && !record.leaseExpired()) {
            Duration untilExpiry = Duration.ofMillis(record.leaseRemainingMillis() + 50);
            Duration backoff = retryPolicy.jittered(attempt.retries() + 1);
            return Optional.of(new Busy(
                    untilExpiry.compareTo(backoff) < 0 ? untilExpiry : backoff,
                    "reserved by another attempt, serial " + record.serialNumber()));
        }
        // The owner crashed between reserving and recording (its lease expired), or it is this attempt's own
        // earlier try: the reserved serial may have been signed, but that certificate was never recorded or
        // published and its key is gone. It is abandoned, and the request issued under a new serial.
        if (validated instanceof RequestValidation.Refused refused) {
            CertificateIssuanceFailed failed = failure(attempt, refused.failure());
            boolean recorded = transaction(() -> store.failReserved(
                            record.serialNumber(),
                            attempt.ownerToken(),
                            attempt.instance().connectorId(),
                            failed)
                    .chain(updated -> updated
                            ? outbox.add(failed).replaceWith(true)
                            : Uni.createFrom().item(false)));
            if (!recorded) {
                return Optional.empty();
            }
            metrics.abandoned();
            return Optional.of(refused(attempt, failed));
        }
        PreparedIssuance prepared = prepare(attempt, (RequestValidation.Accepted) validated);
        boolean takenOver = transaction(() -> store.takeOver(
                request.requestId(),
                record.serialNumber(),
                prepared.serialHex(),
                attempt.ownerToken(),
                attempt.instance().connectorId(),
                lease));
        if (!takenOver) {
            return Optional.empty();
        }
        metrics.abandoned();
        LOG.warnf(
                "Request %s (tenant %s): took over reservation of serial %s from %s; it is abandoned, reissuing as %s",
                request.requestId(),
                request.tenantId(),
                record.serialNumber(),
                mine ? "this attempt's earlier try" : "a crashed attempt",
                prepared.serialHex());
        return signAndRecord(attempt, prepared, ((RequestValidation.Accepted) validated).deviceKey());
    }

    /** Key generation and serial: done before the reservation, so the lease need not cover it. */
    private PreparedIssuance prepare(RequestAttempt attempt, RequestValidation.Accepted accepted) {
        PreparedIssuance prepared = attempt.unsignedPrepared();
        if (prepared == null) {
            IssuanceRequest issuance = accepted.request();
            prepared = keyPool.take(issuance.keyAlgorithm())
                    .map(pair -> issuer.prepare(issuance, pair))
                    .orElseGet(() -> issuer.prepare(issuance));
            attempt.prepared(prepared);
        }
        return prepared;
    }

    private Optional<Outcome> signAndRecord(RequestAttempt attempt, PreparedIssuance prepared, RSAPublicKey deviceKey) {
        // Spent from here on, even if signing fails: a serial is signed at most once.
        attempt.preparedSigned();
        IssuedCertificate issued = issuer.sign(prepared);
        char[] password = PasswordGenerator.generate();
        byte[] passwordBytes = PasswordGenerator.toBytes(password);
        CertificateIssued event;
        try {
            byte[] pfx = pkcs12.encode(issued, password);
            byte[] wrapped = PasswordWrapper.wrap(passwordBytes, deviceKey);
            event = issuedEvent(attempt, issued, pfx, wrapped);
        } finally {
            // The clear password exists only here: not logged, stored or sent, and wiped as soon as it is used.
            Arrays.fill(password, '\0');
            Arrays.fill(passwordBytes, (byte) 0);
        }
        attempt.signed(event);
        return record(attempt, event);
    }

    private Optional<Outcome> record(RequestAttempt attempt, CertificateIssued event) {
        boolean recorded = transaction(() -> store.recordIssued(attempt.ownerToken(), event)
                .chain(updated -> updated
                        ? outbox.add(event).replaceWith(true)
                        : Uni.createFrom().item(false)));
        if (!recorded) {
            // Taken over after this attempt's lease expired: its certificate is abandoned, the taker's counts.
            LOG.warnf(
                    "Request %s: reservation of serial %s was taken over before it could be recorded",
                    event.requestId(), event.serialNumber());
            attempt.signed(null);
            return Optional.empty();
        }
        CertificateRequested request = attempt.request();
        keys.markDone(request.tenantId(), request.requestId());
        attempt.instance().issued();
        metrics.issued(request.keyAlgorithm(), Duration.ofNanos(System.nanoTime() - attempt.startedNanos()));
        LOG.infof(
                "Issued serial %s for request %s (tenant %s, device %s, %s)",
                event.serialNumber(),
                request.requestId(),
                request.tenantId(),
                request.deviceId(),
                request.keyAlgorithm().wireName());
        return Optional.of(new Issued(event));
    }

    private CertificateIssued issuedEvent(
            RequestAttempt attempt, IssuedCertificate issued, byte[] pfx, byte[] wrappedPassword) {
        CertificateRequested request = attempt.request();
        List<String> ekus;
        try {
            ekus = Optional.ofNullable(issued.certificate().getExtendedKeyUsage())
                    .orElse(List.of());
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("the certificate just signed has an unreadable EKU extension", e);
        }
        return CertificateIssued.of(
                EventEnvelope.causedBy(request),
                request.deviceId(),
                request.profileId(),
                issued.caId(),
                issued.serialHex(),
                issued.thumbprint(),
                DistinguishedName.subjectOf(issued.certificate()).toRfc4514(),
                issued.notBefore(),
                issued.notAfter(),
                request.keyAlgorithm(),
                request.keyAlgorithm().keySize(),
                ekus,
                issued.certificatePem(),
                Base64.getEncoder().encodeToString(pfx),
                Base64.getEncoder().encodeToString(wrappedPassword),
                PaddingScheme.OAEP_SHA256,
                attempt.instance().connectorId());
    }

    private CertificateIssuanceFailed failure(RequestAttempt attempt, PermanentFailure failure) {
        CertificateRequested request = attempt.request();
        return CertificateIssuanceFailed.of(
                EventEnvelope.causedBy(request),
                request.deviceId(),
                request.profileId(),
                failure.errorCode(),
                failure.errorMessage(),
                true,
                attempt.retries() + 1,
                attempt.instance().connectorId());
    }

    private Outcome refused(RequestAttempt attempt, CertificateIssuanceFailed failed) {
        CertificateRequested request = attempt.request();
        keys.markDone(request.tenantId(), request.requestId());
        attempt.instance().failed();
        metrics.failed(failed.errorCode());
        LOG.infof(
                "Refused request %s (tenant %s): %s: %s",
                request.requestId(), request.tenantId(), failed.errorCode(), failed.errorMessage());
        return new Refused(failed);
    }

    /**
     * The recorded outcome goes out again with its original event id: the outbox row is queued once more if it is
     * still kept, else written anew. Consumers deduplicate it on the event id or the request id.
     */
    private void republish(Snapshot record) {
        PkiEvent event = record.status() == IssuanceStatus.ISSUED
                ? EventJson.fromJson(record.outcomeEvent(), CertificateIssued.class)
                : EventJson.fromJson(record.outcomeEvent(), CertificateIssuanceFailed.class);
        transaction(() -> store.requeue(event)
                .chain(requeued -> requeued ? Uni.createFrom().voidItem() : outbox.add(event)));
    }

    private Optional<Snapshot> read(String requestId) {
        return await(() -> Panache.withSession(() -> store.find(requestId)));
    }

    private <T> T transaction(Supplier<Uni<T>> work) {
        return await(() -> outbox.transaction(work));
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw new TransientFailure("database: " + e.getMessage(), e);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new TransientFailure("database: " + e.getMessage(), e);
        }
    }

    /** A failure that says nothing about the request itself: retrying later may succeed. */
    public static final class TransientFailure extends RuntimeException {
        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
