package io.pkcsconnector.requestintake.persistence;

import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * When issued certificates are renewed ({@code certificate_request.renewal_at}), and marking the due ones {@code
 * renewalRequested}. All in SQL, so that 10,000 certificates are one statement per batch, and in one formula:
 *
 * <pre>
 * renewal_at = whole seconds of ( notAfter − lifetime × threshold %  +  jitter )
 * jitter     = min(jitterWindow, lifetime × threshold % / 2) × fraction(requestId)
 * </pre>
 *
 * where {@code fraction} is the first 32 bits of the MD5 of the request id as a number in [0, 1): uniform across a
 * fleet, fixed for one certificate (a re-run computes the same time), and independent of when it was issued. The
 * threshold is the profile's {@code renewalThresholdPercentage} at the time of scheduling (20 if the profile is
 * gone); a profile change of threshold reschedules its certificates in the same transaction.
 *
 * <p>Batches lock their rows with {@code SKIP LOCKED}, so several instances sweep side by side without waiting for
 * or repeating each other's work.
 */
@ApplicationScoped
public class RenewalSchedule {

    private static final String ACTIVE = "status IN ('issued', 'installed')";

    private static final String SCHEDULE =
            """
            UPDATE {h-schema}certificate_request r
            SET renewal_at = date_trunc('second',
                    r.not_after - (r.not_after - r.not_before) * t.pct / 100.0
                    + make_interval(secs => CAST(
                        LEAST(CAST(:jitterWindow AS bigint), extract(epoch FROM (r.not_after - r.not_before)) * t.pct / 200.0)
                        * (CAST(CAST(('x' || substr(md5(CAST(r.request_id AS text)), 1, 8)) AS bit(32)) AS bigint)
                           / 4294967296.0)
                        AS double precision)))
            FROM (SELECT c.request_id,
                         COALESCE((SELECT CAST(CAST(p.document AS jsonb) ->> 'renewalThresholdPercentage' AS integer)
                                   FROM {h-schema}pkcs_profile p
                                   WHERE p.tenant_id = c.tenant_id AND p.profile_id = c.profile_id), 20) AS pct
                  FROM {h-schema}certificate_request c
                  WHERE c.%s AND c.not_before IS NOT NULL AND c.not_after IS NOT NULL AND %s
                  %s) t
            WHERE r.request_id = t.request_id
            """;

    /** The certificates issued since the last sweep. */
    private static final String SCHEDULE_NEW =
            SCHEDULE.formatted(ACTIVE, "c.renewal_at IS NULL", "LIMIT :batch FOR UPDATE OF c SKIP LOCKED");

    /** A profile's certificates, after its threshold changed. */
    private static final String RESCHEDULE_PROFILE =
            SCHEDULE.formatted(ACTIVE, "c.tenant_id = :tenantId AND c.profile_id = :profileId", "FOR UPDATE OF c");

    private static final String MARK_DUE =
            """
            UPDATE {h-schema}certificate_request
            SET status = 'renewalRequested', status_changed_at = :now
            WHERE request_id IN (SELECT request_id FROM {h-schema}certificate_request
                                 WHERE %s AND renewal_at <= :now
                                 ORDER BY renewal_at
                                 LIMIT :batch FOR UPDATE SKIP LOCKED)
            """
                    .formatted(ACTIVE);

    private final IntakeConfig config;

    RenewalSchedule(IntakeConfig config) {
        this.config = config;
    }

    /** Gives up to {@code batch} issued certificates without one their renewal time; in its own transaction. */
    public Uni<Integer> scheduleNew(int batch) {
        return Panache.withTransaction(
                () -> Panache.getSession().chain(session -> session.createNativeQuery(SCHEDULE_NEW)
                        .setParameter("jitterWindow", jitterWindowSeconds())
                        .setParameter("batch", batch)
                        .executeUpdate()));
    }

    /** Recomputes the renewal time of a profile's issued certificates; in the caller's transaction. */
    public Uni<Integer> rescheduleProfile(String tenantId, String profileId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(RESCHEDULE_PROFILE)
                .setParameter("jitterWindow", jitterWindowSeconds())
                .setParameter("tenantId", tenantId)
                .setParameter("profileId", profileId)
                .executeUpdate());
    }

    /** Marks up to {@code batch} certificates due by {@code now} {@code renewalRequested}; in its own transaction. */
    public Uni<Integer> markDue(Instant now, int batch) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(MARK_DUE)
                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter("batch", batch)
                .executeUpdate()));
    }

    private long jitterWindowSeconds() {
        return config.renewal().jitterWindow().toSeconds();
    }
}
