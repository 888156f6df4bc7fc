package io.pkcsconnector.testresources;

import io.pkcsconnector.localinfra.DevJwt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Bearer tokens that the service under test accepts while {@link JwtTestResource} runs, e.g.
 * {@code given().auth().oauth2(TestTokens.admin("tenant-a"))}.
 */
public final class TestTokens {

    /** Long enough for any test, short enough that a leaked one is useless. */
    public static final Duration TTL = Duration.ofMinutes(30);

    private static DevJwt cached;

    private TestTokens() {}

    /** An admin of {@code tenant}; subject {@code test-admin}. */
    public static String admin(String tenant) {
        return token(tenant, Set.of("admin"), "test-admin");
    }

    /** Device {@code deviceId} of {@code tenant}; the subject is the device id. */
    public static String device(String tenant, String deviceId) {
        return token(tenant, Set.of("device"), deviceId);
    }

    /** A connector (issuance worker identity) of {@code tenant}; subject {@code test-connector}. */
    public static String connector(String tenant) {
        return token(tenant, Set.of("connector"), "test-connector");
    }

    /** Any combination of claims, valid for {@link #TTL}; a {@code null} tenant leaves {@code tid} out. */
    public static String token(String tenant, Set<String> groups, String subject) {
        return token(tenant, groups, subject, TTL);
    }

    public static String token(String tenant, Set<String> groups, String subject, Duration ttl) {
        return jwt().token(tenant, groups, subject, ttl);
    }

    private static synchronized DevJwt jwt() {
        String dir = System.getProperty(JwtTestResource.KEY_DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException("no test JWT keys: add @WithTestResource(JwtTestResource.class)");
        }
        // A restarted resource (another test profile) brings a new key pair in a new directory.
        if (cached == null || !cached.dir().equals(Path.of(dir))) {
            cached = DevJwt.open(Path.of(dir));
        }
        return cached;
    }
}
