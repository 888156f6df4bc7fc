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

    interface Paging {
        /** Entities per page when the caller gives no {@code $top}. */
        @WithDefault("100")
        int defaultPageSize();

        /** The largest {@code $top} honoured; more is clamped, as Graph does. */
        @WithDefault("999")
        int maxPageSize();
    }

    interface Consumer {
        /** Attempts in all (the first included) for a database failure. */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }
}
