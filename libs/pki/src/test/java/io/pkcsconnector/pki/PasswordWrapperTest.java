package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PasswordWrapperTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(OaepPadding.class)
    void opensslRecoversTheWrappedPassword(OaepPadding padding) throws Exception {
        KeyPair device = TestPki.keyPair(KeyAlgorithm.RSA_2048);
        char[] password = PasswordGenerator.generate();
        TestPki.write(dir, "device.key", Pem.privateKey(device.getPrivate()));
        TestPki.write(
                dir,
                "wrapped.bin",
                PasswordWrapper.wrap(PasswordGenerator.toBytes(password), device.getPublic(), padding));

        OpenSsl.run(
                        dir,
                        "pkeyutl",
                        "-decrypt",
                        "-inkey",
                        "device.key",
                        "-in",
                        "wrapped.bin",
                        "-out",
                        "password.txt",
                        "-pkeyopt",
                        "rsa_padding_mode:oaep",
                        "-pkeyopt",
                        "rsa_oaep_md:" + padding.openSslDigest(),
                        "-pkeyopt",
                        "rsa_mgf1_md:" + padding.openSslDigest())
                .assertSuccess();

        assertThat(Files.readString(dir.resolve("password.txt"), StandardCharsets.US_ASCII))
                .isEqualTo(new String(password));
    }

    @Test
    void mgf1UsesSha256NotTheJdkDefaultSha1() {
        KeyPair device = TestPki.keyPair(KeyAlgorithm.RSA_2048);
        TestPki.write(dir, "device.key", Pem.privateKey(device.getPrivate()));
        TestPki.write(
                dir,
                "wrapped.bin",
                PasswordWrapper.wrap("secret".getBytes(StandardCharsets.US_ASCII), device.getPublic()));

        OpenSsl.Result withSha1Mgf = OpenSsl.run(
                dir,
                "pkeyutl",
                "-decrypt",
                "-inkey",
                "device.key",
                "-in",
                "wrapped.bin",
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-pkeyopt",
                "rsa_oaep_md:sha256",
                "-pkeyopt",
                "rsa_mgf1_md:sha1");

        assertThat(withSha1Mgf.exitCode()).isNotZero();
    }

    @Test
    void unwrapReversesWrap() {
        KeyPair device = TestPki.keyPair(KeyAlgorithm.RSA_3072);
        byte[] password = PasswordGenerator.toBytes(PasswordGenerator.generate());

        byte[] wrapped = PasswordWrapper.wrap(password, device.getPublic());

        assertThat(wrapped).hasSize(384);
        assertThat(PasswordWrapper.unwrap(wrapped, device.getPrivate())).isEqualTo(password);
        assertThatThrownBy(() -> PasswordWrapper.unwrap(wrapped, device.getPrivate(), OaepPadding.OAEP_SHA512))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrappingIsRandomised() {
        KeyPair device = TestPki.keyPair(KeyAlgorithm.RSA_2048);
        byte[] password = "same".getBytes(StandardCharsets.US_ASCII);

        assertThat(PasswordWrapper.wrap(password, device.getPublic()))
                .isNotEqualTo(PasswordWrapper.wrap(password, device.getPublic()));
    }

    @Test
    void ecDeviceKeysAreRefused() {
        assertThatThrownBy(() -> PasswordWrapper.wrap(
                        new byte[] {1}, TestPki.keyPair(KeyAlgorithm.EC_P256).getPublic()))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("must be RSA");
    }

    @Test
    void shortRsaDeviceKeysAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        RSAPublicKey small = (RSAPublicKey) generator.generateKeyPair().getPublic();

        assertThatThrownBy(() -> PasswordWrapper.wrap(new byte[] {1}, small))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("1024 bits")
                .hasMessageContaining("2048");
    }

    @Test
    void tooLongPasswordsAreRefusedClearly() {
        KeyPair device = TestPki.keyPair(KeyAlgorithm.RSA_2048);

        assertThatThrownBy(() -> PasswordWrapper.wrap(new byte[191], device.getPublic()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 190 bytes");
    }

    @Test
    void paddingWireNames() {
        assertThat(OaepPadding.fromWireName("oaepSha384")).isEqualTo(OaepPadding.OAEP_SHA384);
        assertThatThrownBy(() -> OaepPadding.fromWireName("pkcs1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refused");
        assertThatThrownBy(() -> OaepPadding.fromWireName("oaepSha1")).isInstanceOf(IllegalArgumentException.class);
    }
}
