package io.pkcsconnector.requestintake.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of request-intake, prefix {@code pkcs.intake}. */
@ConfigMapping(prefix = "pkcs.intake")
public interface IntakeConfig {

    /** Longest accepted {@code Idempotency-Key} header. */
    @WithDefault("128")
    int maxIdempotencyKeyLength();
}
