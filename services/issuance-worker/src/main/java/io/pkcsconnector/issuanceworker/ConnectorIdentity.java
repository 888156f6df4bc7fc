package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this process is. {@link #name()} is the identity templates authorise and all instances share;
 * {@link #connectorId()} tells this process apart in the reservations it holds; each of its
 * {@link ConnectorInstance}s (one Kafka consumer each) is a member of the fleet view and signs the events it
 * produces with its own id. With one instance (the default) that id is the process's connectorId.
 *
 * <p>Which instance answers a record follows from the partition it came from: the consumers' rebalance listener
 * reports every assignment here.
 */
@ApplicationScoped
public class ConnectorIdentity {

    private final String name;
    private final String machineName;
    private final String connectorId;
    private final String version;
    private final List<ConnectorInstance> instances;
    private final Map<Object, ConnectorInstance> byConsumer = new IdentityHashMap<>();
    private final Map<Integer, ConnectorInstance> byPartition = new ConcurrentHashMap<>();

    ConnectorIdentity(IssuanceConfig config, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.name = config.connector().name();
        this.machineName = hostName();
        this.connectorId = name + "-"
                + config.connector()
                        .instanceId()
                        .orElseGet(() ->
                                machineName + "-" + ProcessHandle.current().pid());
        this.version = version;
        int count = config.connector().instances();
        if (count < 1 || count > 100) {
            throw new IllegalArgumentException(
                    "pkcs.issuance.connector.instances must be between 1 and 100 (one per request topic partition)");
        }
        List<ConnectorInstance> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new ConnectorInstance(i, count == 1 ? connectorId : connectorId + "-" + String.format("%02d", i)));
        }
        this.instances = List.copyOf(list);
    }

    public String name() {
        return name;
    }

    public String machineName() {
        return machineName;
    }

    /** This process; with several instances, each instance's id starts with it. */
    public String connectorId() {
        return connectorId;
    }

    public String version() {
        return version;
    }

    public List<ConnectorInstance> instances() {
        return instances;
    }

    /**
     * The instance whose consumer owns {@code partition}; the first one when the partition is not (or no longer)
     * assigned here, which only happens for a record that raced a rebalance.
     */
    public ConnectorInstance instanceFor(int partition) {
        return byPartition.getOrDefault(partition, instances.get(0));
    }

    /**
     * A consumer of this process was given {@code partitions}. Consumers are told apart by identity and numbered
     * in the order they first report, which is as good as any: what matters is that each has its own id.
     */
    public void assigned(Object consumer, Collection<TopicPartition> partitions) {
        ConnectorInstance instance;
        synchronized (byConsumer) {
            instance = byConsumer.get(consumer);
            if (instance == null) {
                instance = instances.get(byConsumer.size() % instances.size());
                byConsumer.put(consumer, instance);
            }
        }
        for (TopicPartition partition : partitions) {
            byPartition.put(partition.partition(), instance);
        }
    }

    /** {@code partitions} were taken from a consumer of this process (a rebalance, or it is closing). */
    public void revoked(Object consumer, Collection<TopicPartition> partitions) {
        ConnectorInstance instance;
        synchronized (byConsumer) {
            instance = byConsumer.get(consumer);
        }
        if (instance != null) {
            for (TopicPartition partition : partitions) {
                byPartition.remove(partition.partition(), instance);
            }
        }
    }

    /** Partitions of the request topic this process's instances own right now. */
    public int ownedPartitions() {
        return byPartition.size();
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
