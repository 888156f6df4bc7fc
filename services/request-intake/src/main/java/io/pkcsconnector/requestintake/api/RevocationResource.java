package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.contracts.RevocationTrigger;
import io.pkcsconnector.requestintake.IssuanceStates;
import io.pkcsconnector.requestintake.RevocationRules;
import io.pkcsconnector.requestintake.Revocations;
import io.pkcsconnector.requestintake.RevokeStatuses;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.RevocationRequestEntity;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.pkcsconnector.servicecommon.security.Caller;
import io.pkcsconnector.servicecommon.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * An admin's revocation of one certificate issued here. The request is answered {@code 202} once the revocation
 * and its {@code pki.revocation-requested.v1} event are committed together (outbox); the revocation-worker's
 * outcome arrives later and is read with {@code GET /v1/revocations/{id}}. Revocation is permanent: there is no
 * certificate hold.
 */
@Path("/v1/revocations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RevocationResource {

    /**
     * @param serialNumber hex, any case, colons or spaces allowed
     * @param reason an RFC 5280 CRLReason name, e.g. {@code keyCompromise}
     */
    public record CreateRevocation(String serialNumber, String reason) {}

    @Inject
    Caller caller;

    @Inject
    Outbox outbox;

    @Inject
    Revocations revocations;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(CreateRevocation body) {
        String tenant = caller.tenantId();
        String requestedBy = Revocations.requester(caller);
        if (body == null) {
            throw ProblemException.badRequest("missing-body", "A JSON body {serialNumber, reason} is required");
        }
        if (body.serialNumber() == null
                || body.serialNumber().isBlank()
                || body.reason() == null
                || body.reason().isBlank()) {
            throw ProblemException.unprocessable("validation-failed", "serialNumber and reason are required");
        }
        RevocationReason reason = RevocationRules.reason(body.reason());
        String serial = RevocationRules.serialNumber(body.serialNumber());
        return outbox.transaction(() -> CertificateRequestEntity.lockBySerial(tenant, serial)
                        .chain(certificates -> {
                            if (certificates.isEmpty()) {
                                throw ProblemException.unprocessable(
                                        "unknown-serial",
                                        "No certificate with serial number " + serial + " was issued to this tenant");
                            }
                            if (certificates.stream()
                                    .anyMatch(c -> IssuanceStates.REVOKED.equals(c.status)
                                            || RevokeStatuses.REVOKED.equals(c.revokeStatus))) {
                                throw ProblemException.conflict(
                                        "already-revoked", "The certificate " + serial + " is already revoked");
                            }
                            return RevocationRequestEntity.pending(tenant, serial)
                                    .chain(pending -> {
                                        if (pending != null) {
                                            throw pendingConflict(serial, pending);
                                        }
                                        return revocations.revoke(
                                                certificates, reason, RevocationTrigger.ADMIN, requestedBy);
                                    });
                        }))
                .map(revocation -> Response.accepted(RevocationView.of(revocation))
                        .location(URI.create("/v1/revocations/" + revocation.revocationId))
                        .build());
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<RevocationView> get(@PathParam("id") String id) {
        String tenant = caller.tenantId();
        UUID revocationId;
        try {
            revocationId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
        return RevocationRequestEntity.find(tenant, revocationId).map(revocation -> {
            if (revocation == null) {
                throw unknown(id);
            }
            return RevocationView.of(revocation);
        });
    }

    /** Carries the id of the revocation in flight, so the caller can follow it instead of asking again. */
    private static ProblemException pendingConflict(String serial, RevocationRequestEntity pending) {
        return new ProblemException(Problem.of(
                        409,
                        "revocation-pending",
                        "Conflict",
                        "A revocation of certificate " + serial + " is already in progress")
                .with("revocationId", pending.revocationId.toString()));
    }

    private static ProblemException unknown(String id) {
        return ProblemException.notFound("unknown-revocation", "Revocation '" + id + "' does not exist");
    }
}
