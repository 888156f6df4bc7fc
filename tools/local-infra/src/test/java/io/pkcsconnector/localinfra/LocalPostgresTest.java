package io.pkcsconnector.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

    @Test
    void createsQueriesAndDropsADatabase() throws Exception {
        String database = "local_infra_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (LocalPostgres postgres = LocalPostgres.ensure(LocalPostgres.Options.forTests())) {
            postgres.createDatabaseIfMissing(database);
            postgres.createDatabaseIfMissing(database);
            try (Connection connection = postgres.connect(database);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE greeting (text varchar(20))");
                statement.execute("INSERT INTO greeting VALUES ('hello')");
                assertThat(single(statement, "SELECT text FROM greeting")).isEqualTo("hello");
                assertThat(single(statement, "SELECT current_database()")).isEqualTo(database);
            }
            assertThat(exists(postgres, database)).isTrue();

            postgres.dropDatabase(database);
            assertThat(exists(postgres, database)).isFalse();
            postgres.dropDatabase(database);
        }
    }

    @Test
    void urlsPointAtLoopback() {
        try (LocalPostgres postgres = LocalPostgres.ensure(LocalPostgres.Options.forTests())) {
            assertThat(postgres.jdbcUrl("pkcs")).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/pkcs");
            assertThat(postgres.reactiveUrl("pkcs")).isEqualTo("postgresql://127.0.0.1:" + postgres.port() + "/pkcs");
            assertThat(postgres.user()).isEqualTo("postgres");
        }
    }

    @Test
    void rejectsNamesThatWouldNeedQuoting() {
        try (LocalPostgres postgres = LocalPostgres.ensure(LocalPostgres.Options.forTests())) {
            assertThatThrownBy(() -> postgres.createDatabaseIfMissing("pkcs; DROP DATABASE postgres"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> postgres.dropDatabase("Pkcs")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void embeddedServerKeepsItsDataAcrossRestarts(@TempDir Path dataDir) throws Exception {
        int port;
        try (LocalPostgres first = LocalPostgres.startEmbedded(0, dataDir)) {
            assertThat(first.embedded()).isTrue();
            port = first.port();
            first.createDatabaseIfMissing("kept");
            try (Connection connection = first.connect("kept");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE marker (id int)");
                statement.execute("INSERT INTO marker VALUES (42)");
            }
        }
        assertThat(Ports.accepts(port)).as("stopped on close").isFalse();

        try (LocalPostgres second = LocalPostgres.startEmbedded(0, dataDir);
                Connection connection = second.connect("kept");
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT id FROM marker")).isEqualTo("42");
        }
    }

    private static boolean exists(LocalPostgres postgres, String database) throws SQLException {
        try (Connection connection = postgres.connect("postgres");
                Statement statement = connection.createStatement()) {
            return single(statement, "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")
                    .equals("1");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }
}
