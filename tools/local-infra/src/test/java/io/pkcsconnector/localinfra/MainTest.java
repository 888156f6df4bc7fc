package io.pkcsconnector.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

    @TempDir
    Path jwtDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void tokenPrintsADeviceJwtThatVerifies() throws Exception {
        int exitCode = run(
                "token",
                "--role",
                "device",
                "--device",
                "dev-7",
                "--tenant",
                "t1",
                "--jwt-dir",
                jwtDir.toString(),
                "--ttl",
                "30m");

        assertThat(exitCode).isZero();
        String token = out.toString().strip();
        assertThat(token).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        JwtClaims claims = DevJwtTest.consumer(DevJwtTest.readPublicPem(jwtDir.resolve("public.pem")), null)
                .processToClaims(token);
        assertThat(claims.getSubject()).isEqualTo("dev-7");
        assertThat(claims.getStringClaimValue("tid")).isEqualTo("t1");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("device");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
                .isEqualTo(1800);
    }

    @Test
    void adminAndConnectorTokensDefaultTheirSubjectAndTenant() throws Exception {
        assertThat(run("token", "--role", "admin", "--jwt-dir", jwtDir.toString()))
                .isZero();
        assertThat(run("token", "--role", "CONNECTOR", "--jwt-dir", jwtDir.toString()))
                .isZero();

        String[] tokens = out.toString().strip().split("\\R");
        assertThat(tokens).hasSize(2);
        var consumer = DevJwtTest.consumer(DevJwtTest.readPublicPem(jwtDir.resolve("public.pem")), null);
        JwtClaims admin = consumer.processToClaims(tokens[0]);
        JwtClaims connector = consumer.processToClaims(tokens[1]);
        assertThat(admin.getSubject()).isEqualTo("dev-admin");
        assertThat(admin.getStringClaimValue("tid")).isEqualTo("tenant-dev");
        assertThat(admin.getStringListClaimValue("groups")).containsExactly("admin");
        assertThat(connector.getSubject()).isEqualTo("dev-connector");
        assertThat(connector.getStringListClaimValue("groups")).containsExactly("connector");
    }

    @Test
    void aDeviceTokenNeedsADeviceId() {
        assertThat(run("token", "--role", "device", "--jwt-dir", jwtDir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--device");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpDocumentsEveryOption() {
        assertThat(run("up", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--data-dir",
                        "--kafka-port",
                        "--kafka-controller-port",
                        "--postgres-port",
                        "--redis-port",
                        "--database",
                        "--env-file",
                        "--jwt-dir");

        out.getBuffer().setLength(0);
        assertThat(run("token", "--help")).isZero();
        assertThat(out.toString()).contains("--role", "--device", "--tenant", "--jwt-dir", "--ttl");
    }

    @Test
    void ttlTakesShortAndIsoForms() {
        Main.DurationConverter converter = new Main.DurationConverter();
        assertThat(converter.convert("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(converter.convert("PT15M")).isEqualTo(Duration.ofMinutes(15));
    }
}
