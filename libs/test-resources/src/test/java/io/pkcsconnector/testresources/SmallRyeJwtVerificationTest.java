package io.pkcsconnector.testresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The services verify with SmallRye JWT, configured only by what JwtTestResource returns. */
class SmallRyeJwtVerificationTest {

    private final JwtTestResource resource = new JwtTestResource();
    private DefaultJWTParser parser;

    @BeforeEach
    void start() {
        Map<String, String> config = resource.start();
        parser = new DefaultJWTParser(new JWTAuthContextInfo(
                config.get("mp.jwt.verify.publickey.location"), config.get("mp.jwt.verify.issuer")));
    }

    @AfterEach
    void stop() {
        resource.stop();
    }

    @Test
    void acceptsDeviceTokensWithTheirClaims() throws Exception {
        JsonWebToken jwt = parser.parse(TestTokens.device("tenant-a", "device-9"));

        assertThat(jwt.getSubject()).isEqualTo("device-9");
        assertThat(jwt.getName()).isEqualTo("device-9");
        assertThat(jwt.getGroups()).containsExactly("device");
        assertThat(jwt.<String>getClaim("tid")).isEqualTo("tenant-a");
    }

    @Test
    void acceptsAdminAndConnectorTokens() throws Exception {
        assertThat(parser.parse(TestTokens.admin("t")).getGroups()).containsExactly("admin");
        assertThat(parser.parse(TestTokens.connector("t")).getGroups()).containsExactly("connector");
        assertThat(parser.parse(TestTokens.token("t", Set.of("admin", "connector"), "both"))
                        .getGroups())
                .containsExactlyInAnyOrder("admin", "connector");
    }

    @Test
    void aTenantlessTokenVerifiesSoTheServiceCanRefuseIt() throws Exception {
        JsonWebToken jwt = parser.parse(TestTokens.token(null, Set.of("admin"), "no-tenant"));

        assertThat(jwt.containsClaim("tid")).isFalse();
    }

    @Test
    void rejectsATamperedToken() {
        String token = TestTokens.admin("t");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];

        assertThatThrownBy(() -> parser.parse(forged)).isInstanceOf(ParseException.class);
    }
}
