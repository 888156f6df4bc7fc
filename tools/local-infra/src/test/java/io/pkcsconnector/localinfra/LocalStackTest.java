package io.pkcsconnector.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path root;

    @Test
    void writesTheEnvironmentTheServicesNeed() throws Exception {
        String database = "local_stack_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path envFile = root.resolve("infra.env");
        LocalStack.Options options = new LocalStack.Options(
                root.resolve("data"),
                0,
                0,
                LocalPostgres.DEFAULT_PORT,
                LocalRedis.DEFAULT_PORT,
                database,
                root.resolve("jwt"));

        int kafkaPort;
        try (LocalStack stack = LocalStack.start(options, ContractTopics.all())) {
            kafkaPort = stack.kafka().port();
            stack.writeEnvFile(envFile);

            Properties env = new Properties();
            try (var reader = Files.newBufferedReader(envFile)) {
                env.load(reader);
            }
            String pg = "127.0.0.1:" + stack.postgres().port() + "/" + database;
            assertThat(env)
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort)
                    .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + pg)
                    .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + pg)
                    .containsEntry("QUARKUS_DATASOURCE_USERNAME", "postgres")
                    .containsEntry("QUARKUS_DATASOURCE_PASSWORD", "postgres")
                    .containsEntry(
                            "QUARKUS_REDIS_HOSTS",
                            "redis://127.0.0.1:" + stack.redis().port())
                    .containsEntry(
                            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                            "file:" + root.resolve("jwt/public.pem").toAbsolutePath())
                    .containsEntry("MP_JWT_VERIFY_ISSUER", "https://pkcs-connector.local/dev");
            try (var connection = stack.postgres().connect(database)) {
                assertThat(connection.isValid(5)).isTrue();
            }
            stack.postgres().dropDatabase(database);
        }
        assertThat(Ports.accepts(kafkaPort)).as("Kafka stopped").isFalse();
    }
}
