package io.pkcsconnector.revocationworker;

import io.agroal.api.AgroalDataSource;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.CrlBuilder;
import io.pkcsconnector.pki.RevokedCertificate;
import io.pkcsconnector.pki.SerialNumbers;
import io.pkcsconnector.revocationworker.config.RevocationConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes a full X.509 v2 CRL for each CA: the issuing CA's lists its revoked, unexpired certificates, the root's
 * lists revoked CA certificates (none: the root's CRL exists because the issuing CA certificate points to it).
 *
 * <p>When: shortly after a revocation commits ({@code pkcs.revocation.crl.coalesce} later, so a burst costs one
 * build), and on schedule once less than {@code reissue-before} is left before the current CRL's nextUpdate. Every
 * build runs on this publisher's own thread over JDBC, under a per-CA advisory lock, and takes the next CRL number
 * from the stored one, so several instances publish strictly increasing numbers. The latest CRL of each CA is kept
 * in the database ({@code crl}); every instance serves it from memory and reloads it when another instance built a
 * newer one.
 */
@ApplicationScoped
public class CrlPublisher {

    private static final Logger LOG = Logger.getLogger(CrlPublisher.class);

    /** A CRL as served. */
    public record Published(
            String caId, long crlNumber, Instant thisUpdate, Instant nextUpdate, int entries, byte[] der) {}

    private final AgroalDataSource dataSource;
    private final CertificateAuthority ca;
    private final CrlBuilder builder;
    private final RevocationConfig.Crl config;
    private final RevocationMetrics metrics;
    private final String schema;
    private final ScheduledExecutorService thread;
    private final Map<String, Published> served = new ConcurrentHashMap<>();
    private final Map<String, Long> lastChecked = new ConcurrentHashMap<>();
    /** CAs with a revocation that no published CRL shows yet, and when the oldest such revocation began. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    private final AtomicBoolean buildScheduled = new AtomicBoolean();

    CrlPublisher(
            AgroalDataSource dataSource,
            RevocationCa revocationCa,
            RevocationConfig config,
            RevocationMetrics metrics,
            @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        this.dataSource = dataSource;
        this.ca = revocationCa.authority();
        this.builder = new CrlBuilder(ca);
        this.config = config.crl();
        this.metrics = metrics;
        this.schema = schema;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "crl-publisher");
            t.setDaemon(true);
            return t;
        });
        metrics.crls(this);
    }

    void onStart(@Observes StartupEvent event) {
        thread.scheduleWithFixedDelay(
                this::checkSchedule, 0, config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        thread.shutdown();
    }

    /** The CA ids this worker publishes CRLs for: the issuing CA's and the root's. */
    public Set<String> caIds() {
        return Set.of(ca.caId(), ca.rootCaId());
    }

    /**
     * A revocation of a certificate of {@code caId} committed; its CRL is rebuilt after the coalescing delay.
     *
     * @param startedNanos when the revocation began, for the revocation-to-CRL latency
     */
    public void revoked(String caId, long startedNanos) {
        pending.merge(caId, startedNanos, Math::min);
        if (buildScheduled.compareAndSet(false, true)) {
            thread.schedule(this::buildPending, config.coalesce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The latest CRL of {@code caId}, reloaded from the database at most once a second (another instance may have
     * built a newer one); empty for a CA this worker does not know, or before its first CRL exists.
     */
    public Optional<Published> current(String caId) {
        if (!caIds().contains(caId)) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Long checked = lastChecked.get(caId);
        if (checked == null || now - checked > TimeUnit.SECONDS.toNanos(1)) {
            lastChecked.put(caId, now);
            try {
                reloadIfNewer(caId);
            } catch (SQLException e) {
                LOG.warnf("Could not check for a newer CRL of %s, serving the one in memory: %s", caId, e.toString());
            }
        }
        return Optional.ofNullable(served.get(caId));
    }

    /** Whether every CA has a CRL whose nextUpdate is still ahead: what readiness reports. */
    public boolean fresh() {
        Instant now = Instant.now();
        return caIds().stream().allMatch(id -> {
            Published published = served.get(id);
            return published != null && published.nextUpdate().isAfter(now);
        });
    }

    Map<String, Published> served() {
        return served;
    }

    private void buildPending() {
        buildScheduled.set(false);
        for (String caId : List.copyOf(pending.keySet())) {
            Long started = pending.remove(caId);
            try {
                build(caId);
                if (started != null) {
                    metrics.revocationToCrl(Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (Exception e) {
                LOG.warnf("Building the CRL of %s failed, retrying in 1 s: %s", caId, e.toString());
                metrics.crlBuildFailed();
                if (started != null) {
                    pending.merge(caId, started, Math::min);
                }
                if (buildScheduled.compareAndSet(false, true)) {
                    thread.schedule(this::buildPending, 1, TimeUnit.SECONDS);
                }
            }
        }
    }

    private void checkSchedule() {
        for (String caId : caIds()) {
            try {
                reloadIfNewer(caId);
                Published published = served.get(caId);
                if (published == null
                        || published.nextUpdate().minus(config.reissueBefore()).isBefore(Instant.now())) {
                    build(caId);
                }
            } catch (Exception e) {
                metrics.crlBuildFailed();
                LOG.warnf("Scheduled CRL check of %s failed, retrying in %s: %s", caId, config.checkInterval(), e);
            }
        }
    }

    /** Builds, signs and stores the next CRL of {@code caId}. */
    Published build(String caId) throws SQLException, CRLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                lock(connection, caId);
                long number = nextNumber(connection, caId);
                List<RevokedCertificate> entries =
                        caId.equals(ca.caId()) ? revokedCertificates(connection, caId) : List.of();
                Instant thisUpdate = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                Instant nextUpdate = thisUpdate.plus(config.validity());
                X509CRL crl = caId.equals(ca.caId())
                        ? builder.issuingCrl(BigInteger.valueOf(number), thisUpdate, nextUpdate, entries)
                        : builder.rootCrl(BigInteger.valueOf(number), thisUpdate, nextUpdate, entries);
                byte[] der = crl.getEncoded();
                int millis = (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                store(connection, caId, number, thisUpdate, nextUpdate, entries.size(), der, millis);
                connection.commit();
                Published published = new Published(caId, number, thisUpdate, nextUpdate, entries.size(), der);
                served.put(caId, published);
                metrics.crlBuilt(Duration.ofNanos(System.nanoTime() - started));
                LOG.infof(
                        "Published CRL #%d of %s: %d entries, %d bytes, built in %d ms, next update %s",
                        number, caId, entries.size(), der.length, millis, nextUpdate);
                return published;
            } catch (SQLException | CRLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void lock(Connection connection, String caId) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "pkcs-crl:" + caId);
            lock.executeQuery().close();
        }
    }

    private long nextNumber(Connection connection, String caId) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT crl_number FROM " + schema + ".crl WHERE ca_id = ?")) {
            select.setString(1, caId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) + 1 : 1;
            }
        }
    }

    private List<RevokedCertificate> revokedCertificates(Connection connection, String caId) throws SQLException {
        List<RevokedCertificate> entries = new ArrayList<>();
        // Expired certificates leave the CRL: a relying party rejects them for their dates already.
        try (PreparedStatement select = connection.prepareStatement("SELECT serial_number, revoked_at, reason_code"
                + " FROM " + schema + ".issued_certificate"
                + " WHERE ca_id = ? AND status = 'revoked' AND not_after > now() ORDER BY revoked_at, serial_number")) {
            select.setString(1, caId);
            select.setFetchSize(10_000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new RevokedCertificate(
                            SerialNumbers.fromHex(rows.getString(1)),
                            rows.getTimestamp(2).toInstant(),
                            rows.getInt(3)));
                }
            }
        }
        return entries;
    }

    private void store(
            Connection connection,
            String caId,
            long number,
            Instant thisUpdate,
            Instant nextUpdate,
            int entries,
            byte[] der,
            int millis)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + schema + ".crl"
                + " (ca_id, crl_number, this_update, next_update, entries, der, built_at, build_millis)"
                + " VALUES (?, ?, ?, ?, ?, ?, now(), ?) ON CONFLICT (ca_id) DO UPDATE SET"
                + " crl_number = EXCLUDED.crl_number, this_update = EXCLUDED.this_update,"
                + " next_update = EXCLUDED.next_update, entries = EXCLUDED.entries, der = EXCLUDED.der,"
                + " built_at = EXCLUDED.built_at, build_millis = EXCLUDED.build_millis")) {
            upsert.setString(1, caId);
            upsert.setLong(2, number);
            upsert.setTimestamp(3, Timestamp.from(thisUpdate));
            upsert.setTimestamp(4, Timestamp.from(nextUpdate));
            upsert.setInt(5, entries);
            upsert.setBytes(6, der);
            upsert.setInt(7, millis);
            upsert.executeUpdate();
        }
    }

    private void reloadIfNewer(String caId) throws SQLException {
        Published known = served.get(caId);
        long knownNumber = known == null ? 0 : known.crlNumber();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT crl_number, this_update, next_update, entries, der FROM "
                                + schema + ".crl WHERE ca_id = ? AND crl_number > ?")) {
            select.setString(1, caId);
            select.setLong(2, knownNumber);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    served.put(
                            caId,
                            new Published(
                                    caId,
                                    row.getLong(1),
                                    row.getTimestamp(2).toInstant(),
                                    row.getTimestamp(3).toInstant(),
                                    row.getInt(4),
                                    row.getBytes(5)));
                }
            }
        }
    }
}
