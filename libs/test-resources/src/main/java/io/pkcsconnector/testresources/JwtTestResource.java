package io.pkcsconnector.testresources;

import io.pkcsconnector.localinfra.DevJwt;
import io.pkcsconnector.localinfra.Dirs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * A throw-away dev JWT key pair that the service under test trusts; {@link TestTokens} signs with
 * it.
 *
 * <p>Config returned: {@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.issuer}.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    /**
     * System property carrying the key directory to {@link TestTokens}, which the test's class
     * loader may load apart from this resource.
     */
    public static final String KEY_DIR_PROPERTY = "pkcs.test.jwt.dir";

    private Path dir;

    @Override
    public Map<String, String> start() {
        dir = Dirs.createTemp("jwt-test-");
        DevJwt jwt = DevJwt.open(dir);
        System.setProperty(KEY_DIR_PROPERTY, jwt.dir().toString());
        return Map.of(
                "mp.jwt.verify.publickey.location", jwt.publicKeyLocation(),
                "mp.jwt.verify.issuer", jwt.issuer());
    }

    @Override
    public void stop() {
        if (dir != null && dir.toString().equals(System.getProperty(KEY_DIR_PROPERTY))) {
            System.clearProperty(KEY_DIR_PROPERTY);
        }
        Dirs.deleteRecursively(dir);
        dir = null;
    }
}
