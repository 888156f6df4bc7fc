package io.pkcsconnector.servicecommon.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the transactional outbox is relayed to Kafka, prefix {@code pkcs.outbox}. */
@ConfigMapping(prefix = "pkcs.outbox")
public interface OutboxConfig {

    /**
     * Safety-net poll for rows that no in-process wake-up announced (written by an instance that crashed
     * before publishing). Events written by this instance are published right after their commit.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** Rows claimed (FOR UPDATE SKIP LOCKED) and published per batch. */
    @WithDefault("200")
    int batchSize();

    /** Published rows are kept this long for diagnosis, then deleted. */
    @WithDefault("24h")
    Duration publishedRetention();

    /** How long to wait for the broker's acknowledgement of one batch before retrying it. */
    @WithDefault("30s")
    Duration sendTimeout();
}
