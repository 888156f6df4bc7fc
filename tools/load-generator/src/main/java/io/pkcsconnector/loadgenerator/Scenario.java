package io.pkcsconnector.loadgenerator;

import java.util.Locale;

/** What a run does besides sending requests; {@code --scenario}. */
enum Scenario {
    STEADY,
    BURST,
    REPLAY_STORM,
    POISON;

    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Scenario fromCli(String value) {
        for (Scenario scenario : values()) {
            if (scenario.cliName().equals(value)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + value + "' (steady, burst, replay-storm, poison)");
    }
}
