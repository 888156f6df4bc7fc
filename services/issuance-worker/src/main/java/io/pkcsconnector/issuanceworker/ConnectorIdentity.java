package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.issuanceworker.config.IssuanceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this instance is. {@link #name()} is the identity templates authorise and all instances share;
 * {@link #connectorId()} tells this instance apart in the fleet view, in the issued events and in the
 * reservations it holds.
 */
@ApplicationScoped
public class ConnectorIdentity {

    private final String name;
    private final String machineName;
    private final String connectorId;
    private final String version;

    ConnectorIdentity(IssuanceConfig config, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.name = config.connector().name();
        this.machineName = hostName();
        this.connectorId = name + "-"
                + config.connector()
                        .instanceId()
                        .orElseGet(() ->
                                machineName + "-" + ProcessHandle.current().pid());
        this.version = version;
    }

    public String name() {
        return name;
    }

    public String machineName() {
        return machineName;
    }

    public String connectorId() {
        return connectorId;
    }

    public String version() {
        return version;
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
