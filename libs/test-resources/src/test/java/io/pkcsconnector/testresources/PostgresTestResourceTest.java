package io.pkcsconnector.testresources;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresTestResourceTest {

    @Test
    void createsAFreshDatabaseAndDropsItOnStop() throws Exception {
        PostgresTestResource first = new PostgresTestResource();
        PostgresTestResource second = new PostgresTestResource();
        Map<String, String> config = first.start();
        String database = first.database();
        try {
            assertThat(database).matches("pkcs_test_[0-9a-f]{12}");
            assertThat(config.get("quarkus.datasource.jdbc.url")).endsWith("/" + database);
            assertThat(config.get("quarkus.datasource.reactive.url"))
                    .startsWith("postgresql://127.0.0.1:")
                    .endsWith("/" + database);
            assertThat(PostgresTestResource.jdbcUrl()).isEqualTo(config.get("quarkus.datasource.jdbc.url"));

            second.start();
            assertThat(second.database()).as("isolated per run").isNotEqualTo(database);
            second.stop();

            try (Connection connection = connect(config, config.get("quarkus.datasource.jdbc.url"));
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT current_database()")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(database);
            }
        } finally {
            first.stop();
        }

        String postgresDb = config.get("quarkus.datasource.jdbc.url").replace("/" + database, "/postgres");
        try (Connection connection = connect(config, postgresDb);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname LIKE '" + database + "'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).as("dropped").isZero();
        }
    }

    private static Connection connect(Map<String, String> config, String url) throws Exception {
        return DriverManager.getConnection(
                url, config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
    }
}
