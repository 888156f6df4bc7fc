package io.pkcsconnector.testresources;

import io.pkcsconnector.localinfra.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * A fresh database {@code pkcs_test_<random>} on the local PostgreSQL (or an embedded one when none
 * runs), so that modules and runs never see each other's data. Dropped again in {@link #stop()}.
 *
 * <p>Config returned: {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.reactive.url},
 * {@code quarkus.datasource.username}, {@code quarkus.datasource.password}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    /** System property carrying the database's JDBC URL, for tests that query it directly. */
    public static final String JDBC_URL_PROPERTY = "pkcs.test.postgres.jdbc-url";

    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalPostgres postgres;
    private String database;

    @Override
    public Map<String, String> start() {
        postgres = LocalPostgres.ensure(LocalPostgres.Options.forTests());
        database = "pkcs_test_" + randomSuffix();
        try {
            postgres.createDatabaseIfMissing(database);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
        System.setProperty(JDBC_URL_PROPERTY, postgres.jdbcUrl(database));
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password());
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void stop() {
        System.clearProperty(JDBC_URL_PROPERTY);
        if (postgres == null) {
            return;
        }
        try {
            if (database != null) {
                postgres.dropDatabase(database);
            }
        } finally {
            postgres.close();
            postgres = null;
            database = null;
        }
    }

    /** The test database's name while the resource runs, else {@code null}. */
    public String database() {
        return database;
    }

    /** The running test database's JDBC URL, from any class loader in this JVM. */
    public static String jdbcUrl() {
        String url = System.getProperty(JDBC_URL_PROPERTY);
        if (url == null) {
            throw new IllegalStateException(
                    "no test database is running: add @WithTestResource(PostgresTestResource.class)");
        }
        return url;
    }
}
