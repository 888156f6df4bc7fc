package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.Platform;
import io.pkcsconnector.requestintake.IssuanceStates;
import io.pkcsconnector.requestintake.ProfileRules;
import io.pkcsconnector.requestintake.SubjectNames;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.requestintake.persistence.ProfileEntity;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.pkcsconnector.servicecommon.security.Caller;
import io.pkcsconnector.servicecommon.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Certificate requests. {@code Idempotency-Key} makes retries safe: the same key with the same body returns
 * the request created first; with another body it is refused. The request row and its {@code
 * pki.cert-requested.v1} event are committed together (outbox), so a crash never loses either.
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
    ProfileDocuments profiles;

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
        String hash = sha256(body.deviceId() + "\n" + body.profileId());
        return outbox.transaction(() -> CertificateRequestEntity.findByIdempotencyKey(tenant, key)
                        .flatMap(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().item(replay(existing, hash));
                            }
                            return createNew(tenant, key, hash, body);
                        }))
                // Two first calls with one key raced: the loser returns what the winner stored.
                .onFailure(ConstraintViolationException.class)
                .recoverWithUni(() -> replayAfterRace(tenant, key, hash));
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

    private Uni<Response> createNew(String tenant, String key, String hash, CreateRequest body) {
        // Shared lock: requests for one device go ahead side by side, but not beside its retire or wipe.
        Uni<DeviceEntity> locked = DeviceEntity.findLocked(tenant, body.deviceId(), LockModeType.PESSIMISTIC_READ);
        return locked.flatMap(device -> {
            if (device == null) {
                throw ProblemException.unprocessable(
                        "unknown-device", "Device '" + body.deviceId() + "' is not enrolled");
            }
            if (device.retired()) {
                throw ProblemException.unprocessable(
                        "device-retired",
                        "Device '" + device.deviceId + "' left management (" + device.retireAction + ") at "
                                + device.retiredAt + "; it gets no new certificates");
            }
            return ProfileEntity.find(tenant, body.profileId()).flatMap(profileEntity -> {
                if (profileEntity == null) {
                    throw ProblemException.unprocessable(
                            "unknown-profile", "Profile '" + body.profileId() + "' does not exist");
                }
                PkcsProfile profile = profiles.read(profileEntity);
                if (!profile.platform().equals(device.platform)) {
                    throw ProblemException.unprocessable(
                            "platform-mismatch",
                            "Profile '" + profile.id() + "' targets " + profile.platform() + ", device '"
                                    + device.deviceId + "' is " + device.platform);
                }
                SubjectNames.Names names = SubjectNames.build(profile, device);
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                CertificateRequestEntity request = new CertificateRequestEntity();
                request.requestId = UUID.randomUUID();
                request.tenantId = tenant;
                request.idempotencyKey = key;
                request.bodyHash = hash;
                request.deviceId = device.deviceId;
                request.profileId = profile.id();
                request.status = IssuanceStates.ISSUE_PENDING;
                request.createdAt = now;
                request.statusChangedAt = now;
                CertificateRequested event = CertificateRequested.of(
                        EventEnvelope.newEnvelope(tenant, request.requestId.toString(), null),
                        device.deviceId,
                        profile.id(),
                        Platform.fromWireName(profile.platform()),
                        profile.certificateTemplateName(),
                        KeyAlgorithm.fromWireName(profile.keyAlgorithm()),
                        names.subjectName(),
                        names.alternativeNames(),
                        profile.extendedKeyUsages().stream()
                                .map(PkcsProfile.ExtendedKeyUsage::objectIdentifier)
                                .toList(),
                        profile.keyUsage().contains("nonRepudiation"),
                        ProfileRules.validityDays(profile, LocalDate.now(ZoneOffset.UTC)),
                        device.managementPublicKey,
                        null);
                return request.persist().flatMap(saved -> outbox.add(event)).map(ignored -> Response.accepted(
                                CertificateRequestView.of(request))
                        .location(URI.create("/v1/certificate-requests/" + request.requestId))
                        .build());
            });
        });
    }

    private Uni<Response> replayAfterRace(String tenant, String key, String hash) {
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(
                        () -> CertificateRequestEntity.findByIdempotencyKey(tenant, key))
                .map(existing -> {
                    if (existing == null) {
                        throw new IllegalStateException("idempotency key conflict without a stored request");
                    }
                    return replay(existing, hash);
                });
    }

    private static Response replay(CertificateRequestEntity existing, String hash) {
        if (!existing.bodyHash.equals(hash)) {
            throw ProblemException.unprocessable(
                    "idempotency-key-reused", "This Idempotency-Key was already used with a different request body");
        }
        return Response.ok(CertificateRequestView.of(existing))
                .location(URI.create("/v1/certificate-requests/" + existing.requestId))
                .build();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown-request", "Certificate request '" + id + "' does not exist");
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
