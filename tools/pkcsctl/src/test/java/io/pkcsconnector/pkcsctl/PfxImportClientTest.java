package io.pkcsconnector.pkcsctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PfxImportClientTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void retryAfterInSeconds() {
        assertThat(PfxImportClient.retryDelay("7", 0, NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(PfxImportClient.retryDelay(" 0 ", 3, NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterAsHttpDate() {
        assertThat(PfxImportClient.retryDelay("Thu, 01 Jan 2026 00:00:12 GMT", 0, NOW))
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(PfxImportClient.retryDelay("Wed, 31 Dec 2025 23:59:00 GMT", 0, NOW))
                .as("a date in the past means now")
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void withoutARetryAfterTheWaitDoublesFromOneSecondUpToThirty() {
        assertThat(IntStream.range(0, 8).mapToObj(i -> PfxImportClient.retryDelay(null, i, NOW)))
                .extracting(Duration::toSeconds)
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(PfxImportClient.retryDelay(null, 1000, NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUnreadableRetryAfterCountsAsNone() {
        assertThat(PfxImportClient.retryDelay("soon", 2, NOW)).isEqualTo(Duration.ofSeconds(4));
        assertThat(PfxImportClient.retryDelay("-5", 0, NOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PfxImportClient.retryDelay("99999999999999999999", 0, NOW)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void percentEncodesForPathsAndQueries() {
        assertThat(PfxImportClient.percentEncode("contoso corp/1+2")).isEqualTo("contoso%20corp%2F1%2B2");
        assertThat(PfxImportClient.odataString("o'brien@contoso.com")).isEqualTo("'o''brien@contoso.com'");
    }
}
