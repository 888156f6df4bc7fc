package io.pkcsconnector.testresources;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.pkcsconnector.localinfra.DevJwt;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

/**
 * What every service must do whatever its business: report health on its real dependencies, expose
 * Prometheus metrics and OpenAPI, authenticate every API call with a tenant-scoped JWT, answer errors as
 * problem+json, and migrate its own schema. Each service runs it as a {@code @QuarkusTest} subclass with
 * the Kafka, PostgreSQL, (Redis) and JWT test resources.
 */
public abstract class ServiceBaselineTest {

    private final String schema;
    private final List<String> readinessChecks;

    @Inject
    Flyway flyway;

    /**
     * @param schema the service's database schema
     * @param readinessChecks fragments of the readiness check names that must be present and UP
     */
    protected ServiceBaselineTest(String schema, List<String> readinessChecks) {
        this.schema = schema;
        this.readinessChecks = readinessChecks;
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessChecksEveryRealDependency() {
        JsonPath health =
                given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("status")).isEqualTo("UP");
        List<String> names = health.getList("checks.name");
        List<String> states = health.getList("checks.status");
        for (String expected : readinessChecks) {
            assertThat(names).as("readiness checks").anySatisfy(n -> assertThat(n)
                    .containsIgnoringCase(expected));
        }
        assertThat(states).containsOnly("UP");
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentsTheApi() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/me"));
    }

    @Test
    void apiRejectsCallsWithoutTokenAsProblemJson() {
        given().get("/v1/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("instance", equalTo("/v1/me"));
    }

    @Test
    void apiRejectsTokenSignedByAnotherKey() throws Exception {
        Path otherKeys = Files.createTempDirectory("foreign-jwt-");
        String forged = DevJwt.open(otherKeys).token("tenant-a", Set.of("admin"), "intruder", Duration.ofMinutes(5));
        given().auth().oauth2(forged).get("/v1/me").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void apiReportsTheVerifiedCaller() {
        given().auth()
                .oauth2(TestTokens.device("tenant-a", "device-42"))
                .get("/v1/me")
                .then()
                .statusCode(200)
                .body("tenantId", equalTo("tenant-a"))
                .body("subject", equalTo("device-42"))
                .body("roles", org.hamcrest.Matchers.contains("device"));
    }

    @Test
    void tokenWithoutTenantIsForbidden() {
        given().auth()
                .oauth2(TestTokens.token(null, Set.of("admin"), "no-tenant"))
                .get("/v1/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("tid"));
    }

    @Test
    void unknownPathIsProblemJsonWithoutStackTrace() {
        given().auth()
                .oauth2(TestTokens.admin("tenant-a"))
                .get("/v1/no-such-thing")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body(not(containsString("Exception")));
    }

    @Test
    void ownSchemaIsMigrated() {
        assertThat(flyway.getConfiguration().getSchemas()).containsExactly(schema);
        MigrationInfo[] applied = flyway.info().applied();
        assertThat(applied)
                .filteredOn(m -> m.getVersion() != null)
                .extracting(m -> m.getVersion().getVersion())
                .contains("1");
        assertThat(applied).allSatisfy(m -> assertThat(m.getState().isFailed()).isFalse());
    }
}
