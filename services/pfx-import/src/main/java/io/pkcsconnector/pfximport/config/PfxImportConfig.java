package io.pkcsconnector.pfximport.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the PFX import service, prefix {@code pkcs.pfx-import}. */
@ConfigMapping(prefix = "pkcs.pfx-import")
public interface PfxImportConfig {

    /**
     * The key-encryption key: base64 of 32 random bytes (AES-256), from the environment ({@code
     * PKCS_PFX_IMPORT_KEK}) or a Kubernetes Secret, never from a committed file. Every instance must have the
     * same one: any instance may take any import, with a key pair another instance created. Generate one with
     * {@code openssl rand -base64 32}.
     */
    String kek();

    /** Paging of {@code GET /beta/deviceManagement/userPfxCertificates}. */
    Paging paging();

    /** Retries of the fan-out consumers before a record goes to the dead-letter topic. */
    Consumer consumer();

    /** The sweep that finds deliveries a fan-out never made (a record dead-lettered during an outage). */
    Reconcile reconcile();

    interface Paging {
        /** Entities per page when the caller gives no {@code $top}. */
        @WithDefault("100")
        int defaultPageSize();

        /**
         * The largest {@code $top} honoured; more is clamped, as Graph does. Entities carry their PFX (up to ~750
         * KB each under the 1 MiB body limit), so a page is bounded by this times that.
         */
        @WithDefault("100")
        int maxPageSize();
    }

    interface Consumer {
        /**
         * Attempts in all (the first included) for a failure, before the record is dead-lettered; with the
         * back-off below about two minutes, so a database fail-over is ridden out rather than dead-lettered.
         */
        @WithDefault("10")
        int maxAttempts();

        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Reconcile {
        /** How often every instance looks for (active device, imported PFX of its user) pairs never delivered. */
        @WithDefault("5m")
        Duration interval();

        /** Pairs younger than this are left to the fan-out that is presumably still under way. */
        @WithDefault("2m")
        Duration grace();

        /** Certificates handled per sweep, so one sweep stays short. */
        @WithDefault("100")
        int batchSize();
    }
}
