package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenSSL plays the administrator's PowerShell: it encrypts with the PEM public key the API hands out. */
class ImportedPasswordDecryptorTest {

    /** ISO-8859-1, one byte per character, as the Intune PowerShell module sends it. */
    private static final String PASSWORD = "Pässwörd-1234!";

    private static KeyPair importKey;

    @TempDir
    Path dir;

    @BeforeAll
    static void key() {
        importKey = TestPki.keyPair(KeyAlgorithm.RSA_2048);
    }

    /** Encrypts the ISO-8859-1 bytes of {@code password} with openssl, OAEP and MGF1 both with {@code md}. */
    private String opensslEncrypt(String password, String oaepMd, String mgf1Md) {
        TestPki.write(dir, "import.pem", ImportKeys.publicKeyPem(importKey.getPublic()));
        TestPki.write(dir, "password.bin", password.getBytes(StandardCharsets.ISO_8859_1));
        OpenSsl.run(
                        dir,
                        "pkeyutl",
                        "-encrypt",
                        "-pubin",
                        "-inkey",
                        "import.pem",
                        "-in",
                        "password.bin",
                        "-out",
                        "encrypted.bin",
                        "-pkeyopt",
                        "rsa_padding_mode:oaep",
                        "-pkeyopt",
                        "rsa_oaep_md:" + oaepMd,
                        "-pkeyopt",
                        "rsa_mgf1_md:" + mgf1Md)
                .assertSuccess();
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("encrypted.bin")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(ImportPaddingScheme.class)
    void decryptsWhatOpensslEncryptedWithTheSchemesHash(ImportPaddingScheme scheme) {
        String md = scheme.oaepPadding().openSslDigest();
        String encrypted = opensslEncrypt(PASSWORD, md, md);

        char[] password = ImportedPasswordDecryptor.decrypt(encrypted, importKey.getPrivate(), scheme);

        assertThat(new String(password)).isEqualTo(PASSWORD);
        assertThat(password).contains('ä', 'ö');
    }

    @Test
    void noneMeansOaepSha512() {
        assertThat(ImportPaddingScheme.NONE.oaepPadding()).isEqualTo(OaepPadding.OAEP_SHA512);
        assertThat(ImportPaddingScheme.DEFAULT.oaepPadding()).isEqualTo(OaepPadding.OAEP_SHA512);
        String encrypted = opensslEncrypt(PASSWORD, "sha512", "sha512");

        assertThat(ImportedPasswordDecryptor.decrypt(encrypted, importKey.getPrivate(), ImportPaddingScheme.NONE))
                .isEqualTo(PASSWORD.toCharArray());
        assertThat(ImportPaddingScheme.fromWireNameOrNone(null)).isEqualTo(ImportPaddingScheme.NONE);
    }

    @Test
    void theWrongHashFailsWithPasswordDecryptionFailed() {
        String encrypted = opensslEncrypt(PASSWORD, "sha384", "sha384");

        assertThatThrownBy(() -> ImportedPasswordDecryptor.decrypt(
                        encrypted, importKey.getPrivate(), ImportPaddingScheme.OAEP_SHA256))
                .isInstanceOf(PfxImportException.class)
                .hasMessageNotContaining(PASSWORD)
                .extracting(e -> ((PfxImportException) e).failure())
                .isEqualTo(PfxImportFailure.PASSWORD_DECRYPTION_FAILED);
    }

    @Test
    void oaepWithMgf1Sha1IsNotWhatCngSendsAndFails() {
        // The JDK's "OAEPWithSHA-256AndMGF1Padding" default; CNG uses the OAEP hash for MGF1 too.
        String encrypted = opensslEncrypt(PASSWORD, "sha256", "sha1");

        assertThatThrownBy(() -> ImportedPasswordDecryptor.decrypt(
                        encrypted, importKey.getPrivate(), ImportPaddingScheme.OAEP_SHA256))
                .isInstanceOf(PfxImportException.class)
                .extracting(e -> ((PfxImportException) e).failure())
                .isEqualTo(PfxImportFailure.PASSWORD_DECRYPTION_FAILED);
    }

    @Test
    void anotherKeyFails() {
        String encrypted = opensslEncrypt(PASSWORD, "sha256", "sha256");
        KeyPair other = TestPki.keyPair(KeyAlgorithm.RSA_3072);

        assertThatThrownBy(() -> ImportedPasswordDecryptor.decrypt(
                        encrypted, other.getPrivate(), ImportPaddingScheme.OAEP_SHA256))
                .isInstanceOf(PfxImportException.class)
                .hasMessageStartingWith("passwordDecryptionFailed: ");
    }

    @Test
    void corruptOrTruncatedCiphertextFails() {
        byte[] encrypted = Base64.getDecoder().decode(opensslEncrypt(PASSWORD, "sha256", "sha256"));
        byte[] flipped = encrypted.clone();
        flipped[100] ^= 0x40;

        for (String bad : new String[] {
            Base64.getEncoder().encodeToString(flipped),
            Base64.getEncoder().encodeToString(Arrays.copyOf(encrypted, 128)),
            "not*base64",
            "",
            null
        }) {
            assertThatThrownBy(() -> ImportedPasswordDecryptor.decrypt(
                            bad, importKey.getPrivate(), ImportPaddingScheme.OAEP_SHA256))
                    .as("%s", bad)
                    .isInstanceOf(PfxImportException.class)
                    .extracting(e -> ((PfxImportException) e).failure())
                    .isEqualTo(PfxImportFailure.PASSWORD_DECRYPTION_FAILED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs1", "oaepSha1"})
    void pkcs1AndOaepSha1AreNoLongerSupported(String wireName) {
        assertThatThrownBy(() -> ImportPaddingScheme.fromWireName(wireName))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + wireName + "' is no longer supported");
    }

    @Test
    void wireNamesAreExact() {
        assertThat(ImportPaddingScheme.fromWireName("oaepSha256")).isEqualTo(ImportPaddingScheme.OAEP_SHA256);
        assertThat(ImportPaddingScheme.fromWireName("oaepSha384")).isEqualTo(ImportPaddingScheme.OAEP_SHA384);
        assertThat(ImportPaddingScheme.fromWireName("oaepSha512")).isEqualTo(ImportPaddingScheme.OAEP_SHA512);
        assertThat(ImportPaddingScheme.fromWireName("none")).isEqualTo(ImportPaddingScheme.NONE);
        assertThatThrownBy(() -> ImportPaddingScheme.fromWireName("OAEPSHA256"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown padding scheme");
        assertThatThrownBy(() -> ImportPaddingScheme.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
