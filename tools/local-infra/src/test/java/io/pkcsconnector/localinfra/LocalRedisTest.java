package io.pkcsconnector.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalRedisTest {

    @Test
    void setsAndGetsOnWhicheverServerIsThere() {
        String key = "local-infra-test:" + UUID.randomUUID();
        try (LocalRedis redis = LocalRedis.ensureForTests()) {
            assertThat(redis.hosts()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.command("SET", key, "value with spaces", "EX", "60"))
                    .isEqualTo("OK");
            assertThat(redis.command("GET", key)).isEqualTo("value with spaces");
            assertThat(redis.command("DEL", key)).isEqualTo("1");
            assertThat(redis.command("GET", key)).isNull();
        }
    }

    @Test
    void embeddedServerStartsAndStops() {
        int port;
        try (LocalRedis redis = LocalRedis.startEmbedded(0)) {
            port = redis.port();
            assertThat(redis.embedded()).isTrue();
            assertThat(LocalRedis.ping(port)).isTrue();
            assertThat(redis.command("SET", "k", "v")).isEqualTo("OK");
            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
        assertThat(LocalRedis.ping(port)).isFalse();
    }

    @Test
    void anExistingServerIsUsedNotReplaced() {
        try (LocalRedis embedded = LocalRedis.startEmbedded(0);
                LocalRedis found = LocalRedis.ensure(embedded.port())) {
            assertThat(found.embedded()).isFalse();
            assertThat(found.port()).isEqualTo(embedded.port());
            found.close();
            assertThat(LocalRedis.ping(embedded.port()))
                    .as("closing a found server leaves it running")
                    .isTrue();
        }
    }
}
