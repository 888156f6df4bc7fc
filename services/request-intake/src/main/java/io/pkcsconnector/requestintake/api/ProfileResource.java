package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.ProfileRules;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.requestintake.persistence.ProfileEntity;
import io.pkcsconnector.requestintake.persistence.RenewalSchedule;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.security.Caller;
import io.pkcsconnector.servicecommon.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** PKCS certificate profiles (Graph {@code windows10PkcsCertificateProfile} field names). */
@Path("/v1/profiles/pkcs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ProfileResource {

    @Inject
    Caller caller;

    @Inject
    ProfileRules rules;

    @Inject
    ProfileDocuments documents;

    @Inject
    RenewalSchedule renewals;

    /** Creates the profile (201) or replaces it (200); the version increases with every change. */
    @PUT
    @Path("/{profileId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("profileId") String profileId, PkcsProfile body) {
        String tenant = caller.tenantId();
        ProfileRules.requireValidId("Profile", profileId);
        PkcsProfile valid = rules.normalize(body);
        return Panache.withTransaction(
                () -> ProfileEntity.find(tenant, profileId).flatMap(existing -> {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    ProfileEntity entity = existing != null ? existing : new ProfileEntity();
                    boolean created = existing == null;
                    // A new threshold moves the renewal time of every certificate already issued from the profile.
                    boolean thresholdChanged = !created
                            && !valid.renewalThresholdPercentage()
                                    .equals(documents.read(existing).renewalThresholdPercentage());
                    if (created) {
                        entity.tenantId = tenant;
                        entity.profileId = profileId;
                        entity.createdAt = now;
                        entity.version = 0;
                    }
                    entity.version += 1;
                    entity.modifiedAt = now;
                    entity.platform = valid.platform();
                    entity.templateName = valid.certificateTemplateName();
                    PkcsProfile stored = valid.withServerFields(profileId, entity.version, entity.createdAt, now);
                    entity.document = documents.write(stored);
                    return entity.<ProfileEntity>persistAndFlush()
                            .call(saved -> thresholdChanged
                                    ? renewals.rescheduleProfile(tenant, profileId)
                                    : Uni.createFrom().voidItem())
                            .map(saved -> Response.status(created ? 201 : 200)
                                    .entity(stored)
                                    .build());
                }));
    }

    @GET
    @Path("/{profileId}")
    @WithSession
    public Uni<PkcsProfile> get(@PathParam("profileId") String profileId) {
        return ProfileEntity.find(caller.tenantId(), profileId).map(entity -> {
            if (entity == null) {
                throw ProblemException.notFound("unknown-profile", "Profile '" + profileId + "' does not exist");
            }
            return documents.read(entity);
        });
    }

    /**
     * Every certificate of the profile across the tenant's devices, in Graph's {@code managedDeviceCertificateState}
     * shape (the same items as a device's {@code certificate-states}), oldest first.
     */
    @GET
    @Path("/{profileId}/certificate-states")
    @WithSession
    public Uni<List<CertificateState>> certificateStates(@PathParam("profileId") String profileId) {
        String tenant = caller.tenantId();
        return ProfileEntity.find(tenant, profileId).flatMap(entity -> {
            if (entity == null) {
                throw ProblemException.notFound("unknown-profile", "Profile '" + profileId + "' does not exist");
            }
            PkcsProfile profile = documents.read(entity);
            return CertificateRequestEntity.forProfile(tenant, profileId)
                    .flatMap(requests -> DeviceEntity.<DeviceEntity>list("tenantId = ?1", tenant)
                            .map(devices -> {
                                Map<String, DeviceEntity> byId = new HashMap<>();
                                devices.forEach(device -> byId.put(device.deviceId, device));
                                return requests.stream()
                                        .filter(request -> byId.containsKey(request.deviceId))
                                        .map(request ->
                                                CertificateState.of(request, byId.get(request.deviceId), profile))
                                        .toList();
                            }));
        });
    }

    @GET
    @WithSession
    public Uni<List<PkcsProfile>> list() {
        return ProfileEntity.<ProfileEntity>list("tenantId = ?1 order by profileId", caller.tenantId())
                .map(entities -> entities.stream().map(documents::read).toList());
    }
}
