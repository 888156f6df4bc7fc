package io.pkcsconnector.issuanceworker.messaging;

import io.pkcsconnector.contracts.ConnectorHeartbeat;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.issuanceworker.ConnectorIdentity;
import io.pkcsconnector.issuanceworker.ConnectorInstance;
import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import io.pkcsconnector.issuanceworker.persistence.ConnectorInstances;
import io.pkcsconnector.issuanceworker.persistence.ConnectorInstances.CheckIn;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Reports this instance to the fleet view: a {@link ConnectorHeartbeat} on the compacted
 * {@code pki.connector-heartbeat.v1} (key connectorId) at start and every {@code pkcs.issuance.heartbeat.interval}.
 * Sent directly, not through the outbox: a heartbeat is only worth something when it is current, and a lost one
 * is replaced by the next. The check-in is recorded first, so the enrollment date survives restarts.
 */
@ApplicationScoped
public class ConnectorHeartbeatPublisher {

    private static final Logger LOG = Logger.getLogger(ConnectorHeartbeatPublisher.class);

    /** Heartbeats belong to the deployment, not to one tenant. */
    public static final String SYSTEM_TENANT = CaCertificatePublisher.SYSTEM_TENANT;

    private final ConnectorIdentity identity;
    private final ConnectorInstances instances;
    private final Emitter<Record<String, ConnectorHeartbeat>> emitter;
    private final long intervalMillis;
    private ScheduledExecutorService scheduler;
    private volatile boolean failing;

    ConnectorHeartbeatPublisher(
            ConnectorIdentity identity,
            ConnectorInstances instances,
            IssuanceConfig config,
            @Channel("connector-heartbeat") Emitter<Record<String, ConnectorHeartbeat>> emitter) {
        this.identity = identity;
        this.instances = instances;
        this.emitter = emitter;
        this.intervalMillis = config.heartbeat().interval().toMillis();
    }

    void onStart(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "connector-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::beat, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Checks in every instance of this process now. Never throws: an exception would cancel the schedule. */
    public void beat() {
        for (ConnectorInstance instance : identity.instances()) {
            beat(instance);
        }
    }

    private void beat(ConnectorInstance instance) {
        try {
            CheckIn checkIn = VertxContextSupport.subscribeAndAwait(() -> instances.checkIn(
                    instance.connectorId(), identity.name(), identity.machineName(), identity.version()));
            ConnectorHeartbeat heartbeat = ConnectorHeartbeat.of(
                    EventEnvelope.newEnvelope(SYSTEM_TENANT, instance.connectorId(), null),
                    instance.connectorId(),
                    identity.name(),
                    identity.machineName(),
                    identity.version(),
                    checkIn.enrolledAt(),
                    checkIn.checkedInAt(),
                    instance.issuedCount(),
                    instance.failedCount());
            emitter.send(Record.of(heartbeat.partitionKey(), heartbeat)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    reportFailure(failure);
                } else if (failing) {
                    failing = false;
                    LOG.infof("Connector %s checks in again", identity.connectorId());
                }
            });
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            // Without the database an instance cannot issue either: it is right that it looks inactive.
            reportFailure(e);
        }
    }

    private void reportFailure(Throwable failure) {
        if (!failing) {
            failing = true;
            LOG.warnf("Connector %s could not check in: %s", identity.connectorId(), failure.toString());
        }
    }
}
