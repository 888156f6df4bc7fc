package io.pkcsconnector.pfximport.messaging;

import io.pkcsconnector.pfximport.DeliveryPlanner;
import io.pkcsconnector.pfximport.config.PfxImportConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The safety net under the fan-out: a record that was dead-lettered (a database outage longer than the retries) or
 * a fan-out cut off by a crash leaves a device without a certificate its user has. Every {@code interval}, this
 * finds such pairs in the database and sends them, so nothing depends on someone replaying a dead-letter topic.
 */
@ApplicationScoped
public class ReconciliationSweep {

    private static final Logger LOG = Logger.getLogger(ReconciliationSweep.class);

    private final DeliveryPlanner planner;
    private final PfxImportConfig config;
    private ScheduledExecutorService scheduler;

    ReconciliationSweep(DeliveryPlanner planner, PfxImportConfig config) {
        this.planner = planner;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        long interval = config.reconcile().interval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pfx-import-reconcile");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void sweep() {
        try {
            planner.reconcile(config.reconcile().grace(), config.reconcile().batchSize());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Reconciliation sweep failed; next one in %s: %s",
                    config.reconcile().interval(), e.toString());
        }
    }
}
