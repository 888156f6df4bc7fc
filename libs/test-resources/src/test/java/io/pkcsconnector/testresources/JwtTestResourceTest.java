package io.pkcsconnector.testresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

class JwtTestResourceTest {

    @Test
    void tokensVerifyWithTheConfiguredPublicKeyAndIssuer() throws Exception {
        JwtTestResource resource = new JwtTestResource();
        Map<String, String> config = resource.start();
        Path publicKey;
        try {
            String location = config.get("mp.jwt.verify.publickey.location");
            assertThat(location).startsWith("file:");
            publicKey = Path.of(location.substring("file:".length()));
            JwtConsumer consumer = consumer(readPem(publicKey), config.get("mp.jwt.verify.issuer"));

            JwtClaims admin = consumer.processToClaims(TestTokens.admin("tenant-a"));
            assertThat(admin.getStringClaimValue("tid")).isEqualTo("tenant-a");
            assertThat(admin.getStringListClaimValue("groups")).containsExactly("admin");

            JwtClaims device = consumer.processToClaims(TestTokens.device("tenant-b", "device-1"));
            assertThat(device.getSubject()).isEqualTo("device-1");
            assertThat(device.getStringClaimValue("upn")).isEqualTo("device-1");
            assertThat(device.getStringListClaimValue("groups")).containsExactly("device");

            JwtClaims connector = consumer.processToClaims(TestTokens.connector("tenant-a"));
            assertThat(connector.getStringListClaimValue("groups")).containsExactly("connector");
        } finally {
            resource.stop();
        }
        assertThat(Files.exists(publicKey)).as("keys deleted on stop").isFalse();
        assertThatThrownBy(() -> TestTokens.admin("tenant-a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRestartedResourceBringsNewKeysThatTestTokensFollows() throws Exception {
        JwtTestResource first = new JwtTestResource();
        first.start();
        first.stop();
        JwtTestResource second = new JwtTestResource();
        Map<String, String> config = second.start();
        try {
            PublicKey key = readPem(
                    Path.of(config.get("mp.jwt.verify.publickey.location").substring(5)));
            assertThat(consumer(key, config.get("mp.jwt.verify.issuer"))
                            .processToClaims(TestTokens.admin("t"))
                            .getSubject())
                    .isEqualTo("test-admin");
        } finally {
            second.stop();
        }
    }

    private static JwtConsumer consumer(PublicKey key, String issuer) {
        return new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setExpectedIssuer(issuer)
                .setRequireExpirationTime()
                .setSkipDefaultAudienceValidation()
                .build();
    }

    private static PublicKey readPem(Path file) throws Exception {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
