package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyAlgorithmTest {

    @Test
    void wireNamesAreTheGraphValues() {
        assertThat(KeyAlgorithm.values())
                .extracting(KeyAlgorithm::wireName)
                .containsExactly("rsa2048", "rsa3072", "rsa4096", "ecP256", "ecP384");
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void wireNameRoundTrips(KeyAlgorithm algorithm) {
        assertThat(KeyAlgorithm.fromWireName(algorithm.wireName())).isSameAs(algorithm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa1024", "RSA2048", "ecP521", "", "ed25519"})
    void unknownWireNamesAreRejectedWithTheAllowedValues(String wireName) {
        assertThatThrownBy(() -> KeyAlgorithm.fromWireName(wireName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key algorithm '" + wireName + "'")
                .hasMessageContaining("rsa2048, rsa3072, rsa4096, ecP256, ecP384");
    }

    @Test
    void nullWireNameIsRejected() {
        assertThatThrownBy(() -> KeyAlgorithm.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void generatesKeyPairsOfTheRightKindAndSize(KeyAlgorithm algorithm) {
        KeyPair pair = TestPki.keyPair(algorithm);

        if (algorithm.isRsa()) {
            assertThat(pair.getPublic()).isInstanceOf(RSAPublicKey.class);
            assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength())
                    .isEqualTo(algorithm.keySize());
        } else {
            assertThat(pair.getPublic()).isInstanceOf(ECPublicKey.class);
        }
        assertThat(KeyAlgorithm.of(pair.getPublic())).contains(algorithm);
    }

    @Test
    void otherCurvesOfTheSameSizeAreNotMistakenForP256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", CryptoProviders.bouncyCastle());
        generator.initialize(new ECGenParameterSpec("secp256k1"));

        assertThat(KeyAlgorithm.of(generator.generateKeyPair().getPublic())).isEmpty();
    }

    @Test
    void shortRsaKeysHaveNoAlgorithm() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);

        assertThat(KeyAlgorithm.of(generator.generateKeyPair().getPublic())).isEmpty();
    }
}
