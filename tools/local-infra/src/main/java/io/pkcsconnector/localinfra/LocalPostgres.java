package io.pkcsconnector.localinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL for the local stack and tests: the server already listening on 127.0.0.1 when there is
 * one, otherwise a real embedded PostgreSQL (binaries shipped in a Maven artifact).
 */
public final class LocalPostgres implements AutoCloseable {

    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_USER = "postgres";
    /** Ignored by trust authentication (CI and the embedded server) but sent all the same. */
    public static final String DEFAULT_PASSWORD = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final int port;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;
    private final Path temporaryDataDir;
    private boolean closed;

    private LocalPostgres(int port, String user, String password, EmbeddedPostgres embedded, Path temporaryDataDir) {
        this.port = port;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.temporaryDataDir = temporaryDataDir;
    }

    /**
     * Where to look for a running server and how to start one if there is none.
     *
     * @param port port probed on 127.0.0.1
     * @param user role to connect as
     * @param password its password
     * @param embeddedPort port for the embedded server, 0 for a free one
     * @param dataDir data directory of the embedded server, kept across runs; {@code null} for a
     *     temporary one deleted on close
     */
    public record Options(int port, String user, String password, int embeddedPort, Path dataDir) {

        /** The local stack: the server on {@code port}, or an embedded one on the same port. */
        public static Options forStack(int port, Path dataDir) {
            return new Options(port, DEFAULT_USER, DEFAULT_PASSWORD, port, dataDir);
        }

        /** Tests: the server on 5432, or a throw-away embedded one on a free port. */
        public static Options forTests() {
            return new Options(DEFAULT_PORT, DEFAULT_USER, DEFAULT_PASSWORD, 0, null);
        }

        public Options withCredentials(String newUser, String newPassword) {
            return new Options(port, newUser, newPassword, embeddedPort, dataDir);
        }
    }

    /** Uses the server on 127.0.0.1:{@code options.port()} if one accepts connections, else starts one. */
    public static LocalPostgres ensure(Options options) {
        if (Ports.accepts(options.port())) {
            LocalPostgres existing = new LocalPostgres(options.port(), options.user(), options.password(), null, null);
            // Fail here, with the reason, rather than in every service that later cannot log in.
            try (Connection ignored = existing.connect("postgres")) {
                LOG.info("Using the PostgreSQL server already running on 127.0.0.1:{}", options.port());
                return existing;
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "Something listens on 127.0.0.1:" + options.port() + " but PostgreSQL login as '"
                                + options.user() + "' failed: " + e.getMessage(),
                        e);
            }
        }
        return startEmbedded(options.embeddedPort(), options.dataDir());
    }

    /**
     * Starts an embedded server regardless of what else runs.
     *
     * @param port 0 for a free port
     * @param dataDir kept across runs; {@code null} for a temporary one deleted on close
     */
    public static LocalPostgres startEmbedded(int port, Path dataDir) {
        long startedAt = System.nanoTime();
        int actualPort = Ports.orFree(port);
        Path temporary = dataDir == null ? Dirs.createTemp("local-postgres-") : null;
        Path dir = (dataDir == null ? temporary : dataDir).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setPort(actualPort)
                    .setDataDirectory(dir)
                    // initdb runs only when the directory holds no cluster yet, so data survives restarts.
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", Ports.LOOPBACK)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            LOG.info(
                    "Started embedded PostgreSQL on 127.0.0.1:{} with data in {} in {} ms",
                    actualPort,
                    dir,
                    (System.nanoTime() - startedAt) / 1_000_000);
            return new LocalPostgres(actualPort, DEFAULT_USER, DEFAULT_PASSWORD, embedded, temporary);
        } catch (IOException e) {
            Dirs.deleteRecursively(temporary);
            throw new UncheckedIOException("embedded PostgreSQL did not start on 127.0.0.1:" + actualPort, e);
        }
    }

    /** Creates {@code name} unless it exists; names are limited to lower-case identifiers. */
    public void createDatabaseIfMissing(String name) {
        String database = checkName(name);
        try (Connection connection = connect("postgres")) {
            try (PreparedStatement exists =
                    connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
                LOG.info("Created database {} on 127.0.0.1:{}", database, port);
            } catch (SQLException e) {
                // Lost a race with another creator; the database is there, which is all we want.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Drops {@code name} if it exists, disconnecting whoever is still connected to it. */
    public void dropDatabase(String name) {
        String database = checkName(name);
        try (Connection connection = connect("postgres");
                Statement drop = connection.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            LOG.info("Dropped database {} on 127.0.0.1:{}", database, port);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + database + ": " + e.getMessage(), e);
        }
    }

    /** A new JDBC connection to {@code database}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    private static String checkName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case database name: " + name);
        }
        return name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    /** The URL form the Vert.x reactive PostgreSQL client (quarkus.datasource.reactive.url) takes. */
    public String reactiveUrl(String database) {
        return "postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** Whether this instance started the server (and so stops it on close). */
    public boolean embedded() {
        return embedded != null;
    }

    /** Stops the embedded server, if this instance started one; an external server is left alone. */
    @Override
    public synchronized void close() {
        if (embedded == null || closed) {
            return;
        }
        closed = true;
        try {
            embedded.close();
            LOG.info("Stopped embedded PostgreSQL on 127.0.0.1:{}", port);
        } catch (IOException e) {
            LOG.warn("Stopping embedded PostgreSQL on 127.0.0.1:{} failed", port, e);
        } finally {
            Dirs.deleteRecursively(temporaryDataDir);
        }
    }
}
