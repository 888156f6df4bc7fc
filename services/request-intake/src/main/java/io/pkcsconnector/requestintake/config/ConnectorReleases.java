package io.pkcsconnector.requestintake.config;

import io.pkcsconnector.requestintake.ConnectorFleet;
import io.pkcsconnector.requestintake.ReleaseCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The fleet's status rules from {@code pkcs.intake.connectors}: the release catalog and the check-in timeout. */
public class ConnectorReleases {

    @Produces
    @ApplicationScoped
    ConnectorFleet connectorFleet(IntakeConfig config) {
        IntakeConfig.Connectors connectors = config.connectors();
        return new ConnectorFleet(
                new ReleaseCatalog(connectors.releases(), connectors.supportWindow()), connectors.inactiveAfter());
    }
}
