package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    @Test
    void pkcsUserIsTheTemplateTheIntuneDocumentationDescribes() {
        CertificateTemplate t = CertificateTemplate.PKCS_USER;

        assertThat(t.name()).isEqualTo("PkcsUser");
        assertThat(t.extendedKeyUsages())
                .containsExactly("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4", "1.3.6.1.4.1.311.10.3.4");
        assertThat(t.rsaKeyUsages()).containsExactlyInAnyOrder(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT);
        assertThat(t.ecKeyUsages()).containsExactlyInAnyOrder(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT);
        assertThat(t.nonRepudiationAllowed()).isFalse();
        assertThat(t.privateKeyExportable()).isTrue();
        assertThat(t.subjectSuppliedInRequest()).isTrue();
        assertThat(t.minimumRsaKeySize()).isEqualTo(2048);
        assertThat(t.maximumValidity()).isEqualTo(Period.ofYears(2));
        assertThat(t.allowedKeyAlgorithms()).containsExactlyInAnyOrder(KeyAlgorithm.values());
        assertThat(t.allowsConnector("any-connector")).isTrue();
    }

    @Test
    void aTemplateCannotGoBelow2048Bits() {
        assertThatThrownBy(() -> CertificateTemplate.PKCS_USER.toBuilder()
                        .minimumRsaKeySize(1024)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below 2048");
    }

    @Test
    void keyUsagesMustSuitTheKeyFamily() {
        assertThatThrownBy(() -> CertificateTemplate.PKCS_USER.toBuilder()
                        .ecKeyUsages(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EC keys cannot perform KEY_ENCIPHERMENT");
        assertThatThrownBy(() -> CertificateTemplate.PKCS_USER.toBuilder()
                        .rsaKeyUsages(EnumSet.of(KeyUsage.KEY_AGREEMENT))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void templatesAreForEndEntitiesOnly() {
        assertThatThrownBy(() -> CertificateTemplate.PKCS_USER.toBuilder()
                        .rsaKeyUsages(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_CERT_SIGN))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end-entity");
    }

    @Test
    void nonRepudiationByDefaultNeedsTheTemplateToAllowIt() {
        assertThatThrownBy(() -> CertificateTemplate.PKCS_USER.toBuilder()
                        .rsaKeyUsages(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewTemplateStartsClosed() {
        CertificateTemplate t = CertificateTemplate.builder("Minimal")
                .allowedKeyAlgorithms(Set.of(KeyAlgorithm.EC_P256))
                .ecKeyUsages(Set.of(KeyUsage.DIGITAL_SIGNATURE))
                .build();

        assertThat(t.allowedConnectors()).isEmpty();
        assertThat(t.allowsConnector("connector-1")).isFalse();
        assertThat(t.privateKeyExportable()).isFalse();
        assertThat(t.nonRepudiationAllowed()).isFalse();
        assertThat(t.maximumValidity()).isEqualTo(Period.ofYears(1));
    }

    @Test
    void invalidEkuOidsAreRejected() {
        assertThatThrownBy(() -> CertificateTemplate.PKCS_USER.toBuilder()
                        .extendedKeyUsages(List.of("clientAuth"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clientAuth");
    }

    @Test
    void registryLooksUpNamesCaseInsensitively() {
        TemplateRegistry registry = TemplateRegistry.builtIn();

        assertThat(registry.get("pkcsuser")).isSameAs(CertificateTemplate.PKCS_USER);
        assertThat(registry.find("Nope")).isEmpty();
        assertThat(registry.names()).containsExactly("PkcsUser");
    }

    @Test
    void registryRefusesTwoTemplatesWithOneName() {
        CertificateTemplate shouting =
                CertificateTemplate.PKCS_USER.toBuilder().name("PKCSUSER").build();

        assertThatThrownBy(() -> TemplateRegistry.of(CertificateTemplate.PKCS_USER, shouting))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same name");
    }
}
