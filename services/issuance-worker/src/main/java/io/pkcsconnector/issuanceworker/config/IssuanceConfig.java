package io.pkcsconnector.issuanceworker.config;

import io.pkcsconnector.pki.Pkcs12Options;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the issuance worker (the connector), prefix {@code pkcs.issuance}. */
@ConfigMapping(prefix = "pkcs.issuance")
public interface IssuanceConfig {

    /** The two-tier CA this connector signs with. */
    Ca ca();

    /**
     * Base URL under which relying parties reach the CRL ({@code /v1/crl/{caId}.crl}), OCSP ({@code
     * /v1/ocsp}) and CA certificates ({@code /v1/ca/...}); written into every issued certificate. In
     * Kubernetes this is the public host name of the ingress.
     */
    @WithDefault("http://127.0.0.1:8080")
    String publicBaseUrl();

    /** Who this connector is, to the templates and to the fleet view. */
    Connector connector();

    /** Work factors of the PFX files this connector writes. */
    Pkcs12 pkcs12();

    /** How many requests are worked on at once. */
    Processing processing();

    /** Crash safety: how long a reservation protects a request that is being signed. */
    Reservation reservation();

    /** Transient failures: how often and how patiently a request is retried before it is dead-lettered. */
    Retry retry();

    /** The Redis fast path in front of the database's idempotency record. */
    Idempotency idempotency();

    /** The connector's check-in on {@code pki.connector-heartbeat.v1}. */
    Heartbeat heartbeat();

    /** RSA key pairs generated in advance while a core is idle, to absorb bursts. */
    KeyPool keyPool();

    interface Ca {
        /**
         * PKCS#12 keystore holding the root and issuing CA keys. Generated on first start when missing, loaded
         * afterwards; in Kubernetes a volume shared by every instance (or a mounted Secret).
         */
        @WithDefault("ca/issuing-ca.p12")
        Path keystorePath();

        /** Password of the CA keystore; from the environment or a Secret, never from a committed file. */
        String keystorePassword();
    }

    interface Connector {
        /**
         * The connector identity that templates authorise ({@code allowedConnectors}) and the fleet view shows as
         * the connector's name. All instances of one deployment share it.
         */
        @WithDefault("pkcs-connector")
        String name();

        /**
         * What tells this instance apart from the others of the deployment, e.g. a StatefulSet pod name. Without it
         * the instance is named after its host name and process id: stable across container restarts (the JVM is
         * PID 1 there) and distinct for several processes on one development machine.
         */
        Optional<String> instanceId();

        /**
         * Connector instances (Kafka consumers of the request topic, members of the fleet view) this process runs,
         * 1 to 100. They share the process's worker threads, so more instances do not add CPU: they let one machine
         * model a large fleet, and let a process own more partitions independently (each instance is a group
         * member that fails over on its own).
         */
        @WithDefault("1")
        int instances();
    }

    interface Pkcs12 {
        /** PBKDF2 iterations of the shrouded key bag; see {@link Pkcs12Options}. */
        @WithDefault("" + Pkcs12Options.DEFAULT_ITERATIONS)
        int keyIterations();

        /** PBKDF2 iterations of the encrypted certificate safe. */
        @WithDefault("" + Pkcs12Options.DEFAULT_ITERATIONS)
        int certificateIterations();

        /** Iterations of the integrity MAC; a cheaper MAC than the bags would be the cheaper way to guess. */
        @WithDefault("" + Pkcs12Options.DEFAULT_ITERATIONS)
        int macIterations();

        default Pkcs12Options options() {
            return new Pkcs12Options(keyIterations(), certificateIterations(), macIterations());
        }
    }

    interface Processing {
        /**
         * Threads doing the CPU-bound work (key generation, signing, PKCS#12). 0 means one per available processor
         * plus one: each thread also waits for the database and Redis (reservation, record, idempotency keys), and
         * the extra thread keeps the cores busy meanwhile (bench, 2 cores: RSA-2048 end to end 11.7-12.8 issued/s
         * with 2 threads, 13.9-14.3/s with 3). Many more only add contention.
         */
        @WithDefault("0")
        int threads();

        /** {@link #threads()}, with 0 resolved to the available processors plus one. */
        default int threadCount() {
            return threads() > 0 ? threads() : Runtime.getRuntime().availableProcessors() + 1;
        }

        /**
         * Requests taken from Kafka but not yet acknowledged, including those waiting for a retry. When it is
         * reached the consumer stops fetching until one completes, so memory and the age of unacknowledged
         * records stay bounded.
         */
        @WithDefault("64")
        int maxInFlight();
    }

    interface Reservation {
        /**
         * How long a reservation (request id + serial number recorded before signing) belongs to the attempt that
         * made it. Another attempt takes a reservation over only after it expired, on the assumption that its
         * owner crashed between signing and recording. It covers signing and packaging, not key generation, which
         * happens before the reservation.
         */
        @WithDefault("30s")
        Duration lease();
    }

    interface Retry {
        /**
         * Attempts after the first one, for transient causes (database down) and for a request another live
         * attempt holds. Together with the backoff they must outlast a {@link Reservation#lease()}, so that a
         * request whose owner crashed is taken over rather than dead-lettered; the start fails otherwise.
         */
        @WithDefault("8")
        int maxRetries();

        /** Delay before the first retry; each further one doubles it up to {@link #maxBackoff()}. */
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("10s")
        Duration maxBackoff();
    }

    interface Idempotency {
        /**
         * Lifetime of the {@code in-progress} key, after which a crashed attempt's key no longer delays a
         * duplicate; the database reservation decides anyway.
         */
        @WithDefault("60s")
        Duration inProgressTtl();

        /**
         * Lifetime of the {@code done} key, which sends a duplicate straight to the re-publish path. Longer than
         * the request topic's retention (7 days), so a replay of the whole topic is answered from it.
         */
        @WithDefault("8d")
        Duration doneTtl();

        /**
         * After a Redis failure, requests skip Redis for this long and use the database alone, so that an outage
         * costs one failed call per window instead of one per request.
         */
        @WithDefault("10s")
        Duration outageBackoff();

        /**
         * Whether a duplicate of a request with a recorded outcome publishes that outcome again (same eventId). Off
         * by default: the outcome is published at least once by the outbox, and re-publishing every duplicate would
         * pass a replay storm (a consumer group reset, a replaying producer) on to every downstream consumer. Turn
         * it on to let an operator re-announce outcomes by replaying requests, e.g. after a consumer lost data.
         */
        @WithDefault("false")
        boolean republishDuplicates();
    }

    interface Heartbeat {
        /** Check-in interval; the fleet view calls a connector inactive after a few missed ones. */
        @WithDefault("30s")
        Duration interval();
    }

    interface KeyPool {
        /**
         * RSA-2048 key pairs kept ready (0 disables). Each takes ~0.1–0.2 s of CPU to make and ~2 KB of memory;
         * they are made only while an issuance thread is idle, so a steady load never waits for the pool.
         */
        @WithDefault("32")
        int rsa2048();

        @WithDefault("8")
        int rsa3072();

        /** 0 by default: a 4096-bit key costs seconds of CPU, which a quiet spell rarely has to spare. */
        @WithDefault("0")
        int rsa4096();
    }
}
