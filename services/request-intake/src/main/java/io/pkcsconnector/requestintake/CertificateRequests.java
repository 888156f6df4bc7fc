package io.pkcsconnector.requestintake;

import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.Platform;
import io.pkcsconnector.requestintake.api.PkcsProfile;
import io.pkcsconnector.requestintake.api.ProfileDocuments;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.requestintake.persistence.ProfileEntity;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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
 * Creates certificate requests, for an admin's {@code POST /v1/certificate-requests} and for a device's check-in
 * alike. An idempotency key makes it safe to ask twice: the same key for the same device and profile returns the
 * request created first; for another device or profile it is refused. The request row and its {@code
 * pki.cert-requested.v1} event are committed together (outbox), so a crash never loses either.
 */
@ApplicationScoped
public class CertificateRequests {

    /** A request, and whether it existed before this call. */
    public record Submitted(CertificateRequestEntity request, boolean replayed) {}

    private final Outbox outbox;
    private final ProfileDocuments profiles;

    CertificateRequests(Outbox outbox, ProfileDocuments profiles) {
        this.outbox = outbox;
        this.profiles = profiles;
    }

    /**
     * @param reason why a check-in asked ({@code initial}, {@code retry}, {@code renewal}, {@code profileChanged}),
     *     null for an admin's request
     * @param supersedes the request whose certificate this one replaces (renewal, profile change), else null
     */
    public Uni<Submitted> submit(
            String tenant, String key, String deviceId, String profileId, String reason, UUID supersedes) {
        String hash = sha256(deviceId + "\n" + profileId);
        return outbox.transaction(() -> CertificateRequestEntity.findByIdempotencyKey(tenant, key)
                        .flatMap(existing -> existing != null
                                ? Uni.createFrom().item(replay(existing, hash))
                                : create(tenant, key, hash, deviceId, profileId, reason, supersedes)))
                // Two first calls with one key raced: the loser returns what the winner stored.
                .onFailure(ConstraintViolationException.class)
                .recoverWithUni(() -> Panache.withSession(
                                () -> CertificateRequestEntity.findByIdempotencyKey(tenant, key))
                        .map(existing -> {
                            if (existing == null) {
                                throw new IllegalStateException("idempotency key conflict without a stored request");
                            }
                            return replay(existing, hash);
                        }));
    }

    private Uni<Submitted> create(
            String tenant, String key, String hash, String deviceId, String profileId, String reason, UUID supersedes) {
        // Shared lock: requests for one device go ahead side by side, but not beside its retire or wipe.
        Uni<DeviceEntity> locked = DeviceEntity.findLocked(tenant, deviceId, LockModeType.PESSIMISTIC_READ);
        return locked.flatMap(device -> {
            if (device == null) {
                throw ProblemException.unprocessable("unknown-device", "Device '" + deviceId + "' is not enrolled");
            }
            if (device.retired()) {
                throw ProblemException.unprocessable(
                        "device-retired",
                        "Device '" + device.deviceId + "' left management (" + device.retireAction + ") at "
                                + device.retiredAt + "; it gets no new certificates");
            }
            return ProfileEntity.find(tenant, profileId).flatMap(profileEntity -> {
                if (profileEntity == null) {
                    throw ProblemException.unprocessable(
                            "unknown-profile", "Profile '" + profileId + "' does not exist");
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
                request.profileFingerprint = ProfileRules.certificateFingerprint(profile);
                request.reason = reason;
                request.supersedesRequestId = supersedes;
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
                return request.persist()
                        .flatMap(saved -> outbox.add(event))
                        .map(ignored -> new Submitted(request, false));
            });
        });
    }

    private static Submitted replay(CertificateRequestEntity existing, String hash) {
        if (!existing.bodyHash.equals(hash)) {
            throw ProblemException.unprocessable(
                    "idempotency-key-reused", "This Idempotency-Key was already used with a different request body");
        }
        return new Submitted(existing, true);
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
