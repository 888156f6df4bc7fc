package io.pkcsconnector.requestintake;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.pkcsconnector.requestintake.persistence.ConnectorHealth;
import io.pkcsconnector.requestintake.persistence.ConnectorInstanceEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The fleet as Prometheus gauges, {@code pkcs_connectors{status}} and {@code pkcs_connector_fleet_mixed_versions}
 * (0/1), recomputed every {@code pkcs.intake.connectors.metrics-refresh} on one background thread rather than per
 * scrape: statuses change with time alone (a connector that stops checking in turns inactive without any event),
 * and a scrape must not wait for the database. The same thread sweeps what the retention settings let go.
 */
@ApplicationScoped
public class ConnectorFleetMonitor {

    private static final Logger LOG = Logger.getLogger(ConnectorFleetMonitor.class);

    /** Retention is counted in days: sweeping once an hour keeps the tables within an hour of it. */
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final ConnectorFleet fleet;
    private final ConnectorHealth health;
    private final IntakeConfig config;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();

    private volatile ConnectorFleet.Overview latest;
    private volatile Instant lastSweep = Instant.EPOCH;
    private volatile boolean failing;
    private ScheduledExecutorService scheduler;

    ConnectorFleetMonitor(ConnectorFleet fleet, ConnectorHealth health, IntakeConfig config, MeterRegistry registry) {
        this.fleet = fleet;
        this.health = health;
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        for (ConnectorFleet.Status status : ConnectorFleet.Status.values()) {
            Gauge.builder("pkcs.connectors", this, monitor -> monitor.count(status))
                    .description("Connector instances by status (active, inactive, warning, error)")
                    .tag("status", status.wireName())
                    .register(registry);
        }
        Gauge.builder("pkcs.connector.fleet.mixed.versions", this, monitor -> monitor.mixed())
                .description("1 when the connectors that check in run more than one version")
                .register(registry);
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "connector-fleet-monitor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(
                this::tick, 0, config.connectors().metricsRefresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Never throws: an exception would cancel the schedule. The gauges keep their last values meanwhile. */
    void tick() {
        try {
            Instant now = clock.instant();
            if (lastSweep.plus(SWEEP_EVERY).isBefore(now)) {
                sweep(now);
                lastSweep = now;
            }
            List<ConnectorFleet.Connector> connectors = VertxContextSupport.subscribeAndAwait(() ->
                    Panache.withSession(() -> ConnectorInstanceEntity.all().map(all -> all.stream()
                            .map(ConnectorInstanceEntity::toConnector)
                            .toList())));
            latest = fleet.assess(connectors, clock.instant());
            if (failing) {
                failing = false;
                LOG.info("Connector fleet metrics are current again");
            }
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            if (!failing) {
                failing = true;
                LOG.warnf("Connector fleet metrics could not be refreshed: %s", e.toString());
            }
        }
    }

    private void sweep(Instant now) throws Throwable {
        Instant silentSince = now.minus(config.connectors().forgetAfter());
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> health.forgetOld().chain(() -> ConnectorInstanceEntity.forgetSilentSince(silentSince))));
    }

    private double count(ConnectorFleet.Status status) {
        ConnectorFleet.Overview overview = latest;
        return overview == null ? 0 : overview.counts().get(status);
    }

    private double mixed() {
        ConnectorFleet.Overview overview = latest;
        return overview != null && overview.mixedVersions() ? 1 : 0;
    }
}
