package io.pkcsconnector.notifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the notifier (the device delivery inbox), prefix {@code pkcs.notifier}. */
@ConfigMapping(prefix = "pkcs.notifier")
public interface NotifierConfig {

    Inbox inbox();

    Consumer consumer();

    interface Inbox {
        /** Items per page when the device sends no {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /**
         * Largest {@code limit} a device may ask for; a page carries encrypted PFX blobs of a few KiB each, so
         * this bounds a response to a few MiB.
         */
        @WithDefault("500")
        int maxLimit();
    }

    interface Consumer {
        /**
         * Attempts to store one delivery event (the first included) before it goes to the dead-letter topic.
         * Bounded so that a database outage cannot hold a partition forever.
         */
        @WithDefault("6")
        int maxAttempts();

        /** Wait before the first retry; doubled (with jitter) up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }
}
