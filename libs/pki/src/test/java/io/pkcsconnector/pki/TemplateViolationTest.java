package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.KeyPairGenerator;
import java.time.Period;
import java.util.EnumSet;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** One test per rule a template enforces; each asserts the machine-readable code. */
class TemplateViolationTest {

    private final CertificateIssuer issuer = TestPki.issuer(TestPki.ecAuthority());

    private static TemplateViolationException violation(ThrowingCallable call) {
        return catchThrowableOfType(TemplateViolationException.class, call);
    }

    @Test
    void unknownTemplate() {
        TemplateViolationException e = violation(() -> issuer.check(
                TestPki.request(KeyAlgorithm.EC_P256).templateName("WebServer").build()));

        assertThat(e.code()).isEqualTo(ViolationCode.UNKNOWN_TEMPLATE);
        assertThat(e).hasMessageContaining("WebServer").hasMessageContaining("PkcsUser");
    }

    @Test
    void keyBelowTheTemplatesMinimum() {
        CertificateTemplate strong = CertificateTemplate.PKCS_USER.toBuilder()
                .minimumRsaKeySize(3072)
                .build();
        CertificateIssuer strict = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(strong));

        TemplateViolationException e = violation(
                () -> strict.check(TestPki.request(KeyAlgorithm.RSA_2048).build()));

