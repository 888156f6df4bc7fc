package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportKeysTest {

    private static final String NAME = "tenant-1/Microsoft Software Key Storage Provider/PfxImportKey";

    @TempDir
    Path dir;

    private static SecretKey randomKek() {
        byte[] bytes = new byte[32];
        CryptoProviders.random().nextBytes(bytes);
        return ImportKeys.kek(bytes);
    }

    @Test
    void theDefaultIsRsa2048AndOpensslReadsThePublicKeyPem() {
        KeyPair pair = ImportKeys.generate();
        String pem = ImportKeys.publicKeyPem(pair.getPublic());
        TestPki.write(dir, "import.pem", pem);

        String text = OpenSsl.run(dir, "pkey", "-pubin", "-in", "import.pem", "-noout", "-text")
                .assertSuccess()
                .stdout();

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(text).contains("Public-Key: (2048 bit)");
        assertThat(DeviceKeys.parsePem(pem)).isEqualTo(pair.getPublic());
    }

    @Test
    void rsa3072IsAllowed() {
        assertThat(((RSAPublicKey) ImportKeys.generate(3072).getPublic())
                        .getModulus()
                        .bitLength())
                .isEqualTo(3072);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1024, 2047, 2049, 8192})
    void otherSizesAreRefused(int bits) {
        assertThatThrownBy(() -> ImportKeys.generate(bits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2048, 3072 or 4096")
                .hasMessageContaining(String.valueOf(bits));
    }

    @Test
    void wrapThenUnwrapGivesTheKeyBackInTheDocumentedFormat() {
        PrivateKey key = TestPki.keyPair(KeyAlgorithm.RSA_2048).getPrivate();
        SecretKey kek = randomKek();

        byte[] wrapped = ImportKeys.wrapPrivateKey(key, NAME, kek);

        assertThat(wrapped[0]).isEqualTo((byte) 1);
        assertThat(wrapped).hasSize(1 + 12 + key.getEncoded().length + 16);
        assertThat(ImportKeys.unwrapPrivateKey(wrapped, NAME, kek)).isEqualTo(key);
    }

    @Test
    void eachWrapHasAFreshIv() {
        PrivateKey key = TestPki.keyPair(KeyAlgorithm.RSA_2048).getPrivate();
        SecretKey kek = randomKek();

        byte[] first = ImportKeys.wrapPrivateKey(key, NAME, kek);
        byte[] second = ImportKeys.wrapPrivateKey(key, NAME, kek);

        assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aWrongKekIsRefusedWithoutKeyMaterialInTheMessage() {
        PrivateKey key = TestPki.keyPair(KeyAlgorithm.RSA_2048).getPrivate();
        SecretKey kek = randomKek();
        SecretKey otherKek = randomKek();
        byte[] wrapped = ImportKeys.wrapPrivateKey(key, NAME, kek);

        assertThatThrownBy(() -> ImportKeys.unwrapPrivateKey(wrapped, NAME, otherKek))
                .isInstanceOf(ImportKeyException.class)
                .hasMessageContaining("does not authenticate")
                .hasMessageContaining(NAME)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(HexFormat.of().formatHex(kek.getEncoded()))
                        .doesNotContain(Base64.getEncoder().encodeToString(kek.getEncoded()))
                        .doesNotContain(HexFormat.of().formatHex(otherKek.getEncoded()))
                        .doesNotContain(HexFormat.of().formatHex(key.getEncoded(), 0, 16)));
    }

    @Test
    void aKeyWrappedUnderOneNameDoesNotOpenUnderAnother() {
        SecretKey kek = randomKek();
        byte[] wrapped =
                ImportKeys.wrapPrivateKey(TestPki.keyPair(KeyAlgorithm.RSA_2048).getPrivate(), NAME, kek);

        assertThatThrownBy(() -> ImportKeys.unwrapPrivateKey(wrapped, "tenant-2/other", kek))
                .isInstanceOf(ImportKeyException.class)
                .hasMessageContaining("another name");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 12, 13, 100, -1})
    void aFlippedBitAnywhereIsDetected(int position) {
        SecretKey kek = randomKek();
        byte[] wrapped =
                ImportKeys.wrapPrivateKey(TestPki.keyPair(KeyAlgorithm.RSA_2048).getPrivate(), NAME, kek);
        int index = position < 0 ? wrapped.length - 1 : position;
        wrapped[index] ^= 0x01;

        assertThatThrownBy(() -> ImportKeys.unwrapPrivateKey(wrapped, NAME, kek))
                .isInstanceOf(ImportKeyException.class)
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void anUnknownVersionOrTruncatedBlobIsRefused() {
        SecretKey kek = randomKek();
        byte[] wrapped =
                ImportKeys.wrapPrivateKey(TestPki.keyPair(KeyAlgorithm.RSA_2048).getPrivate(), NAME, kek);
        byte[] version2 = wrapped.clone();
        version2[0] = 2;

        assertThatThrownBy(() -> ImportKeys.unwrapPrivateKey(version2, NAME, kek))
                .isInstanceOf(ImportKeyException.class)
                .hasMessageContaining("unsupported format version 2");
        assertThatThrownBy(() -> ImportKeys.unwrapPrivateKey(Arrays.copyOf(wrapped, 20), NAME, kek))
                .isInstanceOf(ImportKeyException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> ImportKeys.unwrapPrivateKey(Arrays.copyOf(wrapped, wrapped.length - 1), NAME, kek))
                .isInstanceOf(ImportKeyException.class);
    }

    @Test
    void theKekMustBe256BitsAndIsNeverQuoted() {
        assertThat(ImportKeys.kekFromBase64(Base64.getEncoder().encodeToString(new byte[32]))
                        .getEncoded())
                .hasSize(32);
        String shortKek = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> ImportKeys.kekFromBase64(shortKek))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 bits")
                .hasMessageNotContaining(shortKek);
        assertThatThrownBy(() -> ImportKeys.kekFromBase64("not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> ImportKeys.kekFromBase64(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyRsaKeysAreWrapped() {
        assertThatThrownBy(() -> ImportKeys.wrapPrivateKey(
                        TestPki.keyPair(KeyAlgorithm.EC_P256).getPrivate(), NAME, randomKek()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
