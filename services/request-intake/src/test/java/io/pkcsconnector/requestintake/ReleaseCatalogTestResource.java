package io.pkcsconnector.requestintake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A test release catalog dated relative to today, so that each support state exists whenever the tests run:
 * 1.0.0 (unsupported since 2.0.0, a year ago), 2.0.0 (deprecated since 3.0.0, a month ago), 3.0.0 (current) and
 * 4.0.0 (announced for next year, so it deprecates nothing yet). The fleet gauges refresh every second.
 *
 * <p>Quarkus test resources apply to every {@code @QuarkusTest} of the module; these keys only matter to the
 * fleet view, and sharing them avoids a second application start for a test profile.
 */
public class ReleaseCatalogTestResource implements QuarkusTestResourceLifecycleManager {

    static final String UNSUPPORTED = "1.0.0";
    static final String DEPRECATED = "2.0.0";
    static final String CURRENT = "3.0.0";
    static final String ANNOUNCED = "4.0.0";

    @Override
    public Map<String, String> start() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return Map.of(
                release(UNSUPPORTED),
                today.minusYears(3).toString(),
                release(DEPRECATED),
                today.minusYears(1).toString(),
                release(CURRENT),
                today.minusDays(30).toString(),
                release(ANNOUNCED),
                today.plusYears(1).toString(),
                "pkcs.intake.connectors.metrics-refresh",
                "1s");
    }

    @Override
    public void stop() {}

    private static String release(String version) {
        return "pkcs.intake.connectors.releases.\"" + version + "\"";
    }
}