        assertThat(e.code()).isEqualTo(ViolationCode.KEY_TOO_SMALL);
        assertThat(e).hasMessageContaining("2048").hasMessageContaining("3072");
    }

    @Test
    void suppliedKeyBelow2048Bits() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);

        TemplateViolationException e = violation(
                () -> issuer.prepare(TestPki.request(KeyAlgorithm.RSA_2048).build(), generator.generateKeyPair()));

        assertThat(e.code()).isEqualTo(ViolationCode.KEY_TOO_SMALL);
        assertThat(e).hasMessageContaining("1024");
    }

    @Test
    void keyAlgorithmTheTemplateDoesNotAllow() {
        CertificateTemplate rsaOnly = CertificateTemplate.PKCS_USER.toBuilder()
                .allowedKeyAlgorithms(EnumSet.of(KeyAlgorithm.RSA_2048, KeyAlgorithm.RSA_3072))
                .build();
        CertificateIssuer strict = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(rsaOnly));

        TemplateViolationException e = violation(
                () -> strict.check(TestPki.request(KeyAlgorithm.EC_P256).build()));

        assertThat(e.code()).isEqualTo(ViolationCode.KEY_ALGORITHM_NOT_ALLOWED);
        assertThat(e).hasMessageContaining("ecP256").hasMessageContaining("rsa2048, rsa3072");
    }

    @Test
    void validityLongerThanTheTemplatesMaximum() {
        TemplateViolationException e = violation(() -> issuer.check(TestPki.request(KeyAlgorithm.EC_P256)
                .validity(Period.ofMonths(25))
                .build()));

        assertThat(e.code()).isEqualTo(ViolationCode.VALIDITY_TOO_LONG);
        assertThat(e).hasMessageContaining("P25M").hasMessageContaining("P2Y");
    }

    @Test
    void validityOfExactlyTheMaximumIsAllowed() {
        issuer.check(TestPki.request(KeyAlgorithm.EC_P256)
                .validity(Period.ofMonths(24))
                .build());
    }

    @Test
    void zeroValidity() {
        TemplateViolationException e = violation(() -> issuer.check(
                TestPki.request(KeyAlgorithm.EC_P256).validity(Period.ZERO).build()));

        assertThat(e.code()).isEqualTo(ViolationCode.VALIDITY_INVALID);
    }

    @Test
    void ekuNotInTheTemplate() {
        TemplateViolationException e = violation(() -> issuer.check(TestPki.request(KeyAlgorithm.EC_P256)
                .extendedKeyUsage(ExtendedKeyUsages.SERVER_AUTH)
                .build()));

        assertThat(e.code()).isEqualTo(ViolationCode.EKU_NOT_ALLOWED);
        assertThat(e).hasMessageContaining(ExtendedKeyUsages.SERVER_AUTH);
    }

    @Test
    void nonRepudiationOnPkcsUser() {
        TemplateViolationException e = violation(() -> issuer.check(TestPki.request(KeyAlgorithm.RSA_2048)
                .additionalKeyUsage(KeyUsage.NON_REPUDIATION)
                .build()));

        assertThat(e.code()).isEqualTo(ViolationCode.KEY_USAGE_NOT_ALLOWED);
        assertThat(e).hasMessageContaining("nonRepudiation");
    }

    @Test
    void nonRepudiationWhereTheTemplateAllowsIt() throws Exception {
        CertificateTemplate signing = CertificateTemplate.PKCS_USER.toBuilder()
                .name("SmimeSigning")
                .nonRepudiationAllowed(true)
                .build();
        CertificateIssuer lenient = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(signing));

        IssuedCertificate issued = lenient.issue(TestPki.request(KeyAlgorithm.EC_P256)
                .templateName("SmimeSigning")
                .additionalKeyUsage(KeyUsage.NON_REPUDIATION)
                .build());

        assertThat(issued.certificate().getKeyUsage()[1]).isTrue();
    }

    @Test
    void keyUsageTheKeyFamilyCannotHave() {
        TemplateViolationException e = violation(() -> issuer.check(TestPki.request(KeyAlgorithm.EC_P256)
                .additionalKeyUsage(KeyUsage.KEY_ENCIPHERMENT)
                .build()));

        assertThat(e.code()).isEqualTo(ViolationCode.KEY_USAGE_NOT_ALLOWED);
    }

    @Test
    void connectorWithoutEnrollRight() {
        CertificateTemplate restricted = CertificateTemplate.PKCS_USER.withAllowedConnectors(Set.of("connector-2"));
        CertificateIssuer strict = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(restricted));

        TemplateViolationException e = violation(
                () -> strict.check(TestPki.request(KeyAlgorithm.EC_P256).build()));

        assertThat(e.code()).isEqualTo(ViolationCode.CONNECTOR_NOT_AUTHORIZED);
        assertThat(e).hasMessageContaining(TestPki.CONNECTOR);
    }

    @Test
    void anEmptyEnrollmentListAdmitsNobody() {
        CertificateTemplate closed = CertificateTemplate.PKCS_USER.withAllowedConnectors(Set.of());
        CertificateIssuer strict = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(closed));

        assertThat(violation(() -> strict.check(
                                TestPki.request(KeyAlgorithm.EC_P256).build()))
                        .code())
                .isEqualTo(ViolationCode.CONNECTOR_NOT_AUTHORIZED);
    }

    @Test
    void connectorIsCheckedBeforeAnythingElse() {
        CertificateTemplate restricted = CertificateTemplate.PKCS_USER.withAllowedConnectors(Set.of("connector-2"));
        CertificateIssuer strict = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(restricted));

        TemplateViolationException e = violation(() -> strict.check(TestPki.request(KeyAlgorithm.EC_P256)
                .validity(Period.ofYears(5))
                .additionalKeyUsage(KeyUsage.NON_REPUDIATION)
                .build()));

        assertThat(e.code()).isEqualTo(ViolationCode.CONNECTOR_NOT_AUTHORIZED);
    }

    @Test
    void missingSubject() {
        TemplateViolationException e = violation(() -> issuer.check(TestPki.request(KeyAlgorithm.EC_P256)
                .subject(DistinguishedName.EMPTY)
                .build()));

        assertThat(e.code()).isEqualTo(ViolationCode.SUBJECT_REQUIRED);
    }

    @Test
    void subjectWhereTheTemplateBuildsItItself() {
        CertificateTemplate sanOnly = CertificateTemplate.PKCS_USER.toBuilder()
                .subjectSuppliedInRequest(false)
                .build();
        CertificateIssuer strict = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(sanOnly));

        assertThat(violation(() -> strict.check(
                                TestPki.request(KeyAlgorithm.EC_P256).build()))
                        .code())
                .isEqualTo(ViolationCode.SUBJECT_NOT_ALLOWED);
    }

    @Test
    void neitherSubjectNorSan() {
        CertificateTemplate sanOnly = CertificateTemplate.PKCS_USER.toBuilder()
                .subjectSuppliedInRequest(false)
                .build();
        CertificateIssuer strict = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(sanOnly));
        IssuanceRequest nameless = IssuanceRequest.builder()
                .requestId("r")
                .keyAlgorithm(KeyAlgorithm.EC_P256)
                .connectorIdentity(TestPki.CONNECTOR)
                .build();

        assertThat(violation(() -> strict.check(nameless)).code()).isEqualTo(ViolationCode.SUBJECT_ALT_NAME_REQUIRED);
    }

    @Test
    void nonExportableTemplateCannotServePkcsDelivery() {
        CertificateTemplate kept = CertificateTemplate.PKCS_USER.toBuilder()
                .privateKeyExportable(false)
                .build();
        CertificateIssuer strict = new CertificateIssuer(TestPki.ecAuthority(), TemplateRegistry.of(kept));

        assertThat(violation(() -> strict.check(
                                TestPki.request(KeyAlgorithm.EC_P256).build()))
                        .code())
                .isEqualTo(ViolationCode.PRIVATE_KEY_NOT_EXPORTABLE);
    }

    @Test
    void aViolationStopsIssuanceBeforeAnyKeyIsGenerated() {
        IssuanceRequest tooLong = TestPki.request(KeyAlgorithm.RSA_4096)
                .validity(Period.ofYears(3))
                .build();

        // RSA-4096 generation would take a second; the check answers at once.
        assertThatThrownBy(() -> issuer.issue(tooLong)).isInstanceOf(TemplateViolationException.class);
    }

    @Test
    void customValidatorsComposeWithTheStandardOnes() {
        TemplateValidator upnRequired = (request, template) -> {
            if (request.subjectAlternativeNames().stream().noneMatch(SubjectAlternativeName.Upn.class::isInstance)) {
                throw new TemplateViolationException(
                        ViolationCode.SUBJECT_ALT_NAME_REQUIRED, template.name(), "UPN required");
            }
        };
        CertificateIssuer custom = new CertificateIssuer(
                TestPki.ecAuthority(),
                TemplateRegistry.builtIn(),
                IssuancePolicy.standard().with(upnRequired),
                java.time.Clock.systemUTC());
        IssuanceRequest withoutUpn = IssuanceRequest.builder()
                .requestId("r")
                .keyAlgorithm(KeyAlgorithm.EC_P256)
                .subject("CN=Jane")
                .connectorIdentity(TestPki.CONNECTOR)
                .build();

        assertThat(violation(() -> custom.check(withoutUpn)).code()).isEqualTo(ViolationCode.SUBJECT_ALT_NAME_REQUIRED);
        custom.check(TestPki.request(KeyAlgorithm.EC_P256).build());
    }
}
