package io.pkcsconnector.issuanceworker;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.Platform;
import io.pkcsconnector.contracts.SubjectAlternativeName;
import io.pkcsconnector.contracts.SubjectAlternativeNameType;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.pki.PkiUrls;
import io.pkcsconnector.pki.TemplateRegistry;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the connector asks the CA for, and which requests it refuses before generating anything. */
class RequestValidationTest {

    private static final CertificateIssuer ISSUER = new CertificateIssuer(
            CertificateAuthority.generate(CaSettings.defaults(PkiUrls.of("http://pki.test"))),
            TemplateRegistry.builtIn());
    private static final String DEVICE_KEY = Pem.publicKey(Requests.DEVICE_KEY.getPublic());

    private final RequestValidation validation = new RequestValidation(ISSUER, "pkcs-connector");

    @Test
    void mapsEveryPartOfTheEventOntoTheIssuanceRequest() {
        CertificateRequested event = event(
                "CN=Doe\\, Jane,O=Example",
                List.of(
                        san(SubjectAlternativeNameType.USER_PRINCIPAL_NAME, "jane@corp.example"),
                        san(SubjectAlternativeNameType.EMAIL_ADDRESS, "jane@example.com"),
                        san(SubjectAlternativeNameType.DOMAIN_NAME_SERVICE, "laptop-7.corp.example"),
                        san(SubjectAlternativeNameType.UNIVERSAL_RESOURCE_IDENTIFIER, "urn:uuid:1234")),
                List.of("1.3.6.1.5.5.7.3.2"),
                false,
                DEVICE_KEY);

        RequestValidation.Result result = validation.validate(event);

        assertThat(result).isInstanceOf(RequestValidation.Accepted.class);
        RequestValidation.Accepted accepted = (RequestValidation.Accepted) result;
        var request = accepted.request();
        assertThat(request.requestId()).isEqualTo(event.requestId());
        assertThat(request.templateName()).isEqualTo("PkcsUser");
        assertThat(request.keyAlgorithm()).isEqualTo(io.pkcsconnector.pki.KeyAlgorithm.EC_P256);
        assertThat(request.subject().toRfc4514()).isEqualTo("CN=Doe\\, Jane,O=Example");
        assertThat(request.subjectAlternativeNames())
                .containsExactly(
                        io.pkcsconnector.pki.SubjectAlternativeName.upn("jane@corp.example"),
                        io.pkcsconnector.pki.SubjectAlternativeName.email("jane@example.com"),
                        io.pkcsconnector.pki.SubjectAlternativeName.dns("laptop-7.corp.example"),
                        io.pkcsconnector.pki.SubjectAlternativeName.uri("urn:uuid:1234"));
        assertThat(request.validity()).isEqualTo(Period.ofDays(365));
        assertThat(request.extendedKeyUsages()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(request.additionalKeyUsages()).isEmpty();
        assertThat(request.connectorIdentity()).isEqualTo("pkcs-connector");
        assertThat(accepted.deviceKey().getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void nonRepudiationIsAskedForAndTheTemplateRefusesIt() {
        RequestValidation.Result result = validation.validate(event("CN=Jane", List.of(), List.of(), true, DEVICE_KEY));
        assertThat(refusal(result).errorCode()).isEqualTo("templateViolation.keyUsageNotAllowed");
        assertThat(refusal(result).errorMessage()).contains("nonRepudiation");
    }

    @Test
    void anEkuTheTemplateDoesNotGrantIsRefused() {
        RequestValidation.Result result =
                validation.validate(event("CN=Jane", List.of(), List.of("1.3.6.1.5.5.7.3.1"), false, DEVICE_KEY));
        assertThat(refusal(result).errorCode()).isEqualTo("templateViolation.ekuNotAllowed");
    }

    @Test
    void malformedSubjectsAndAlternativeNamesAreRefused() {
        assertThat(refusal(validation.validate(event("not a DN", List.of(), List.of(), false, DEVICE_KEY)))
                        .errorCode())
                .isEqualTo("invalidSubject");
        assertThat(refusal(validation.validate(event(
                                "CN=Jane",
                                List.of(san(SubjectAlternativeNameType.DOMAIN_NAME_SERVICE, "not a host!")),
                                List.of(),
                                false,
                                DEVICE_KEY)))
                        .errorCode())
                .isEqualTo("invalidSubjectAlternativeName");
    }

    @Test
    void aDeviceKeyThatIsNotRsaIsRefused() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        String ecKey = Pem.publicKey(ec.generateKeyPair().getPublic());
        PermanentFailure failure = refusal(validation.validate(event("CN=Jane", List.of(), List.of(), false, ecKey)));
        assertThat(failure.errorCode()).isEqualTo("invalidDeviceKey");
        assertThat(failure.errorMessage()).contains("RSA").doesNotContain("BEGIN");
    }

    private static PermanentFailure refusal(RequestValidation.Result result) {
        assertThat(result).isInstanceOf(RequestValidation.Refused.class);
        return ((RequestValidation.Refused) result).failure();
    }

    private static SubjectAlternativeName san(SubjectAlternativeNameType type, String value) {
        return new SubjectAlternativeName(type, value);
    }

    private static CertificateRequested event(
            String subject,
            List<SubjectAlternativeName> sans,
            List<String> ekus,
            boolean nonRepudiation,
            String deviceKey) {
        return CertificateRequested.of(
                EventEnvelope.newEnvelope("tenant-a", Requests.newRequestId(), null),
                "device-1",
                "profile-1",
                Platform.IOS,
                "PkcsUser",
                KeyAlgorithm.EC_P256,
                subject,
                sans,
                ekus,
                nonRepudiation,
                365,
                deviceKey,
                null);
    }
}
