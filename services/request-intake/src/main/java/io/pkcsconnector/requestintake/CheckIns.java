package io.pkcsconnector.requestintake;

import io.pkcsconnector.requestintake.api.PkcsProfile;
import io.pkcsconnector.requestintake.api.ProfileDocuments;
import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.requestintake.persistence.ProfileEntity;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A device's check-in: for every PKCS profile assigned to it (platform and {@link Assignments}), request a
 * certificate if it needs one — none yet, the last attempt failed or was revoked, the profile changed since, or the
 * certificate is past its renewal threshold — and nothing else.
 *
 * <p>Checking in again changes nothing: each request's idempotency key names the request it follows ({@code
 * checkin/<device>/<profile>/after/<last request>}), so until that request is followed, every check-in (however
 * many, however concurrent) finds the same key and gets the same request back.
 */
@ApplicationScoped
public class CheckIns {

    private static final Logger LOG = Logger.getLogger(CheckIns.class);

    public static final String INITIAL = "initial";
    public static final String RETRY = "retry";
    public static final String RENEWAL = "renewal";
    public static final String PROFILE_CHANGED = "profileChanged";

    /** What the check-in did about one assigned profile. */
    public record ProfileOutcome(
            String profileId,
            String action,
            String reason,
            String requestId,
            String status,
            String errorCode,
            String errorMessage) {}

    /**
     * @param trustedCertificates the CA certificates for the device's trust stores, when a PKCS profile is assigned
     */
    public record Result(
            String deviceId, List<TrustedCertificates.Outcome> trustedCertificates, List<ProfileOutcome> profiles) {}

    private final CertificateRequests requests;
    private final ProfileDocuments profiles;
    private final TimeSource time;
    private final TrustedCertificates trusted;

    CheckIns(CertificateRequests requests, ProfileDocuments profiles, TimeSource time, TrustedCertificates trusted) {
        this.requests = requests;
        this.profiles = profiles;
        this.time = time;
        this.trusted = trusted;
    }

    public Uni<Result> checkIn(String tenant, String deviceId) {
        Instant now = time.now();
        return Panache.withSession(() -> DeviceEntity.find(tenant, deviceId).chain(device -> {
                    if (device == null) {
                        throw ProblemException.notFound("unknown-device", "Device '" + deviceId + "' is not enrolled");
                    }
                    if (device.retired()) {
                        throw ProblemException.unprocessable(
                                "device-retired",
                                "Device '" + deviceId + "' left management (" + device.retireAction + ") at "
                                        + device.retiredAt + "; it gets no new certificates");
                    }
                    return ProfileEntity.forPlatform(tenant, device.platform).map(all -> all.stream()
                            .map(profiles::read)
                            .filter(profile ->
                                    Assignments.of(profile.assignments()).targets(device))
                            .toList());
                }))
                .chain(assigned -> {
                    // The trust chain first, so that it is in the device's inbox before any certificate of it.
                    Uni<List<TrustedCertificates.Outcome>> trust =
                            assigned.isEmpty() ? Uni.createFrom().item(List.of()) : trusted.deliver(tenant, deviceId);
                    return trust.chain(trustOutcomes -> Multi.createFrom()
                            .iterable(assigned)
                            .onItem()
                            .transformToUniAndConcatenate(profile -> handle(tenant, deviceId, profile, now))
                            .collect()
                            .asList()
                            .map(outcomes -> new Result(deviceId, trustOutcomes, outcomes)));
                });
    }

    private Uni<ProfileOutcome> handle(String tenant, String deviceId, PkcsProfile profile, Instant now) {
        return Panache.withSession(() -> CertificateRequestEntity.latest(tenant, deviceId, profile.id()))
                .chain(last -> {
                    String reason = reason(last, profile, now);
                    if (reason == null) {
                        // Nothing new: either the last request is still being issued (pending) or its
                        // certificate is what the profile needs (none).
                        boolean inProgress = IssuanceStates.ISSUE_PENDING.equals(last.status);
                        return Uni.createFrom()
                                .item(new ProfileOutcome(
                                        profile.id(),
                                        inProgress ? "pending" : "none",
                                        inProgress ? last.reason : null,
                                        last.requestId.toString(),
                                        last.status,
                                        null,
                                        null));
                    }
                    String key = "checkin/" + deviceId + "/" + profile.id() + "/after/"
                            + (last == null ? "none" : last.requestId.toString());
                    UUID supersedes = reason.equals(RENEWAL) || reason.equals(PROFILE_CHANGED) ? last.requestId : null;
                    return requests.submit(tenant, key, deviceId, profile.id(), reason, supersedes)
                            .map(submitted -> {
                                if (!submitted.replayed()) {
                                    LOG.infof(
                                            "Check-in of device %s (tenant %s): %s request %s for profile %s",
                                            deviceId, tenant, reason, submitted.request().requestId, profile.id());
                                }
                                return new ProfileOutcome(
                                        profile.id(),
                                        submitted.replayed() ? "pending" : "requested",
                                        submitted.request().reason,
                                        submitted.request().requestId.toString(),
                                        submitted.request().status,
                                        null,
                                        null);
                            })
                            // A profile this device cannot get (a variable it lacks, say) must not stop the others.
                            .onFailure(ProblemException.class)
                            .recoverWithItem(e -> {
                                var problem = ((ProblemException) e).problem();
                                Object code = problem.extensions().get("errorCode");
                                return new ProfileOutcome(
                                        profile.id(),
                                        "failed",
                                        reason,
                                        null,
                                        null,
                                        code == null ? problem.type().toString() : code.toString(),
                                        problem.detail());
                            });
                });
    }

    /** Why the device needs a new certificate of the profile, or null if it does not. */
    static String reason(CertificateRequestEntity last, PkcsProfile profile, Instant now) {
        if (last == null) {
            return INITIAL;
        }
        switch (last.status) {
            case IssuanceStates.ISSUE_FAILED, IssuanceStates.INSTALL_FAILED, IssuanceStates.REVOKED -> {
                return RETRY;
            }
            case IssuanceStates.ISSUED, IssuanceStates.INSTALLED, IssuanceStates.RENEWAL_REQUESTED -> {
                if (last.profileFingerprint != null
                        && !last.profileFingerprint.equals(ProfileRules.certificateFingerprint(profile))) {
                    return PROFILE_CHANGED;
                }
                if (IssuanceStates.RENEWAL_REQUESTED.equals(last.status)) {
                    return RENEWAL;
                }
                Instant renewAt = last.renewalAt != null ? last.renewalAt.toInstant() : renewalTime(last, profile);
                return renewAt != null && !now.isBefore(renewAt) ? RENEWAL : null;
            }
            default -> {
                return null; // issuePending: in progress
            }
        }
    }

    /**
     * When a certificate reaches its renewal threshold: once less than {@code renewalThresholdPercentage} % of its
     * lifetime is left, at second precision. Null while the certificate's dates are unknown. Used until the renewal
     * sweep has stored the certificate's own renewal time (this plus its jitter, {@code RenewalSchedule}).
     */
    public static Instant renewalTime(CertificateRequestEntity request, PkcsProfile profile) {
        if (request.notBefore == null || request.notAfter == null) {
            return null;
        }
        Instant notBefore = request.notBefore.toInstant();
        Instant notAfter = request.notAfter.toInstant();
        int percentage = profile.renewalThresholdPercentage() == null ? 20 : profile.renewalThresholdPercentage();
        Duration lifetime = Duration.between(notBefore, notAfter);
        return notAfter.minus(lifetime.multipliedBy(percentage).dividedBy(100)).truncatedTo(ChronoUnit.SECONDS);
    }
}
