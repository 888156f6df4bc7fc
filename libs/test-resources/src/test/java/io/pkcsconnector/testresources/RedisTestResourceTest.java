package io.pkcsconnector.testresources;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.localinfra.LocalRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisTestResourceTest {

    @Test
    void pointsQuarkusAtARedisThatAnswers() {
        RedisTestResource resource = new RedisTestResource();
        try {
            Map<String, String> config = resource.start();
            String hosts = config.get("quarkus.redis.hosts");
            assertThat(hosts).matches("redis://127\\.0\\.0\\.1:\\d+");
            assertThat(LocalRedis.ping(Integer.parseInt(hosts.substring(hosts.lastIndexOf(':') + 1))))
                    .isTrue();
        } finally {
            resource.stop();
        }
    }
}
