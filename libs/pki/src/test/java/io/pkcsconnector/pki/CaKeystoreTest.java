package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaKeystoreTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    private static CaSettings settings() {
        return CaSettings.defaults(TestPki.URLS);
    }

    @Test
    void createsTheCaOnFirstStartAndLoadsTheSameOneLater() {
        Path keystore = dir.resolve("ca/ca.p12");

        CertificateAuthority created = CaKeystore.loadOrCreate(keystore, PASSWORD, settings());
        CertificateAuthority loaded = CaKeystore.loadOrCreate(keystore, PASSWORD, settings());

        assertThat(keystore).exists();
        assertThat(loaded.rootCertificate()).isEqualTo(created.rootCertificate());
        assertThat(loaded.issuingCertificate()).isEqualTo(created.issuingCertificate());
        assertThat(loaded.caId()).isEqualTo(created.caId()).matches("[0-9a-f]{16}");
        assertThat(loaded.rootCaId()).isEqualTo(created.rootCaId()).isNotEqualTo(loaded.caId());
    }

    @Test
    void theReloadedCaIssuesCertificatesThatChainToTheSameRoot() {
        Path keystore = dir.resolve("ca.p12");
        CertificateAuthority created = CaKeystore.loadOrCreate(keystore, PASSWORD, settings());

        CertificateAuthority loaded = CaKeystore.load(keystore, PASSWORD, settings());
        IssuedCertificate issued = TestPki.issuer(loaded)
                .issue(TestPki.request(KeyAlgorithm.EC_P256).build());
        TestPki.writeChain(dir, issued.certificate(), created);

        OpenSsl.run(dir, "verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem")
                .assertSuccess();
    }

    @Test
    void theKeystoreIsOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
        Path keystore = dir.resolve("ca.p12");

        CaKeystore.loadOrCreate(keystore, PASSWORD, settings());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(keystore);
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutThePassword() {
        Path keystore = dir.resolve("ca.p12");
        CaKeystore.loadOrCreate(keystore, PASSWORD, settings());
        String wrong = "Tr0ub4dor&3-not-the-password";

        assertThatThrownBy(() -> CaKeystore.loadOrCreate(keystore, wrong.toCharArray(), settings()))
                .isInstanceOf(CaKeystoreException.class)
                .hasMessageContaining("wrong password")
                .hasMessageContaining(keystore.toString())
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(new String(PASSWORD));
    }

    @Test
    void aFileThatIsNotAKeystoreIsReported() throws Exception {
        Path keystore = dir.resolve("ca.p12");
        Files.writeString(keystore, "not a keystore");

        assertThatThrownBy(() -> CaKeystore.loadOrCreate(keystore, PASSWORD, settings()))
                .isInstanceOf(CaKeystoreException.class)
                .hasMessageContaining(keystore.toString());
    }

    @Test
    void loadRequiresAnExistingKeystore() {
        assertThatThrownBy(() -> CaKeystore.load(dir.resolve("missing.p12"), PASSWORD, settings()))
                .isInstanceOf(CaKeystoreException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void aPasswordIsRequired() {
        assertThatThrownBy(() -> CaKeystore.loadOrCreate(dir.resolve("ca.p12"), new char[0], settings()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createNeverOverwritesAnExistingKeystore() throws Exception {
        Path keystore = dir.resolve("ca.p12");
        CertificateAuthority first = CaKeystore.loadOrCreate(keystore, PASSWORD, settings());
        byte[] before = Files.readAllBytes(keystore);

        boolean created = CaKeystore.create(keystore, PASSWORD, TestPki.ecAuthority());

        assertThat(created).isFalse();
        assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
        assertThat(CaKeystore.load(keystore, PASSWORD, settings()).caId()).isEqualTo(first.caId());
    }

    @Test
    void instancesStartingAtOnceAgreeOnOneCa() throws Exception {
        Path keystore = dir.resolve("shared/ca.p12");
        Callable<CertificateAuthority> start = () -> CaKeystore.loadOrCreate(keystore, PASSWORD, settings());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CertificateAuthority>> starts = pool.invokeAll(List.of(start, start, start, start));
            String onDisk = CaKeystore.load(keystore, PASSWORD, settings()).caId();
            for (Future<CertificateAuthority> instance : starts) {
                assertThat(instance.get().caId()).isEqualTo(onDisk);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keyAlgorithmsAndNamesComeFromTheSettings() {
        CaSettings rsa = CaSettings.builder(TestPki.URLS)
                .organization("Contoso")
                .rootCommonName("Contoso Root")
                .issuingCommonName("Contoso Issuing 1")
                .rootKeyAlgorithm(KeyAlgorithm.RSA_3072)
                .issuingKeyAlgorithm(KeyAlgorithm.EC_P256)
                .build();

        CertificateAuthority ca = CaKeystore.loadOrCreate(dir.resolve("ca.p12"), PASSWORD, rsa);
        CertificateAuthority reloaded = CaKeystore.load(dir.resolve("ca.p12"), PASSWORD, rsa);

        assertThat(reloaded.rootKeyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_3072);
        assertThat(reloaded.issuingKeyAlgorithm()).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(DistinguishedName.subjectOf(ca.issuingCertificate()).toRfc4514())
                .isEqualTo("CN=Contoso Issuing 1,O=Contoso");
        assertThat(ca.issuingCertificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
    }
}
