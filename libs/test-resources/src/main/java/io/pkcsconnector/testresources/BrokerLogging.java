package io.pkcsconnector.testresources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lowers the broker's log levels before Quarkus has configured logging. The test JVM logs through
 * JBoss LogManager, which honours {@link java.util.logging} levels.
 */
final class BrokerLogging {

    // java.util.logging keeps loggers weakly: without these references the levels could be lost.
    private static final List<Logger> QUIETENED = new ArrayList<>();

    private BrokerLogging() {}

    static synchronized void quieten(Collection<String> categories) {
        for (String category : categories) {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(Level.WARNING);
            QUIETENED.add(logger);
        }
    }
}
