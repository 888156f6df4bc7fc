package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.pki.KeyAlgorithm;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class KeyPairPoolTest {

    @Test
    void fillsOnlyWhileACoreIsSpareAndHandsOutWhatItMade() {
        AtomicBoolean spare = new AtomicBoolean(false);
        try (KeyPairPool pool = new KeyPairPool(Map.of(KeyAlgorithm.EC_P256, 3), spare::get)) {
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
            assertThat(pool.available(KeyAlgorithm.EC_P256))
                    .as("busy: nothing made")
                    .isZero();
            assertThat(pool.take(KeyAlgorithm.EC_P256)).isEmpty();
            assertThat(pool.misses()).isEqualTo(1);

            spare.set(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.available(KeyAlgorithm.EC_P256) == 3);
            spare.set(false);
            assertThat(pool.take(KeyAlgorithm.EC_P256))
                    .hasValueSatisfying(pair -> assertThat(pair.getPublic()).isInstanceOf(ECPublicKey.class));
            assertThat(pool.take(KeyAlgorithm.EC_P256)).isPresent();
            assertThat(pool.hits()).isEqualTo(2);
            assertThat(pool.available(KeyAlgorithm.EC_P256)).isEqualTo(1);
        }
    }

    @Test
    void unpooledAlgorithmsAreNeitherMadeNorCounted() {
        try (KeyPairPool pool = new KeyPairPool(Map.of(KeyAlgorithm.RSA_2048, 0), () -> true)) {
            assertThat(pool.take(KeyAlgorithm.RSA_2048)).isEmpty();
            assertThat(pool.available(KeyAlgorithm.RSA_2048)).isZero();
            assertThat(pool.misses()).isZero();
        }
    }

    @Test
    void aNegativeCapacityIsRefused() {
        assertThatThrownBy(() -> new KeyPairPool(Map.of(KeyAlgorithm.RSA_2048, -1), () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rsa2048");
    }
}
