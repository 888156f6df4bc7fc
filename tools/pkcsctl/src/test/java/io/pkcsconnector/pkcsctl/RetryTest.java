package io.pkcsconnector.pkcsctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.pkcsctl.FakeService.Request;
import io.pkcsconnector.pkcsctl.FakeService.Response;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 429 and 503 answers are waited out and retried, as the Intune PowerShell module does. */
class RetryTest {

    private static final String CREATED_KEY = "{\"providerName\":\"contoso\",\"keyName\":\"pfx1\",\"keySize\":2048,"
            + "\"publicKey\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n\","
            + "\"createdDateTime\":\"2026-01-01T00:00:00Z\"}";

    private final FakeService service = new FakeService();

    @AfterEach
    void stopService() {
        service.close();
    }

    private Cli.Result createKey(String... extra) {
        String[] base = {"pfx", "keys", "create", "--url", service.url(), "--provider", "contoso", "--key-name", "pfx1"
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    /** Answers the first {@code throttled} calls with {@code throttle}, then creates the key. */
    private void throttleFirst(int throttled, Response throttle) {
        AtomicInteger calls = new AtomicInteger();
        service.respond(request -> calls.incrementAndGet() <= throttled ? throttle : Response.json(201, CREATED_KEY));
    }

    @Test
    void waitsRetryAfterSecondsAndRetriesUntilTheCallSucceeds() {
        throttleFirst(
                2, Response.problem(429, "Too Many Requests", "slow down", null).withHeader("Retry-After", "1"));

        long start = System.nanoTime();
        Cli.Result result = createKey();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(service.requests()).extracting(Request::method).containsExactly("POST", "POST", "POST");
        assertThat(service.requests())
                .extracting(r -> r.json().toString())
                .containsOnly("{\"providerName\":\"contoso\",\"keyName\":\"pfx1\"}");
        assertThat(elapsed).isBetween(Duration.ofMillis(1950), Duration.ofSeconds(10));
        assertThat(result.err())
                .contains("429 Too Many Requests: retrying in 1 s (attempt 2 of 6)")
                .contains("429 Too Many Requests: retrying in 1 s (attempt 3 of 6)");
    }

    @Test
    void givesUpAfterMaxRetriesAndPrintsTheProblem() {
        throttleFirst(
                10,
                Response.problem(429, "Too Many Requests", "tenant quota exhausted", "throttled")
                        .withHeader("Retry-After", "0"));

        Cli.Result result = createKey("--max-retries", "2");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(service.requests()).hasSize(3);
        assertThat(result.err())
                .contains("retrying in 0 s (attempt 3 of 3)")
                .contains("429 Too Many Requests: tenant quota exhausted (errorCode: throttled)");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void noRetriesWithMaxRetriesZero() {
        throttleFirst(
                1,
                Response.problem(503, "Service Unavailable", "draining", null).withHeader("Retry-After", "0"));

        Cli.Result result = createKey("--max-retries", "0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(service.requests()).hasSize(1);
        assertThat(result.err()).contains("503 Service Unavailable: draining").doesNotContain("retrying");
    }

    @Test
    void understandsRetryAfterAsAnHttpDate() {
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        throttleFirst(
                1,
                Response.problem(503, "Service Unavailable", "restarting", null)
                        .withHeader("Retry-After", inTwoSeconds));

        long start = System.nanoTime();
        Cli.Result result = createKey();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests()).hasSize(2);
        // The date has whole seconds, so "in two seconds" is between one and two seconds away.
        assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertThat(result.err()).containsPattern("503 Service Unavailable: retrying in [12] s \\(attempt 2 of 6\\)");
    }

    @Test
    void backsOffOneSecondFirstWithoutRetryAfter() {
        throttleFirst(1, Response.problem(503, "Service Unavailable", "restarting", null));

        long start = System.nanoTime();
        Cli.Result result = createKey();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests()).hasSize(2);
        assertThat(elapsed).isBetween(Duration.ofMillis(950), Duration.ofSeconds(10));
        assertThat(result.err()).contains("503 Service Unavailable: retrying in 1 s (attempt 2 of 6)");
    }

    @Test
    void otherErrorsAreNotRetried() {
        throttleFirst(5, Response.problem(500, "Internal Server Error", "database down", null));

        Cli.Result result = createKey();

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(service.requests()).hasSize(1);
        assertThat(result.err()).contains("500 Internal Server Error: database down");
    }
}
