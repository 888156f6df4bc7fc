package io.pkcsconnector.requestintake;

import static io.pkcsconnector.requestintake.CheckInFixtures.moveClockTo;
import static io.pkcsconnector.requestintake.CheckInFixtures.profile;
import static io.pkcsconnector.requestintake.CheckInFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.DeliveryKind;
import io.pkcsconnector.contracts.DeliveryRequested;
import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.contracts.RevocationRequested;
import io.pkcsconnector.contracts.RevocationTrigger;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.DeliveryRequestedDeserializer;
import io.pkcsconnector.contracts.kafka.RevocationRequestedDeserializer;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.TestTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Renewal against a real database and broker: the sweep gives each issued certificate its renewal time (threshold
 * plus jitter, whole seconds) and marks it {@code renewalRequested} when that time comes; the device's check-in
 * then requests exactly one successor; a threshold change reschedules; {@code revokeOnRenewal} revokes the
 * superseded certificate once its successor is issued. A fleet of 10,000 certificates enrolled in one morning is
 * renewed spread over the jitter window, not in one storm.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class RenewalTest {

    private static final Logger LOG = Logger.getLogger(RenewalTest.class);

    static final KeyPair deviceKeys = CheckInFixtures.DEVICE_KEYS;
    static final CertificateAuthority ca = CheckInFixtures.CA;

    @InjectKafka
    String bootstrapServers;

    @Inject
    RenewalSweep sweep;

    @Inject
    IntakeConfig config;

    @Inject
    AgroalDataSource dataSource;

    String tenant;
    String device;
    CheckInFixtures fx;

    @BeforeEach
    void tenantWithDevice() {
        fx = CheckInFixtures.newTenantWithDevice(bootstrapServers);
        tenant = fx.tenant;
        device = fx.device;
    }

    @AfterEach
    void realClock() {
        moveClockTo(Instant.now());
    }

    @Test
    void theSweepSchedulesWithJitterMarksAtThatSecondAndTheCheckInRenewsOnce() {
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES)), "ecP256");
        String id = fx.checkIn(device).getString("profiles[0].requestId");
        CertificateIssued issued = issue(id);
        assertThat(fx.request(id).getString("renewalDateTime")).isNull();

        sweep.sweep(Instant.now());
        Instant renewalAt = OffsetDateTime.parse(fx.request(id).getString("renewalDateTime"))
                .toInstant();
        Instant threshold = threshold(issued, 20);
        Duration window = config.renewal().jitterWindow();
        assertThat(renewalAt).isBetween(threshold, threshold.plus(window));
        assertThat(renewalAt.getNano()).isZero();

        // One second early: the sweep leaves it, the check-in asks for nothing.
        moveClockTo(renewalAt.minusSeconds(1));
        sweep.sweep(renewalAt.minusSeconds(1));
        assertThat(fx.request(id).getString("status")).isEqualTo("issued");
        assertThat(fx.checkIn(device).getString("profiles[0].action")).isEqualTo("none");

        // At the second: marked, and the next check-in (any number of them) requests one successor.
        sweep.sweep(renewalAt);
        assertThat(fx.request(id).getString("status")).isEqualTo("renewalRequested");
        moveClockTo(renewalAt);
        JsonPath renewal = fx.checkIn(device);
        assertThat(renewal.getString("profiles[0].reason")).isEqualTo("renewal");
        String successor = renewal.getString("profiles[0].requestId");
        assertThat(successor).isNotEqualTo(id);
        for (int i = 0; i < 10; i++) {
            assertThat(fx.checkIn(device).getString("profiles[0].requestId")).isEqualTo(successor);
        }
        // Without revokeOnRenewal the superseded certificate stays valid until it expires.
        issue(successor);
        assertThat(fx.request(id).getString("status")).isEqualTo("renewalRequested");
        assertThat(revokeStatus(id)).isEqualTo("none");
    }

    @Test
    void aNewThresholdReschedulesTheProfilesCertificates() {
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES)), "ecP256");
        String id = fx.checkIn(device).getString("profiles[0].requestId");
        CertificateIssued issued = issue(id);
        sweep.sweep(Instant.now());
        Instant at20 = OffsetDateTime.parse(fx.request(id).getString("renewalDateTime"))
                .toInstant();

        Map<String, Object> changed = new HashMap<>(profile(List.of(target(Assignments.ALL_DEVICES)), "ecP256"));
        changed.put("renewalThresholdPercentage", 50);
        fx.putProfile("wifi", changed);
        Instant at50 = OffsetDateTime.parse(fx.request(id).getString("renewalDateTime"))
                .toInstant();
        Instant threshold50 = threshold(issued, 50);
        assertThat(at50)
                .isBetween(threshold50, threshold50.plus(config.renewal().jitterWindow()));
        // The same certificate keeps its place in the window: only the threshold moved.
        assertThat(Duration.between(threshold50, at50).toSeconds())
                .isCloseTo(
                        Duration.between(threshold(issued, 20), at20).toSeconds(),
                        org.assertj.core.data.Offset.offset(1L));
        // A threshold change shapes no certificate: nothing is re-issued.
        assertThat(fx.checkIn(device).getString("profiles[0].action")).isEqualTo("none");
    }

    @Test
    void revokeOnRenewalRevokesTheSupersededCertificateOnceItsSuccessorIsIssued() {
        Map<String, Object> profile = new HashMap<>(profile(List.of(target(Assignments.ALL_DEVICES)), "ecP256"));
        profile.put("revokeOnRenewal", true);
        fx.putProfile("wifi", profile);
        String id = fx.checkIn(device).getString("profiles[0].requestId");
        CertificateIssued first = issue(id);
        sweep.sweep(Instant.now());
        Instant renewalAt = OffsetDateTime.parse(fx.request(id).getString("renewalDateTime"))
                .toInstant();
        moveClockTo(renewalAt);
        String successor = fx.checkIn(device).getString("profiles[0].requestId");
        // Until the successor exists, the old certificate is all the device has: nothing is revoked yet.
        assertThat(revokeStatus(id)).isEqualTo("none");

        CertificateIssued second = issue(successor);
        // A redelivered CertificateIssued revokes nothing twice.
        TestTopics.produce(bootstrapServers, second);
        List<RevocationRequested> revocations = TestTopics.consume(
                bootstrapServers,
                Topics.REVOCATION_REQUESTED.name(),
                new RevocationRequestedDeserializer(),
                event -> event.tenantId().equals(tenant),
                1,
                Duration.ofSeconds(30));
        assertThat(revocations).singleElement().satisfies(event -> {
            assertThat(event.serialNumber()).isEqualTo(first.serialNumber());
            assertThat(event.reason()).isEqualTo(RevocationReason.SUPERSEDED);
            assertThat(event.trigger()).isEqualTo(RevocationTrigger.RENEWAL);
        });
        List<DeliveryRequested> removals = TestTopics.consume(
                bootstrapServers,
                Topics.DELIVERY_REQUESTED.name(),
                new DeliveryRequestedDeserializer(),
                event -> event.tenantId().equals(tenant) && event.kind() == DeliveryKind.REMOVE,
                1,
                Duration.ofSeconds(30));
        assertThat(removals).singleElement().satisfies(event -> {
            assertThat(event.deviceId()).isEqualTo(device);
            assertThat(event.thumbprint()).isEqualTo(first.thumbprint());
        });
        assertThat(revokeStatus(id)).isEqualTo("pending");
        assertThat(revokeStatus(successor)).isEqualTo("none");
    }

    /**
     * 10,000 certificates enrolled within two hours of one morning: without jitter all would be renewed within those
     * two hours. With it, the sweep (run hourly across the window) marks them spread over the whole window, none
     * before its threshold and every one by the window's end.
     */
    @Test
    void aRenewalStormOf10000CertificatesIsSpreadOverTheJitterWindow() throws SQLException {
        int fleet = 10_000;
        int enrolmentSeconds = 2 * 3600;
        fx.putProfile("wifi", List.of(target(Assignments.ALL_DEVICES)), "ecP256");
        Instant morning = Instant.parse("2031-03-03T07:00:00Z");
        insertIssuedFleet(fleet, morning, enrolmentSeconds);

        Instant firstThreshold =
                morning.plus(Duration.ofDays(365).multipliedBy(80).dividedBy(100));
        Duration window = config.renewal().jitterWindow();
        assertThat(window).isEqualTo(Duration.ofHours(24));

        long started = System.nanoTime();
        RenewalSweep.Result before = sweep.sweep(firstThreshold.minusSeconds(1));
        assertThat(before.scheduled()).isGreaterThanOrEqualTo(fleet);
        assertThat(count("status = 'renewalRequested'")).isZero();
        assertThat(count("renewal_at IS NULL")).isZero();
        assertThat(count("renewal_at <> date_trunc('second', renewal_at)")).isZero();
        // Never before the threshold, never later than threshold + window.
        assertThat(count("renewal_at < date_trunc('second', not_after - (not_after - not_before) * 0.2)"))
                .isZero();
        assertThat(count("renewal_at > not_after - (not_after - not_before) * 0.2 + interval '24 hours'"))
                .isZero();

        List<Integer> perHour = new ArrayList<>();
        int hours = (int) (window.toHours() + enrolmentSeconds / 3600) + 1;
        long markedSoFar = 0;
        for (int hour = 1; hour <= hours; hour++) {
            sweep.sweep(firstThreshold.plus(Duration.ofHours(hour)));
            long marked = count("status = 'renewalRequested'");
            perHour.add((int) (marked - markedSoFar));
            markedSoFar = marked;
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        LOG.infof(
                "Renewal storm: %d certificates marked per hour of the window %s (sweeps took %d ms)",
                fleet, perHour, elapsedMs);

        assertThat(markedSoFar).isEqualTo(fleet);
        // Spread evenly: a uniform 24 h window gives ~417 an hour; the unjittered fleet would be 5,000 an hour.
        double uniform = fleet / (double) window.toHours();
        assertThat(perHour.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .isLessThan((int) (uniform * 1.5));
        assertThat(perHour.stream().filter(n -> n > uniform * 0.5).count()).isGreaterThanOrEqualTo(20);
        Instant first = instant("SELECT min(renewal_at) FROM intake.certificate_request WHERE tenant_id = ?");
        Instant last = instant("SELECT max(renewal_at) FROM intake.certificate_request WHERE tenant_id = ?");
        assertThat(Duration.between(first, last))
                .isGreaterThan(window.multipliedBy(9).dividedBy(10));
    }

    private void insertIssuedFleet(int fleet, Instant morning, int enrolmentSeconds) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        """
                        INSERT INTO intake.certificate_request (request_id, tenant_id, idempotency_key, body_hash,
                                device_id, profile_id, status, serial_number, thumbprint, not_before, not_after,
                                created_at, status_changed_at, revoke_status)
                        SELECT gen_random_uuid(), ?, 'storm/' || i, 'storm', 'device-' || i, 'wifi', 'installed',
                               lpad(to_hex(i), 16, '0'), upper(md5(CAST(i AS text))),
                               CAST(? AS timestamptz) + (i % ?) * interval '1 second',
                               CAST(? AS timestamptz) + (i % ?) * interval '1 second' + interval '365 days',
                               now(), now(), 'none'
                        FROM generate_series(1, ?) AS i
                        """)) {
            insert.setString(1, tenant);
            insert.setTimestamp(2, Timestamp.from(morning));
            insert.setInt(3, enrolmentSeconds);
            insert.setTimestamp(4, Timestamp.from(morning));
            insert.setInt(5, enrolmentSeconds);
            insert.setInt(6, fleet);
            assertThat(insert.executeUpdate()).isEqualTo(fleet);
        }
    }

    private long count(String condition) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM intake.certificate_request WHERE tenant_id = ? AND " + condition)) {
            query.setString(1, tenant);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Instant instant(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, tenant);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getTimestamp(1).toInstant();
            }
        }
    }

    private CertificateIssued issue(String requestId) {
        CertificateIssued event = ConnectorAnswers.issued(ca, deviceKeys.getPublic(), tenant, requestId, device, "wifi")
                .event();
        TestTopics.produce(bootstrapServers, event);
        fx.awaitStatus(requestId, "issued");
        return event;
    }

    private String revokeStatus(String requestId) {
        return io.restassured.RestAssured.given()
                .auth()
                .oauth2(fx.admin())
                .get("/v1/devices/" + device + "/certificate-states")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("find { it.requestId == '" + requestId + "' }.certificateRevokeStatus");
    }

    private static Instant threshold(CertificateIssued issued, int percentage) {
        Duration lifetime = Duration.between(issued.notBefore(), issued.notAfter());
        return issued.notAfter()
                .minus(lifetime.multipliedBy(percentage).dividedBy(100))
                .truncatedTo(ChronoUnit.SECONDS);
    }
}
