package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceKeysTest {

    @TempDir
    Path dir;

    @Test
    void aKeyMadeByOpensslIsParsedAndItsOwnerCanUnwrap() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "device.key")
                .assertSuccess();
        OpenSsl.run(dir, "pkey", "-in", "device.key", "-pubout", "-out", "device.pub")
                .assertSuccess();

        RSAPublicKey key = DeviceKeys.parsePem(Files.readString(dir.resolve("device.pub")));
        TestPki.write(dir, "wrapped.bin", PasswordWrapper.wrap("s3cret-Pa55".getBytes(StandardCharsets.US_ASCII), key));
        OpenSsl.run(
                        dir,
                        "pkeyutl",
                        "-decrypt",
                        "-inkey",
                        "device.key",
                        "-in",
                        "wrapped.bin",
                        "-out",
                        "plain.txt",
                        "-pkeyopt",
                        "rsa_padding_mode:oaep",
                        "-pkeyopt",
                        "rsa_oaep_md:sha256",
                        "-pkeyopt",
                        "rsa_mgf1_md:sha256")
                .assertSuccess();

        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(Files.readString(dir.resolve("plain.txt"))).isEqualTo("s3cret-Pa55");
    }

    @Test
    void ourOwnPemRoundTrips() {
        RSAPublicKey key = (RSAPublicKey) TestPki.keyPair(KeyAlgorithm.RSA_2048).getPublic();

        assertThat(DeviceKeys.parsePem(Pem.publicKey(key))).isEqualTo(key);
    }

    @Test
    void ecKeysAreRefused() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key")
                .assertSuccess();
        OpenSsl.run(dir, "pkey", "-in", "ec.key", "-pubout", "-out", "ec.pub").assertSuccess();
        String pem = Files.readString(dir.resolve("ec.pub"));

        assertThatThrownBy(() -> DeviceKeys.parsePem(pem))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("must be RSA");
    }

    @Test
    void shortKeysAreRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        String pem = Pem.publicKey(generator.generateKeyPair().getPublic());

        assertThatThrownBy(() -> DeviceKeys.parsePem(pem))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("1024 bits");
    }

    @Test
    void pkcs1BlocksAreRefusedByName() throws Exception {
        TestPki.write(
                dir,
                "device.key",
                Pem.privateKey(TestPki.keyPair(KeyAlgorithm.RSA_2048).getPrivate()));
        OpenSsl.run(dir, "rsa", "-in", "device.key", "-RSAPublicKey_out", "-out", "pkcs1.pub")
                .assertSuccess();
        String pem = Files.readString(dir.resolve("pkcs1.pub"));

        assertThatThrownBy(() -> DeviceKeys.parsePem(pem))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("'RSA PUBLIC KEY'");
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> DeviceKeys.parsePem("hello"))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("found 0");
        assertThatThrownBy(() -> DeviceKeys.parsePem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("SubjectPublicKeyInfo");
        assertThatThrownBy(() -> DeviceKeys.parsePem("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(InvalidDeviceKeyException.class);
        assertThatThrownBy(() -> DeviceKeys.parsePem(null)).isInstanceOf(InvalidDeviceKeyException.class);
    }

    @Test
    void aCertificateIsNotAPublicKey() {
        String pem = Pem.certificate(TestPki.rsaAuthority().rootCertificate());

        assertThatThrownBy(() -> DeviceKeys.parsePem(pem))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("'CERTIFICATE'");
    }

    @Test
    void twoKeysInOneFieldAreRefused() {
        String key = Pem.publicKey(TestPki.keyPair(KeyAlgorithm.RSA_2048).getPublic());

        assertThatThrownBy(() -> DeviceKeys.parsePem(key + key))
                .isInstanceOf(InvalidDeviceKeyException.class)
                .hasMessageContaining("exactly one");
    }
}
