package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.CertificateRequests;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * Certificate requests. {@code Idempotency-Key} makes retries safe: the same key with the same body returns
 * the request created first; with another body it is refused ({@link CertificateRequests}).
 */
@Path("/v1/certificate-requests")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateRequestResource {

    public record CreateRequest(String deviceId, String profileId) {}

    @Inject
    Caller caller;

    @Inject
    Outbox outbox;

    @Inject
    CertificateRequests requests;

    @Inject
    IntakeConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@HeaderParam("Idempotency-Key") String idempotencyKey, CreateRequest body) {
        String tenant = caller.tenantId();
        if (body == null) {
            throw ProblemException.badRequest("missing-body", "A JSON body {deviceId, profileId} is required");
        }
        if (body.deviceId() == null
                || body.deviceId().isBlank()
                || body.profileId() == null
                || body.profileId().isBlank()) {
            throw ProblemException.unprocessable("validation-failed", "deviceId and profileId are required");
        }
        String key = idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString()
                : idempotencyKey;
        if (key.length() > config.maxIdempotencyKeyLength()) {
            throw ProblemException.badRequest(
                    "invalid-idempotency-key",
                    "Idempotency-Key is longer than " + config.maxIdempotencyKeyLength() + " characters");
        }
        return requests.submit(tenant, key, body.deviceId(), body.profileId(), null, null)
                .map(created -> (created.replayed() ? Response.ok() : Response.accepted())
                        .entity(CertificateRequestView.of(created.request()))
                        .location(URI.create("/v1/certificate-requests/" + created.request().requestId))
                        .build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.CONNECTOR, Roles.DEVICE})
    @WithSession
    public Uni<CertificateRequestView> get(@PathParam("id") String id) {
        UUID requestId = parseId(id);
        return CertificateRequestEntity.find(caller.tenantId(), requestId).map(request -> {
            if (request == null) {
                throw ProblemException.notFound("unknown-request", "Certificate request '" + id + "' does not exist");
            }
            caller.requireDeviceAccess(request.deviceId);
            return CertificateRequestView.of(request);
        });
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown-request", "Certificate request '" + id + "' does not exist");
        }
    }
}
