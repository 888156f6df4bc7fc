package io.pkcsconnector.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevJwtTest {

    @TempDir
    Path dir;

    @Test
    void generatesTheKeyPairOnceWithAnOwnerOnlyPrivateKey() throws Exception {
        DevJwt first = DevJwt.open(dir);
        String privatePem = Files.readString(dir.resolve("private.pem"));
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("public.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("private.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("public.pem"))))
                .isEqualTo("rw-r--r--");

        DevJwt second = DevJwt.open(dir);
        assertThat(Files.readString(dir.resolve("private.pem"))).isEqualTo(privatePem);
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(first.publicKeyLocation())
                .isEqualTo("file:" + dir.toAbsolutePath().resolve("public.pem"));
    }

    @Test
    void tokensVerifyAgainstPublicPemAndCarryTheClaims() throws Exception {
        String token = DevJwt.open(dir).token("tenant-a", Set.of("device"), "device-42", Duration.ofMinutes(5));

        JwtClaims claims =
                consumer(readPublicPem(dir.resolve("public.pem")), null).processToClaims(token);
        assertThat(claims.getIssuer()).isEqualTo("https://pkcs-connector.local/dev");
        assertThat(claims.getSubject()).isEqualTo("device-42");
        assertThat(claims.getStringClaimValue("upn")).isEqualTo("device-42");
        assertThat(claims.getStringClaimValue("tid")).isEqualTo("tenant-a");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("device");
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(claims.getAudience()).isEmpty();
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue())
                .isEqualTo(300);
    }

    @Test
    void audienceIsOptional() throws Exception {
        DevJwt jwt = DevJwt.open(dir);
        String token = jwt.token("t", Set.of("admin", "connector"), "someone", Duration.ofMinutes(1), "pkcs");

        JwtClaims claims = consumer(jwt.publicKey(), "pkcs").processToClaims(token);
        assertThat(claims.getAudience()).containsExactly("pkcs");
        assertThat(claims.getStringListClaimValue("groups")).containsExactlyInAnyOrder("admin", "connector");
    }

    @Test
    void aNullTenantLeavesTheTenantClaimOut() throws Exception {
        DevJwt jwt = DevJwt.open(dir);
        JwtClaims claims = consumer(jwt.publicKey(), null)
                .processToClaims(jwt.token(null, Set.of("admin"), "no-tenant", Duration.ofMinutes(1)));

        assertThat(claims.hasClaim("tid")).isFalse();
        assertThat(claims.getSubject()).isEqualTo("no-tenant");
    }

    @Test
    void anotherKeyPairDoesNotVerify(@TempDir Path otherDir) {
        String token = DevJwt.open(otherDir).token("t", Set.of("admin"), "a", Duration.ofMinutes(1));

        assertThatThrownBy(() -> consumer(DevJwt.open(dir).publicKey(), null).processToClaims(token))
                .isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void restoresAMissingPublicKeyFromThePrivateKey() throws Exception {
        PublicKey original = DevJwt.open(dir).publicKey();
        Files.delete(dir.resolve("public.pem"));

        assertThat(DevJwt.open(dir).publicKey()).isEqualTo(original);
        assertThat(readPublicPem(dir.resolve("public.pem"))).isEqualTo(original);
    }

    static JwtConsumer consumer(PublicKey key, String audience) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setExpectedIssuer(DevJwt.ISSUER)
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256);
        if (audience == null) {
            builder.setSkipDefaultAudienceValidation();
        } else {
            builder.setExpectedAudience(audience);
        }
        return builder.build();
    }

    static PublicKey readPublicPem(Path file) throws Exception {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
