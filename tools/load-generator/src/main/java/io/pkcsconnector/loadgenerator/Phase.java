package io.pkcsconnector.loadgenerator;

import java.util.Locale;

/** Which part of a run a request belongs to; every phase but {@link #WARMUP} is measured. */
enum Phase {
    WARMUP,
    /** steady: the whole measured run. */
    STEADY,
    /** burst: the idle-ish requests before the burst. */
    BASELINE,
    BURST,
    /** replay-storm: new requests submitted before the replay started, while it drained, and after. */
    BEFORE_STORM,
    DURING_STORM,
    AFTER_STORM;

    boolean measured() {
        return this != WARMUP;
    }

    /** camelCase, as the report names it. */
    String jsonName() {
        return camel(name());
    }

    /** {@code DURING_STORM} → {@code duringStorm}. */
    static String camel(String constant) {
        String[] words = constant.toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }
}
