package io.pkcsconnector.requestintake.messaging;

import io.pkcsconnector.contracts.CaCertificatesPublished;
import io.pkcsconnector.contracts.CertificateIssuanceFailed;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.DeliveryAcknowledged;
import io.pkcsconnector.contracts.DeliveryStatus;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.requestintake.IssuanceStates;
import io.pkcsconnector.requestintake.Revocations;
import io.pkcsconnector.requestintake.api.ProfileDocuments;
import io.pkcsconnector.requestintake.persistence.CaCertificateEntity;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.ConnectorHealth;
import io.pkcsconnector.requestintake.persistence.ProfileEntity;
import io.pkcsconnector.requestintake.persistence.RevocationRequestEntity;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Moves certificate requests along as the connector and the devices report outcomes. Every update is a
 * guarded state transition, so a redelivered, replayed or out-of-order event changes nothing. The connector's
 * outcomes also feed the fleet view's health series ({@link ConnectorHealth}).
 */
@ApplicationScoped
public class IssuanceOutcomeConsumer {

    private static final Logger LOG = Logger.getLogger(IssuanceOutcomeConsumer.class);

    // About 40 s of database trouble is ridden out before a record is parked on the dead-letter topic.
    private static final int RETRIES = 8;
    private static final Duration RETRY_INITIAL = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);

    /** What an outcome event adds to its connector's health series; null for events that are no outcome. */
    private record Outcome(String connectorId, boolean success) {}

    /** How a request took an event. */
    private enum Applied {
        /** The request moved, or got the certificate data it lacked: the event is new. */
        CHANGED,
        /** A redelivery, a replay or a late event: nothing changed. */
        UNCHANGED,
        /** Not a request of this service: only the event id can tell a redelivery. */
        UNKNOWN_REQUEST
    }

    private final ConnectorHealth health;
    private final Outbox outbox;
    private final ProfileDocuments profiles;
    private final Revocations revocations;

    IssuanceOutcomeConsumer(ConnectorHealth health, Outbox outbox, ProfileDocuments profiles, Revocations revocations) {
        this.health = health;
        this.outbox = outbox;
        this.profiles = profiles;
        this.revocations = revocations;
    }

    @Incoming("cert-issued")
    public Uni<Void> issued(CertificateIssued event) {
        return transition(
                event,
                IssuanceStates.ISSUED,
                request -> {
                    request.serialNumber = event.serialNumber();
                    request.thumbprint = event.thumbprint();
                    request.notBefore = OffsetDateTime.ofInstant(event.notBefore(), ZoneOffset.UTC);
                    request.notAfter = OffsetDateTime.ofInstant(event.notAfter(), ZoneOffset.UTC);
                    request.keyLength = event.keyLength();
                    request.extendedKeyUsages = String.join(",", event.extendedKeyUsages());
                },
                true,
                new Outcome(event.connectorId(), true),
                this::revokeSuperseded);
    }

    @Incoming("cert-failed")
    public Uni<Void> failed(CertificateIssuanceFailed event) {
        return transition(
                event,
                IssuanceStates.ISSUE_FAILED,
                request -> {
                    request.errorCode = event.errorCode();
                    request.errorMessage = event.errorMessage();
                },
                false,
                new Outcome(event.connectorId(), false),
                null);
    }

    @Incoming("delivery-acknowledged")
    public Uni<Void> acknowledged(DeliveryAcknowledged event) {
        String target =
                event.status() == DeliveryStatus.INSTALLED ? IssuanceStates.INSTALLED : IssuanceStates.INSTALL_FAILED;
        return transition(
                event,
                target,
                request -> {
                    if (event.errorCode() != null) {
                        request.errorCode = event.errorCode();
                    }
                },
                false,
                null,
                null);
    }

    @Incoming("ca-certificates")
    public Uni<Void> caCertificates(CaCertificatesPublished event) {
        if (event == null) {
            return Uni.createFrom().voidItem(); // a tombstone on the compacted topic
        }
        return Panache.withTransaction(() -> CaCertificateEntity.<CaCertificateEntity>findById(event.caId())
                        .flatMap(existing -> {
                            CaCertificateEntity ca = existing != null ? existing : new CaCertificateEntity();
                            ca.caId = event.caId();
                            ca.rootCertificatePem = event.rootCertificatePem();
                            ca.issuingCertificatePem = event.issuingCertificatePem();
                            ca.crlUrl = event.crlUrl();
                            ca.ocspUrl = event.ocspUrl();
                            ca.publishedAt = OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC);
                            return ca.persist();
                        })
                        .replaceWithVoid())
                .onFailure()
                .retry()
                .withBackOff(RETRY_INITIAL, RETRY_MAX)
                .atMost(RETRIES);
    }

    /**
     * Applies {@code apply} and moves the request to {@code target} if that is a step forward. With {@code
     * fillIfAhead}, a request already further along (an ack overtook this event) still gets the event's data.
     * The row is locked so concurrent outcomes of one request serialise; database failures are retried with
     * back-off before the record goes to the dead-letter topic.
     *
     * <p>An {@code outcome} is counted for its connector in the same transaction, exactly once: when the request
     * changed (a redelivered or re-published event changes nothing), or, for a request this service does not
     * know, the first time the event id is seen.
     */
    private Uni<Void> transition(
            PkiEvent event,
            String target,
            Consumer<CertificateRequestEntity> apply,
            boolean fillIfAhead,
            Outcome outcome,
            Function<CertificateRequestEntity, Uni<Void>> afterChange) {
        String tenantId = event.tenantId();
        String requestId = event.requestId();
        UUID id = requestUuid(requestId);
        if (id == null && outcome == null) {
            return Uni.createFrom().voidItem(); // not one of ours (e.g. a delivery of an imported PFX)
        }
        return outbox.transaction(() -> find(tenantId, id)
                        .chain(request -> {
                            Applied applied;
                            if (request == null) {
                                LOG.debugf(
                                        "Outcome %s for unknown request %s of tenant %s", target, requestId, tenantId);
                                applied = Applied.UNKNOWN_REQUEST;
                            } else if (IssuanceStates.canMove(request.status, target)) {
                                apply.accept(request);
                                request.status = target;
                                request.statusChangedAt = OffsetDateTime.now(ZoneOffset.UTC);
                                applied = Applied.CHANGED;
                            } else if (fillIfAhead
                                    && request.serialNumber == null
                                    && IssuanceStates.isAfterIssued(request.status)) {
                                apply.accept(request);
                                applied = Applied.CHANGED;
                            } else {
                                LOG.debugf("Request %s stays %s (event wanted %s)", requestId, request.status, target);
                                applied = Applied.UNCHANGED;
                            }
                            Uni<Void> after = applied == Applied.CHANGED && afterChange != null
                                    ? afterChange.apply(request)
                                    : Uni.createFrom().voidItem();
                            return after.replaceWith(applied);
                        })
                        .chain(applied -> count(event, outcome, applied)))
                .onFailure()
                .retry()
                .withBackOff(RETRY_INITIAL, RETRY_MAX)
                .atMost(RETRIES)
                .replaceWithVoid();
    }

    /**
     * A renewal's (or profile change's) successor is issued: if its profile says {@code revokeOnRenewal}, revoke the
     * certificate it replaces, in this transaction. Nothing if that one is already revoked or being revoked, so a
     * redelivered event revokes nothing twice.
     */
    private Uni<Void> revokeSuperseded(CertificateRequestEntity successor) {
        if (successor.supersedesRequestId == null) {
            return Uni.createFrom().voidItem();
        }
        String tenant = successor.tenantId;
        return ProfileEntity.find(tenant, successor.profileId)
                .chain(entity -> {
                    if (entity == null
                            || !Boolean.TRUE.equals(profiles.read(entity).revokeOnRenewal())) {
                        return Uni.createFrom().<CertificateRequestEntity>nullItem();
                    }
                    return CertificateRequestEntity.find(tenant, successor.supersedesRequestId);
                })
                .chain(previous -> {
                    if (previous == null || previous.serialNumber == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return CertificateRequestEntity.lockBySerial(tenant, previous.serialNumber)
                            .chain(rows -> RevocationRequestEntity.pending(tenant, previous.serialNumber)
                                    .chain(pending -> {
                                        List<CertificateRequestEntity> revocable = rows.stream()
                                                .filter(Revocations::revocable)
                                                .toList();
                                        if (pending != null || revocable.isEmpty()) {
                                            return Uni.createFrom().voidItem();
                                        }
                                        LOG.infof(
                                                "Revoking certificate %s of request %s (tenant %s): superseded by %s",
                                                previous.serialNumber, previous.requestId, tenant, successor.requestId);
                                        return revocations.supersede(revocable).replaceWithVoid();
                                    }));
                });
    }

    private Uni<CertificateRequestEntity> find(String tenantId, UUID requestId) {
        if (requestId == null) {
            return Uni.createFrom().nullItem();
        }
        return CertificateRequestEntity.<CertificateRequestEntity>find(
                        "tenantId = ?1 and requestId = ?2", tenantId, requestId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    private Uni<Void> count(PkiEvent event, Outcome outcome, Applied applied) {
        if (outcome == null) {
            return Uni.createFrom().voidItem();
        }
        return switch (applied) {
            case CHANGED -> health.count(
                    event.tenantId(), outcome.connectorId(), event.occurredAt(), outcome.success());
            case UNKNOWN_REQUEST -> health.countOnce(
                    event.eventId(), event.tenantId(), outcome.connectorId(), event.occurredAt(), outcome.success());
            case UNCHANGED -> Uni.createFrom().voidItem();
        };
    }

    private static UUID requestUuid(String requestId) {
        try {
            return UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
