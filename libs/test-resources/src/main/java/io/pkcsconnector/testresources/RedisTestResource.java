package io.pkcsconnector.testresources;

import io.pkcsconnector.localinfra.LocalRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The local Redis on 6379, or an embedded one on a free port when none answers.
 *
 * <p>Config returned: {@code quarkus.redis.hosts}.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private LocalRedis redis;

    @Override
    public Map<String, String> start() {
        redis = LocalRedis.ensureForTests();
        return Map.of("quarkus.redis.hosts", redis.hosts());
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
