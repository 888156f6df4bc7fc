package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.contracts.DeviceEnrolled;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.Platform;
import io.pkcsconnector.contracts.RetireAction;
import io.pkcsconnector.pki.DeviceKeys;
import io.pkcsconnector.pki.InvalidDeviceKeyException;
import io.pkcsconnector.requestintake.CheckIns;
import io.pkcsconnector.requestintake.ProfileRules;
import io.pkcsconnector.requestintake.Revocations;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.requestintake.persistence.ProfileEntity;
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
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Device enrolment (a device and the RSA key its PFX passwords are encrypted with), its certificate states, and
 * its departure: retire or wipe.
 */
@Path("/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    @Inject
    Caller caller;

    @Inject
    Outbox outbox;

    @Inject
    ProfileDocuments profiles;

    @Inject
    Revocations revocations;

    @Inject
    CheckIns checkIns;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> enroll(Device body) {
        String tenant = caller.tenantId();
        DeviceEntity device = validate(body, tenant);
        return outbox.transaction(
                        () -> DeviceEntity.find(tenant, device.deviceId).flatMap(existing -> {
                            if (existing != null) {
                                throw ProblemException.conflict(
                                        "device-exists", "Device '" + device.deviceId + "' is already enrolled");
                            }
                            return device.persist()
                                    .flatMap(saved -> outbox.add(DeviceEnrolled.of(
                                            EventEnvelope.newEnvelope(tenant, device.deviceId, null),
                                            device.deviceId,
                                            Platform.fromWireName(device.platform),
                                            device.userId,
                                            device.userPrincipalName,
                                            device.emailAddress,
                                            device.deviceName,
                                            device.managementPublicKey)));
                        }))
                .map(ignored -> Response.created(URI.create("/v1/devices/" + device.deviceId))
                        .entity(Device.of(device))
                        .build());
    }

    @GET
    @Path("/{deviceId}")
    @RolesAllowed({Roles.ADMIN, Roles.DEVICE})
    @WithSession
    public Uni<Device> get(@PathParam("deviceId") String deviceId) {
        String tenant = caller.tenantId();
        // Checked before the lookup: a device must not learn which other device ids exist.
        caller.requireDeviceAccess(deviceId);
        return DeviceEntity.find(tenant, deviceId).map(device -> {
            if (device == null) {
                throw ProblemException.notFound("unknown-device", "Device '" + deviceId + "' does not exist");
            }
            return Device.of(device);
        });
    }

    @GET
    @Path("/{deviceId}/certificate-states")
    @RolesAllowed({Roles.ADMIN, Roles.DEVICE})
    @WithSession
    public Uni<List<CertificateState>> certificateStates(@PathParam("deviceId") String deviceId) {
        String tenant = caller.tenantId();
        caller.requireDeviceAccess(deviceId);
        return DeviceEntity.find(tenant, deviceId).flatMap(device -> {
            if (device == null) {
                throw ProblemException.notFound("unknown-device", "Device '" + deviceId + "' does not exist");
            }
            return CertificateRequestEntity.forDevice(tenant, deviceId)
                    .flatMap(requests -> ProfileEntity.<ProfileEntity>list("tenantId = ?1", tenant)
                            .map(all -> {
                                Map<String, PkcsProfile> byId = new HashMap<>();
                                all.forEach(p -> byId.put(p.profileId, profiles.read(p)));
                                return requests.stream()
                                        .map(r -> CertificateState.of(r, device, byId.get(r.profileId)))
                                        .toList();
                            }));
        });
    }

    /**
     * The device checks in: a certificate request for every assigned profile it needs one for (none yet, the last
     * failed or was revoked, the profile changed, renewal due), and nothing else. Checking in again returns the
     * same requests and creates none.
     */
    @POST
    @Path("/{deviceId}/checkin")
    @RolesAllowed({Roles.ADMIN, Roles.DEVICE})
    public Uni<CheckIns.Result> checkIn(@PathParam("deviceId") String deviceId) {
        String tenant = caller.tenantId();
        caller.requireDeviceAccess(deviceId);
        return checkIns.checkIn(tenant, deviceId);
    }

    /**
     * The device leaves management: its certificates are revoked (reason {@code cessationOfOperation}) and
     * removed from it, and it gets no new ones. {@code 202} the first time; again, {@code 200} with the stored
     * answer and nothing new.
     */
    @POST
    @Path("/{deviceId}/retire")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> retire(@PathParam("deviceId") String deviceId) {
        return leave(deviceId, RetireAction.RETIRE);
    }

    /** As {@link #retire}, for a device that is also reset; the revocations carry trigger {@code wipe}. */
    @POST
    @Path("/{deviceId}/wipe")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> wipe(@PathParam("deviceId") String deviceId) {
        return leave(deviceId, RetireAction.WIPE);
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @WithSession
    public Uni<List<Device>> list() {
        return DeviceEntity.<DeviceEntity>list("tenantId = ?1 order by deviceId", caller.tenantId())
                .map(devices -> devices.stream().map(Device::of).toList());
    }

    /**
     * The device row is locked for the whole transaction, so two calls (or a retire and a wipe) cannot both find
     * it managed: the second waits and answers from what the first stored.
     */
    private Uni<Response> leave(String deviceId, RetireAction action) {
        String tenant = caller.tenantId();
        String requestedBy = Revocations.requester(caller);
        return outbox.transaction(() -> DeviceEntity.findLocked(tenant, deviceId, LockModeType.PESSIMISTIC_WRITE)
                .chain(device -> {
                    if (device == null) {
                        throw ProblemException.notFound("unknown-device", "Device '" + deviceId + "' does not exist");
                    }
                    if (!device.retired()) {
                        return revocations.retire(device, action, requestedBy).map(created -> Response.accepted(
                                        DeviceRetirement.of(device, created))
                                .build());
                    }
                    if (!device.retireAction.equals(action.wireName())) {
                        // A wipe after a retire did not happen: saying 200 would tell the caller it did.
                        throw new ProblemException(Problem.of(
                                        409,
                                        "already-retired",
                                        "Conflict",
                                        "Device '" + deviceId + "' was already retired (action " + device.retireAction
                                                + ") at " + device.retiredAt)
                                .with("action", device.retireAction));
                    }
                    return RevocationRequestEntity.ofRetire(tenant, deviceId, device.retireAction)
                            .map(stored -> Response.ok(DeviceRetirement.of(device, stored))
                                    .build());
                }));
    }

    private static DeviceEntity validate(Device body, String tenant) {
        if (body == null) {
            throw ProblemException.badRequest("missing-body", "A JSON device is required");
        }
        ProfileRules.requireValidId("Device", body.deviceId());
        Platform platform;
        try {
            platform = Platform.fromWireName(body.platform());
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable(
                    "invalid-platform", "platform must be one of windows10, android, ios, macos");
        }
        if (body.userId() == null || body.userId().isBlank()) {
            throw ProblemException.unprocessable("validation-failed", "userId (the device's primary user) is required");
        }
        if (body.managementPublicKey() == null || body.managementPublicKey().isBlank()) {
            throw ProblemException.unprocessable(
                    "invalid-management-key",
                    "managementPublicKey (PEM SubjectPublicKeyInfo, RSA >= 2048) is required");
        }
        try {
            DeviceKeys.parsePem(body.managementPublicKey());
        } catch (InvalidDeviceKeyException e) {
            throw ProblemException.unprocessable(
                    "invalid-management-key", "managementPublicKey is not usable: " + e.getMessage());
        }
        DeviceEntity d = new DeviceEntity();
        d.tenantId = tenant;
        d.deviceId = body.deviceId();
        d.platform = platform.wireName();
        d.userPrincipalName = body.userPrincipalName();
        d.userId = body.userId();
        d.emailAddress = body.emailAddress();
        d.deviceName = body.deviceName();
        d.serialNumber = body.serialNumber();
        d.imei = body.imei();
        d.aadDeviceId = body.aadDeviceId();
        d.wifiMacAddress = body.wifiMacAddress();
        d.fullyQualifiedDomainName = body.fullyQualifiedDomainName();
        d.onPremisesDistinguishedName = body.onPremisesDistinguishedName();
        d.onPremisesSamAccountName = body.onPremisesSamAccountName();
        d.managementPublicKey = body.managementPublicKey().strip() + "\n";
        d.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        return d;
    }
}
