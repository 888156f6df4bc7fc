package io.pkcsconnector.requestintake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.pkcsconnector.requestintake.persistence.RenewalSchedule;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The scheduled half of renewal (a device's check-in is the other): every {@code pkcs.intake.renewal.sweep-interval}
 * it gives newly issued certificates their renewal time ({@link RenewalSchedule}) and marks the certificates whose
 * time has come {@code renewalRequested}, so that reports show them due and the device's next check-in requests
 * the successor. Several instances may sweep at once; they share the rows.
 */
@ApplicationScoped
public class RenewalSweep {

    private static final Logger LOG = Logger.getLogger(RenewalSweep.class);

    /** What one sweep did. */
    public record Result(int scheduled, int marked) {}

    private final RenewalSchedule schedule;
    private final IntakeConfig config;
    private final TimeSource time;
    private final Counter scheduledCounter;
    private final Counter markedCounter;
    private ScheduledExecutorService scheduler;
    private volatile boolean failing;

    RenewalSweep(RenewalSchedule schedule, IntakeConfig config, TimeSource time, MeterRegistry registry) {
        this.schedule = schedule;
        this.config = config;
        this.time = time;
        this.scheduledCounter = Counter.builder("pkcs.renewal.scheduled")
                .description("Issued certificates given their renewal time by the renewal sweep")
                .register(registry);
        this.markedCounter = Counter.builder("pkcs.renewal.requested")
                .description("Certificates the renewal sweep marked renewalRequested")
                .register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.renewal().sweepEnabled()) {
            LOG.info("Renewal sweep disabled (pkcs.intake.renewal.sweep-enabled=false)");
            return;
        }
        long interval = config.renewal().sweepInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "renewal-sweep");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Never throws: an exception would cancel the schedule. */
    private void tick() {
        try {
            sweep(time.now());
            if (failing) {
                failing = false;
                LOG.info("Renewal sweep works again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warnf(
                        "Renewal sweep failed; next one in %s: %s",
                        config.renewal().sweepInterval(), e.toString());
            }
        }
    }

    /** One sweep at {@code now}, batch by batch until nothing is left; blocking (not on an event-loop thread). */
    public Result sweep(Instant now) {
        int batch = config.renewal().batchSize();
        int scheduled = 0;
        int marked = 0;
        int n;
        do {
            n = await(() -> schedule.scheduleNew(batch));
            scheduled += n;
            scheduledCounter.increment(n);
        } while (n == batch);
        do {
            n = await(() -> schedule.markDue(now, batch));
            marked += n;
            markedCounter.increment(n);
        } while (n == batch);
        if (scheduled > 0 || marked > 0) {
            LOG.infof("Renewal sweep: %d certificate(s) scheduled, %d marked renewalRequested", scheduled, marked);
        }
        return new Result(scheduled, marked);
    }

    private static int await(java.util.function.Supplier<io.smallrye.mutiny.Uni<Integer>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
