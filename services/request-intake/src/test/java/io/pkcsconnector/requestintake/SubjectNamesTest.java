package io.pkcsconnector.requestintake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import io.pkcsconnector.contracts.SubjectAlternativeNameType;
import io.pkcsconnector.pki.CaSettings;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.CertificateTemplate;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.pki.IssuanceRequest;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.PkiUrls;
import io.pkcsconnector.pki.SubjectAlternativeName;
import io.pkcsconnector.pki.TemplateRegistry;
import io.pkcsconnector.requestintake.api.PkcsProfile;
import io.pkcsconnector.requestintake.api.PkcsProfile.CustomSubjectAlternativeName;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every subject name format, SAN type and variable of a PKCS profile, from {@link SubjectNames#build} through the
 * issuance worker's conversion into a certificate signed by a throwaway CA, as OpenSSL 3 reads it. Pure JUnit: no
 * Quarkus, no database.
 */
class SubjectNamesTest {

    private static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

    // One value per variable, all different, so a substitution of the wrong variable cannot pass unnoticed.
    private static final String DEVICE_ID = "5d9f3c1e-7a2b-4c8d-9e0f-1a2b3c4d5e6f";
    private static final String UPN = "jane.doe@contoso.com";
    private static final String USER_NAME = "jane.doe";
    private static final String EMAIL = "jane.doe.mail@mail.contoso.com";
    private static final String DEVICE_NAME = "LAPTOP-JD17";
    private static final String SERIAL = "PF3XK29Q";
    private static final String IMEI = "356938035643809";
    private static final String AAD_DEVICE_ID = "8c2e4f6a-1b3d-4e5f-a7b9-c0d1e2f3a4b5";
    private static final String WIFI_MAC = "A4:C3:F0:85:AC:2D";
    private static final String FQDN = "laptop-jd17.corp.contoso.com";
    private static final String ON_PREM_DN = "CN=Jane Doe,OU=Users,DC=corp,DC=contoso,DC=com";
    private static final String SAM_ACCOUNT = "jdoe";

    private static CertificateIssuer issuer;
    private static KeyPair keyPair;
    private static String opensslBinary;

    @TempDir
    Path dir;

    @BeforeAll
    static void throwawayCa() {
        opensslBinary = locateOpenSsl();
        // The default CA (P-384 root, P-256 issuing) is generated in milliseconds; one key pair serves all leaves.
        CertificateAuthority authority =
                CertificateAuthority.generate(CaSettings.defaults(PkiUrls.of("https://pki.example.test")));
        issuer = new CertificateIssuer(authority, TemplateRegistry.builtIn());
        keyPair = KeyAlgorithm.EC_P256.generateKeyPair();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. subjectNameFormat

    static Stream<Arguments> subjectNameFormats() {
        return Stream.of(
                Arguments.of("commonName", "CN=" + UPN),
                Arguments.of("commonNameIncludingEmail", "CN=" + UPN + ",emailAddress=" + EMAIL),
                Arguments.of("commonNameAsEmail", "CN=" + EMAIL),
                Arguments.of("commonNameAsIMEI", "CN=" + IMEI),
                Arguments.of("commonNameAsSerialNumber", "CN=" + SERIAL),
                Arguments.of("commonNameAsAadDeviceId", "CN=" + AAD_DEVICE_ID),
                Arguments.of("commonNameAsIntuneDeviceId", "CN=" + DEVICE_ID));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("subjectNameFormats")
    void everySubjectNameFormatIsWhatOpensslShows(String format, String expectedSubject) {
        SubjectNames.Names names = SubjectNames.build(profile().subject(format).build(), device());

        assertThat(names.subjectName()).isEqualTo(expectedSubject);
        Path leaf = issue(names);

        assertThat(subjectRfc2253(leaf)).isEqualTo(expectedSubject);
    }

    @Test
    void commonNameIncludingEmailPutsTheEmailInAnIa5EmailAddressAttributeAfterTheCommonName() {
        Path leaf = issue(
                SubjectNames.build(profile().subject("commonNameIncludingEmail").build(), device()));

        assertThat(subjectLines(leaf, "show_type"))
                .containsExactly("emailAddress = IA5STRING:" + EMAIL, "commonName = UTF8STRING:" + UPN);
        assertThat(opensslText(leaf)).contains("emailAddress");
        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=" + UPN + ",emailAddress=" + EMAIL);
    }

    @Test
    void commonNameIncludingEmailRefusesAnEmailThatAnIa5StringCannotHold() {
        DeviceEntity device = device();
        device.emailAddress = "zoë@contoso.com";

        ProblemException e = problem(() ->
                SubjectNames.build(profile().subject("commonNameIncludingEmail").build(), device));

        assertThat(e.problem().status()).isEqualTo(422);
        assertThat(e.problem().type()).hasToString(Problem.TYPE_BASE + "invalid-subject");
        assertThat(e.problem().detail()).contains("emailAddress");
    }

    @Test
    void customSubjectKeepsTheAdministratorsAttributesInOrder() {
        Path leaf = issue(SubjectNames.build(
                profile()
                        .custom("CN={{UserName}},OU={{DeviceName}},O=Contoso,C=NL")
                        .build(),
                device()));

        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=" + USER_NAME + ",OU=" + DEVICE_NAME + ",O=Contoso,C=NL");
        // DER order is most general first; multiline prints the encoding order.
        assertThat(subjectLines(leaf))
                .containsExactly(
                        "countryName = NL",
                        "organizationName = Contoso",
                        "organizationalUnitName = " + DEVICE_NAME,
                        "commonName = " + USER_NAME);
        assertThat(opensslText(leaf))
                .containsPattern("Subject: C ?= ?NL, O ?= ?Contoso, OU ?= ?" + DEVICE_NAME + ", CN ?= ?" + USER_NAME);
    }

    @Test
    void customSubjectGetsTheStringTypesRfc5280Requires() {
        Path leaf = issue(SubjectNames.build(
                profile()
                        .custom("CN={{DeviceName}},serialNumber={{SerialNumber}},E={{EmailAddress}},"
                                + "DC=corp,DC=contoso,C=NL")
                        .build(),
                device()));

        assertThat(subjectLines(leaf, "show_type"))
                .containsExactly(
                        "countryName = PRINTABLESTRING:NL",
                        "domainComponent = IA5STRING:contoso",
                        "domainComponent = IA5STRING:corp",
                        "emailAddress = IA5STRING:" + EMAIL,
                        "serialNumber = PRINTABLESTRING:" + SERIAL,
                        "commonName = UTF8STRING:" + DEVICE_NAME);
    }

    @Test
    void customSubjectWithoutVariablesIsTakenAsIs() {
        Path leaf = issue(SubjectNames.build(
                profile().custom("cn=Shared Kiosk, o=Contoso, c=NL").build(), device()));

        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=Shared Kiosk,O=Contoso,C=NL");
    }

    /** RFC 4514 leaves '=' in a value unescaped, as OpenSSL prints it; the format string may too. */
    @Test
    void anUnescapedEqualsSignInAFormatValueIsPartOfTheValue() {
        SubjectNames.Names names = SubjectNames.build(
                profile().custom("CN={{DeviceName}},OU=role=admin,O=Contoso").build(), device());
        Path leaf = issue(names);

        assertThat(names.subjectName()).isEqualTo("CN=" + DEVICE_NAME + ",OU=role=admin,O=Contoso");
        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=" + DEVICE_NAME + ",OU=role=admin,O=Contoso");
        assertThat(rdnCount(leaf)).isEqualTo(3);
    }

    @Test
    void aCustomSubjectThatIsNoDistinguishedNameIsRefusedWithA422() {
        ProblemException e = problem(() -> SubjectNames.build(
                profile().custom("{{DeviceName}} of {{UserName}}").build(), device()));

        assertThat(e.problem().status()).isEqualTo(422);
        assertThat(e.problem().type()).hasToString(Problem.TYPE_BASE + "invalid-subject");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. Every variable

    static Stream<Arguments> everyVariable() {
        return Stream.of(
                Arguments.of("UserName", USER_NAME),
                Arguments.of("UserPrincipalName", UPN),
                Arguments.of("EmailAddress", EMAIL),
                Arguments.of("AAD_Device_ID", AAD_DEVICE_ID),
                Arguments.of("DeviceId", DEVICE_ID),
                Arguments.of("DeviceName", DEVICE_NAME),
                Arguments.of("SerialNumber", SERIAL),
                Arguments.of("IMEINumber", IMEI),
                Arguments.of("WiFiMacAddress", WIFI_MAC),
                Arguments.of("FullyQualifiedDomainName", FQDN),
                Arguments.of("OnPrem_Distinguished_Name", ON_PREM_DN),
                Arguments.of("onPremisesSamAccountName", SAM_ACCOUNT));
    }

    @Test
    void theTestCoversEveryDocumentedVariable() {
        assertThat(everyVariable().map(a -> (String) a.get()[0])).containsExactlyElementsOf(SubjectNames.VARIABLES);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyVariable")
    void everyVariableIsSubstitutedIntoACustomSubject(String variable, String value) {
        Path leaf = issue(SubjectNames.build(
                profile().custom("CN={{" + variable + "}},OU=Devices,O=Contoso").build(), device()));

        // The raw value, one attribute: no escaping in multiline mode, one line per RDN.
        assertThat(subjectLines(leaf))
                .containsExactly(
                        "organizationName = Contoso", "organizationalUnitName = Devices", "commonName = " + value);
        assertThat(commonNameOf(leaf)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0} in OU")
    @MethodSource("everyVariable")
    void everyVariableIsSubstitutedInTheMiddleOfAValue(String variable, String value) {
        Path leaf = issue(SubjectNames.build(
                profile()
                        .custom("CN=Fixed,OU=pre-{{" + variable + "}}-post,O=Contoso")
                        .build(),
                device()));

        assertThat(subjectLines(leaf))
                .containsExactly(
                        "organizationName = Contoso",
                        "organizationalUnitName = pre-" + value + "-post",
                        "commonName = Fixed");
    }

    @Test
    void allVariablesInOneSubject() {
        String format = SubjectNames.VARIABLES.stream()
                .map(v -> "OU={{" + v + "}}")
                .reduce("CN={{UserName}}", (a, b) -> a + "," + b);
        Path leaf = issue(SubjectNames.build(profile().custom(format).build(), device()));

        List<String> expected = new ArrayList<>(everyVariable()
                .map(a -> "organizationalUnitName = " + a.get()[1])
                .toList());
        java.util.Collections.reverse(expected);
        expected.add("commonName = " + USER_NAME);
        assertThat(subjectLines(leaf)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> variablesInSans() {
        return Stream.of(
                Arguments.of("domainNameService", "{{FullyQualifiedDomainName}}", "DNS:" + FQDN),
                Arguments.of("domainNameService", "{{DeviceName}}.contoso.com", "DNS:" + DEVICE_NAME + ".contoso.com"),
                Arguments.of(
                        "domainNameService",
                        "{{onPremisesSamAccountName}}.users.contoso.com",
                        "DNS:" + SAM_ACCOUNT + ".users.contoso.com"),
                Arguments.of(
                        "domainNameService",
                        "{{SerialNumber}}-{{IMEINumber}}.devices.contoso.com",
                        "DNS:" + SERIAL + "-" + IMEI + ".devices.contoso.com"),
                Arguments.of("universalResourceIdentifier", "urn:uuid:{{DeviceId}}", "URI:urn:uuid:" + DEVICE_ID),
                Arguments.of(
                        "universalResourceIdentifier",
                        "https://devices.contoso.com/aad/{{AAD_Device_ID}}",
                        "URI:https://devices.contoso.com/aad/" + AAD_DEVICE_ID),
                Arguments.of("universalResourceIdentifier", "mailto:{{EmailAddress}}", "URI:mailto:" + EMAIL),
                Arguments.of(
                        "universalResourceIdentifier",
                        "urn:contoso:user:{{UserName}}",
                        "URI:urn:contoso:user:" + USER_NAME));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("variablesInSans")
    void variablesAreSubstitutedIntoSanFormatStrings(String sanType, String format, String expected) {
        Path leaf = issue(SubjectNames.build(profile().san(sanType, format).build(), device()));

        assertThat(sans(leaf)).containsExactly(expected);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 3. Escaping

    static Stream<Arguments> specialValues() {
        // value, as OpenSSL renders it in RFC 2253 form (escaped), written out by hand
        return Stream.of(
                Arguments.of("Doe, John", "Doe\\, John"),
                Arguments.of("R+D", "R\\+D"),
                Arguments.of("say \"hi\"", "say \\\"hi\\\""),
                Arguments.of("back\\slash", "back\\\\slash"),
                Arguments.of("<tag>", "\\<tag\\>"),
                Arguments.of("semi;colon", "semi\\;colon"),
                Arguments.of("key=value", "key=value"),
                Arguments.of("#1 device", "\\#1 device"),
                Arguments.of(" leading space", "\\ leading space"),
                Arguments.of("trailing space ", "trailing space\\ "),
                Arguments.of("Zoë Müller", "Zoë Müller"),
                Arguments.of("李雷", "李雷"),
                Arguments.of("a#b", "a#b"),
                Arguments.of("#Zoë, \"Müller\"+<x>;y=z\\ ", "\\#Zoë\\, \\\"Müller\\\"\\+\\<x\\>\\;y=z\\\\\\ "),
                Arguments.of("CN=Evil,O=Attacker", "CN=Evil\\,O=Attacker"),
                Arguments.of("x\\,OU=Injected", "x\\\\\\,OU=Injected"));
    }

    @ParameterizedTest(name = "[{index}] <{0}>")
    @MethodSource("specialValues")
    void specialCharactersInADeviceValueStayOneAttributeValue(String value, String rendered) {
        DeviceEntity device = device();
        device.deviceName = value;

        Path leaf = issue(SubjectNames.build(
                profile().custom("CN={{DeviceName}},O=Contoso").build(), device));

        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=" + rendered + ",O=Contoso");
        assertThat(subjectLines(leaf)).containsExactly("organizationName = Contoso", "commonName = " + value);
        assertThat(commonNameOf(leaf)).isEqualTo(value);
        assertThat(rdnCount(leaf)).isEqualTo(2);
    }

    @ParameterizedTest(name = "[{index}] <{0}>")
    @MethodSource("specialValues")
    void specialCharactersInTheUserNameStayOneAttributeValueInEveryPosition(String value, String rendered) {
        DeviceEntity device = device();
        device.userPrincipalName = value + "@contoso.com";
        device.onPremisesSamAccountName = value;

        Path leaf = issue(SubjectNames.build(
                profile()
                        .custom("CN={{UserName}},OU={{onPremisesSamAccountName}},O=Contoso")
                        .build(),
                device));

        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=" + rendered + ",OU=" + rendered + ",O=Contoso");
        assertThat(subjectLines(leaf))
                .containsExactly(
                        "organizationName = Contoso", "organizationalUnitName = " + value, "commonName = " + value);
        assertThat(rdnCount(leaf)).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "commonNameAsSerialNumber",
                "commonNameAsIMEI",
                "commonNameAsAadDeviceId",
                "commonNameAsIntuneDeviceId"
            })
    void theFixedFormatsEscapeTheirValueToo(String format) {
        String value = "#X, \"1\"+2;<3>=4\\ ";
        DeviceEntity device = device();
        device.serialNumber = value;
        device.imei = value;
        device.aadDeviceId = value;
        device.deviceId = value;

        Path leaf = issue(SubjectNames.build(profile().subject(format).build(), device));

        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=\\#X\\, \\\"1\\\"\\+2\\;\\<3\\>=4\\\\\\ ");
        assertThat(subjectLines(leaf)).containsExactly("commonName = " + value);
        assertThat(rdnCount(leaf)).isEqualTo(1);
    }

    @Test
    void aUpnWithSpecialCharactersIsOneCommonName() {
        DeviceEntity device = device();
        device.userPrincipalName = "o'brien+certs,\"x\"@contoso.com";

        Path leaf = issue(SubjectNames.build(profile().subject("commonName").build(), device));

        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=o'brien\\+certs\\,\\\"x\\\"@contoso.com");
        assertThat(subjectLines(leaf)).containsExactly("commonName = " + device.userPrincipalName);
    }

    @Test
    void nonAsciiIsEncodedAsUtf8() throws Exception {
        DeviceEntity device = device();
        device.deviceName = "Zoë Müller";

        Path leaf =
                issue(SubjectNames.build(profile().custom("CN={{DeviceName}}").build(), device));

        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=Zoë Müller");
        // RFC 2253 with -esc_msb escapes the UTF-8 bytes: proof that they are UTF-8.
        assertThat(openssl("x509", "-in", leaf.toString(), "-noout", "-subject", "-nameopt", "RFC2253")
                        .trim())
                .isEqualTo("subject=CN=Zo\\C3\\AB M\\C3\\BCller");
        assertThat(subjectLines(leaf, "show_type")).containsExactly("commonName = UTF8STRING:Zoë Müller");
    }

    /**
     * An AD distinguished name is a value like any other: SubjectNames escapes every variable as one attribute
     * value, so {@code CN={{OnPrem_Distinguished_Name}}} is one common name holding the whole DN text (backslash
     * included), never a list of RDNs spliced into the subject.
     */
    @Test
    void anOnPremisesDistinguishedNameIsOneAttributeValueNotSplicedRdns() {
        DeviceEntity device = device();
        device.onPremisesDistinguishedName = "CN=Doe\\, John,OU=Users,DC=contoso,DC=com";

        SubjectNames.Names names = SubjectNames.build(
                profile().custom("CN={{OnPrem_Distinguished_Name}},O=Contoso").build(), device);
        Path leaf = issue(names);

        assertThat(names.subjectName()).isEqualTo("CN=CN=Doe\\\\\\, John\\,OU=Users\\,DC=contoso\\,DC=com,O=Contoso");
        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=CN=Doe\\\\\\, John\\,OU=Users\\,DC=contoso\\,DC=com,O=Contoso");
        assertThat(subjectLines(leaf))
                .containsExactly(
                        "organizationName = Contoso", "commonName = CN=Doe\\, John,OU=Users,DC=contoso,DC=com");
        assertThat(rdnCount(leaf)).isEqualTo(2);
        assertThat(commonNameOf(leaf)).isEqualTo("CN=Doe\\, John,OU=Users,DC=contoso,DC=com");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. subjectAlternativeNameType and custom SANs

    @Test
    void sanTypeNoneGivesNoSanExtension() {
        SubjectNames.Names names =
                SubjectNames.build(profile().san("none", null).build(), device());
        Path leaf = issue(names);

        assertThat(names.alternativeNames()).isEmpty();
        assertThat(opensslText(leaf)).doesNotContain("Subject Alternative Name");
        assertThat(sans(leaf)).isEmpty();
    }

    @Test
    void sanTypeEmailAddress() {
        SubjectNames.Names names =
                SubjectNames.build(profile().san("emailAddress", null).build(), device());
        Path leaf = issue(names);

        assertThat(names.alternativeNames())
                .containsExactly(new io.pkcsconnector.contracts.SubjectAlternativeName(
                        SubjectAlternativeNameType.EMAIL_ADDRESS, EMAIL));
        assertThat(sans(leaf)).containsExactly("email:" + EMAIL);
        assertThat(opensslText(leaf))
                .contains("X509v3 Subject Alternative Name: \n")
                .contains("email:" + EMAIL);
    }

    @Test
    void sanTypeUserPrincipalNameIsTheMicrosoftUpnOtherName() throws Exception {
        SubjectNames.Names names =
                SubjectNames.build(profile().san("userPrincipalName", null).build(), device());
        Path leaf = issue(names);

        // OpenSSL 3 knows Microsoft's UPN OID and prints the value.
        assertThat(sans(leaf)).containsExactly("othername: UPN::" + UPN);
        assertThat(opensslText(leaf)).contains("othername: UPN::" + UPN);
        // And the encoding is what Windows expects: otherName 1.3.6.1.4.1.311.20.2.3 with a UTF8String.
        X509Certificate certificate = certificate(leaf);
        GeneralName[] entries = GeneralNames.getInstance(ASN1OctetString.getInstance(
                                certificate.getExtensionValue(Extension.subjectAlternativeName.getId()))
                        .getOctets())
                .getNames();
        assertThat(entries).hasSize(1);
        assertThat(entries[0].getTagNo()).isEqualTo(GeneralName.otherName);
        OtherName otherName = OtherName.getInstance(entries[0].getName());
        assertThat(otherName.getTypeID().getId()).isEqualTo(UPN_OID);
        assertThat(otherName.getValue()).isInstanceOf(DERUTF8String.class);
        assertThat(((ASN1String) otherName.getValue()).getString()).isEqualTo(UPN);
    }

    @Test
    void sanTypeUserPrincipalNameKeepsNonAsciiAsUtf8() {
        DeviceEntity device = device();
        device.userPrincipalName = "zoë.müller@contoso.com";

        Path leaf = issue(
                SubjectNames.build(profile().san("userPrincipalName", null).build(), device));

        assertThat(otherNameValue(leaf)).isEqualTo("zoë.müller@contoso.com");
    }

    @Test
    void sanTypeDomainNameService() {
        SubjectNames.Names names = SubjectNames.build(
                profile().san("domainNameService", "{{DeviceName}}.contoso.com").build(), device());
        Path leaf = issue(names);

        assertThat(names.alternativeNames())
                .containsExactly(new io.pkcsconnector.contracts.SubjectAlternativeName(
                        SubjectAlternativeNameType.DOMAIN_NAME_SERVICE, DEVICE_NAME + ".contoso.com"));
        assertThat(sans(leaf)).containsExactly("DNS:" + DEVICE_NAME + ".contoso.com");
    }

    @Test
    void sanTypeUniversalResourceIdentifier() {
        SubjectNames.Names names = SubjectNames.build(
                profile()
                        .san("universalResourceIdentifier", "urn:uuid:{{AAD_Device_ID}}")
                        .build(),
                device());
        Path leaf = issue(names);

        assertThat(sans(leaf)).containsExactly("URI:urn:uuid:" + AAD_DEVICE_ID);
    }

    @Test
    void sanTypeCustomAzureAdAttributeIsRefusedAsUnsupported() {
        ProblemException e = problem(() -> SubjectNames.build(
                profile()
                        .san("customAzureADAttribute", "{{extension_department}}")
                        .build(),
                device()));

        assertThat(e.problem().status()).isEqualTo(422);
        assertThat(e.problem().type()).hasToString(Problem.TYPE_BASE + "unsupported-san");
    }

    @Test
    void customSansOfEveryTypeFollowTheSanTypeInOrder() {
        PkcsProfile profile = profile()
                .subject("commonName")
                .san("userPrincipalName", null)
                .custom(
                        new CustomSubjectAlternativeName("domainNameService", "{{FullyQualifiedDomainName}}"),
                        new CustomSubjectAlternativeName("emailAddress", "{{EmailAddress}}"),
                        new CustomSubjectAlternativeName("universalResourceIdentifier", "urn:uuid:{{DeviceId}}"),
                        new CustomSubjectAlternativeName(
                                "userPrincipalName", "{{onPremisesSamAccountName}}@corp.contoso.com"),
                        new CustomSubjectAlternativeName("domainNameService", "{{DeviceName}}.contoso.com"),
                        new CustomSubjectAlternativeName("emailAddress", "pki-admins@contoso.com"))
                .build();

        SubjectNames.Names names = SubjectNames.build(profile, device());
        Path leaf = issue(names);

        assertThat(names.alternativeNames())
                .extracting(io.pkcsconnector.contracts.SubjectAlternativeName::type)
                .containsExactly(
                        SubjectAlternativeNameType.USER_PRINCIPAL_NAME,
                        SubjectAlternativeNameType.DOMAIN_NAME_SERVICE,
                        SubjectAlternativeNameType.EMAIL_ADDRESS,
                        SubjectAlternativeNameType.UNIVERSAL_RESOURCE_IDENTIFIER,
                        SubjectAlternativeNameType.USER_PRINCIPAL_NAME,
                        SubjectAlternativeNameType.DOMAIN_NAME_SERVICE,
                        SubjectAlternativeNameType.EMAIL_ADDRESS);
        assertThat(sans(leaf))
                .containsExactly(
                        "othername: UPN::" + UPN,
                        "DNS:" + FQDN,
                        "email:" + EMAIL,
                        "URI:urn:uuid:" + DEVICE_ID,
                        "othername: UPN::" + SAM_ACCOUNT + "@corp.contoso.com",
                        "DNS:" + DEVICE_NAME + ".contoso.com",
                        "email:pki-admins@contoso.com");
        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=" + UPN);
        assertThat(opensslText(leaf)).doesNotContain("X509v3 Subject Alternative Name: critical");
    }

    @Test
    void customSansWithSanTypeNoneAreTheOnlySans() {
        PkcsProfile profile = profile()
                .san("none", null)
                .custom(
                        new CustomSubjectAlternativeName("emailAddress", "{{EmailAddress}}"),
                        new CustomSubjectAlternativeName("domainNameService", "{{FullyQualifiedDomainName}}"))
                .build();

        Path leaf = issue(SubjectNames.build(profile, device()));

        assertThat(sans(leaf)).containsExactly("email:" + EMAIL, "DNS:" + FQDN);
    }

    @Test
    void customSansCombineWithADnsSanType() {
        PkcsProfile profile = profile()
                .san("domainNameService", "{{DeviceName}}.contoso.com")
                .custom(
                        new CustomSubjectAlternativeName("userPrincipalName", "{{UserPrincipalName}}"),
                        new CustomSubjectAlternativeName(
                                "universalResourceIdentifier", "https://contoso.com/u/{{UserName}}"))
                .build();

        Path leaf = issue(SubjectNames.build(profile, device()));

        assertThat(sans(leaf))
                .containsExactly(
                        "DNS:" + DEVICE_NAME + ".contoso.com",
                        "othername: UPN::" + UPN,
                        "URI:https://contoso.com/u/" + USER_NAME);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 5. Missing variables

    static Stream<Arguments> missingVariables() {
        return Stream.of(
                Arguments.of(
                        "e-mail SAN, user without e-mail",
                        profile().san("emailAddress", null).build(),
                        (Consumer<DeviceEntity>) d -> d.emailAddress = null,
                        "EmailAddress"),
                Arguments.of(
                        "commonNameAsIMEI, device without IMEI",
                        profile().subject("commonNameAsIMEI").build(),
                        (Consumer<DeviceEntity>) d -> d.imei = null,
                        "IMEINumber"),
                Arguments.of(
                        "custom {{FullyQualifiedDomainName}}, device without FQDN",
                        profile()
                                .custom("CN={{FullyQualifiedDomainName}},O=Contoso")
                                .build(),
                        (Consumer<DeviceEntity>) d -> d.fullyQualifiedDomainName = null,
                        "FullyQualifiedDomainName"),
                Arguments.of(
                        "{{UserName}}, UPN without '@'",
                        profile().custom("CN={{UserName}}").build(),
                        (Consumer<DeviceEntity>) d -> d.userPrincipalName = "jdoe",
                        "UserName"),
                Arguments.of(
                        "commonNameAsSerialNumber, blank serial",
                        profile().subject("commonNameAsSerialNumber").build(),
                        (Consumer<DeviceEntity>) d -> d.serialNumber = "   ",
                        "SerialNumber"),
                Arguments.of(
                        "commonNameIncludingEmail, user without e-mail",
                        profile().subject("commonNameIncludingEmail").build(),
                        (Consumer<DeviceEntity>) d -> d.emailAddress = "",
                        "EmailAddress"),
                Arguments.of(
                        "UPN SAN, device without user",
                        profile()
                                .subject("commonNameAsIntuneDeviceId")
                                .san("userPrincipalName", null)
                                .build(),
                        (Consumer<DeviceEntity>) d -> d.userPrincipalName = null,
                        "UserPrincipalName"),
                Arguments.of(
                        "DNS SAN format, device without name",
                        profile()
                                .san("domainNameService", "{{DeviceName}}.contoso.com")
                                .build(),
                        (Consumer<DeviceEntity>) d -> d.deviceName = null,
                        "DeviceName"),
                Arguments.of(
                        "custom SAN, device without Wi-Fi MAC",
                        profile()
                                .custom(new CustomSubjectAlternativeName(
                                        "universalResourceIdentifier", "urn:mac:{{WiFiMacAddress}}"))
                                .build(),
                        (Consumer<DeviceEntity>) d -> d.wifiMacAddress = null,
                        "WiFiMacAddress"),
                Arguments.of(
                        "custom subject, user without on-premises DN",
                        profile().custom("CN={{OnPrem_Distinguished_Name}}").build(),
                        (Consumer<DeviceEntity>) d -> d.onPremisesDistinguishedName = null,
                        "OnPrem_Distinguished_Name"),
                Arguments.of(
                        "custom subject, user without sAMAccountName",
                        profile().custom("CN={{onPremisesSamAccountName}}").build(),
                        (Consumer<DeviceEntity>) d -> d.onPremisesSamAccountName = null,
                        "onPremisesSamAccountName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingVariables")
    void aMissingVariableFailsWithA422AndNoCertificate(
            String description, PkcsProfile profile, Consumer<DeviceEntity> strip, String variable) throws Exception {
        DeviceEntity device = device();
        strip.accept(device);

        ProblemException e = problem(() -> issue(SubjectNames.build(profile, device)));

        Problem problem = e.problem();
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.type()).hasToString(Problem.TYPE_BASE + "missing-variable");
        assertThat(problem.title()).isEqualTo("Missing variable");
        assertThat(problem.detail()).contains("{{" + variable + "}}");
        assertThat(problem.extensions())
                .containsEntry("errorCode", "missingVariable." + variable)
                .containsEntry("variable", variable);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no certificate was written").isEmpty();
        }
    }

    @Test
    void aVariableTheProfileDoesNotUseMayBeMissing() {
        DeviceEntity device = device();
        device.imei = null;
        device.emailAddress = null;
        device.fullyQualifiedDomainName = null;
        device.onPremisesDistinguishedName = null;

        Path leaf = issue(SubjectNames.build(profile().subject("commonName").build(), device));

        assertThat(subjectRfc2253(leaf)).isEqualTo("CN=" + UPN);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 6. unknownVariables

    @Test
    void knownVariablesAreNoProblem() {
        assertThat(SubjectNames.unknownVariables("CN={{UserName}},OU={{DeviceName}},O=Contoso,C=NL"))
                .isEmpty();
        assertThat(SubjectNames.unknownVariables(SubjectNames.VARIABLES.stream()
                        .map(v -> "{{" + v + "}}")
                        .reduce("", String::concat)))
                .isEmpty();
        assertThat(SubjectNames.unknownVariables("CN=No Variables At All")).isEmpty();
        assertThat(SubjectNames.unknownVariables(null)).isEmpty();
    }

    @Test
    void anUnknownVariableIsReportedWithTheKnownOnes() {
        List<String> problems = SubjectNames.unknownVariables("CN={{UserName}},OU={{Department}}");

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0))
                .startsWith("names unknown variable {{Department}}; known: ")
                .contains("{{UserName}}", "{{AAD_Device_ID}}", "{{onPremisesSamAccountName}}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "username, UserName",
        "USERPRINCIPALNAME, UserPrincipalName",
        "emailaddress, EmailAddress",
        "aad_device_id, AAD_Device_ID",
        "deviceID, DeviceId",
        "Devicename, DeviceName",
        "serialnumber, SerialNumber",
        "ImeiNumber, IMEINumber",
        "WifiMacAddress, WiFiMacAddress",
        "fullyqualifieddomainname, FullyQualifiedDomainName",
        "OnPrem_distinguished_name, OnPrem_Distinguished_Name",
        "OnPremisesSamAccountName, onPremisesSamAccountName"
    })
    void aCaseOnlyDifferenceGetsADidYouMeanHint(String typed, String known) {
        assertThat(SubjectNames.unknownVariables("CN={{" + typed + "}}"))
                .containsExactly("names unknown variable {{" + typed + "}}; did you mean {{" + known + "}}?");
    }

    /** Such a reference is never substituted, so it would reach the certificate literally, braces and all. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Device Name", "Serial-Number", "IMEI2", "DeviceName.", ""})
    void aReferenceWithCharactersNoVariableHasIsReported(String typed) {
        assertThat(SubjectNames.unknownVariables("CN={{" + typed + "}},O=Contoso"))
                .singleElement()
                .asString()
                .startsWith("names unknown variable {{" + typed + "}}; known: {{UserName}}, ");
    }

    @Test
    void aVariableInsideSpacesGetsAHint() {
        assertThat(SubjectNames.unknownVariables("CN={{ UserName }}"))
                .containsExactly("names unknown variable {{ UserName }}; did you mean {{UserName}}?");
    }

    @Test
    void everyUnknownVariableIsReportedInOrder() {
        assertThat(SubjectNames.unknownVariables("CN={{Department}},OU={{devicename}},O={{DeviceName}},L={{City}}"))
                .hasSize(3)
                .satisfies(p -> assertThat(p.get(0)).startsWith("names unknown variable {{Department}}; known:"))
                .satisfies(p -> assertThat(p.get(1))
                        .isEqualTo("names unknown variable {{devicename}}; did you mean {{DeviceName}}?"))
                .satisfies(p -> assertThat(p.get(2)).startsWith("names unknown variable {{City}}; known:"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fixtures

    /** A device with every variable set, each to a distinct value. */
    private static DeviceEntity device() {
        DeviceEntity d = new DeviceEntity();
        d.tenantId = "tenant-1";
        d.deviceId = DEVICE_ID;
        d.platform = "windows10";
        d.userPrincipalName = UPN;
        d.userId = "0b7e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
        d.emailAddress = EMAIL;
        d.deviceName = DEVICE_NAME;
        d.serialNumber = SERIAL;
        d.imei = IMEI;
        d.aadDeviceId = AAD_DEVICE_ID;
        d.wifiMacAddress = WIFI_MAC;
        d.fullyQualifiedDomainName = FQDN;
        d.onPremisesDistinguishedName = ON_PREM_DN;
        d.onPremisesSamAccountName = SAM_ACCOUNT;
        d.managementPublicKey = "not used by SubjectNames";
        return d;
    }

    private static ProfileBuilder profile() {
        return new ProfileBuilder();
    }

    /** A normalized profile (as ProfileRules leaves it) with only the naming fields varying. */
    private static final class ProfileBuilder {
        private String subjectNameFormat = "commonName";
        private String subjectNameFormatString;
        private String sanType = "none";
        private String sanFormatString;
        private List<CustomSubjectAlternativeName> customSans = List.of();

        ProfileBuilder subject(String format) {
            this.subjectNameFormat = format;
            this.subjectNameFormatString = null;
            return this;
        }

        ProfileBuilder custom(String subjectFormatString) {
            this.subjectNameFormat = "custom";
            this.subjectNameFormatString = subjectFormatString;
            return this;
        }

        ProfileBuilder san(String type, String formatString) {
            this.sanType = type;
            this.sanFormatString = formatString;
            return this;
        }

        ProfileBuilder custom(CustomSubjectAlternativeName... sans) {
            this.customSans = List.of(sans);
            return this;
        }

        /**
         * Fills the record's canonical constructor by component name, so that a component added to the profile
         * later (irrelevant to names) gets null, or an empty list, without touching this test.
         */
        PkcsProfile build() {
            Map<String, Object> values = new HashMap<>();
            values.put("id", "profile-1");
            values.put("displayName", "Subject names test");
            values.put("platform", "windows10");
            values.put("certificateTemplateName", CertificateTemplate.PKCS_USER_NAME);
            values.put("keyAlgorithm", "rsa2048");
            values.put("subjectNameFormat", subjectNameFormat);
            values.put("subjectNameFormatString", subjectNameFormatString);
            values.put("subjectAlternativeNameType", sanType);
            values.put("subjectAlternativeNameFormatString", sanFormatString);
            values.put("customSubjectAlternativeNames", customSans);
            RecordComponent[] components = PkcsProfile.class.getRecordComponents();
            assertThat(Arrays.stream(components).map(RecordComponent::getName))
                    .as("PkcsProfile components")
                    .containsAll(values.keySet());
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = values.containsKey(components[i].getName())
                        ? values.get(components[i].getName())
                        : types[i] == List.class ? List.of() : null;
            }
            try {
                return PkcsProfile.class.getDeclaredConstructor(types).newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot construct PkcsProfile", e);
            }
        }
    }

    /**
     * Issues a certificate for the names the way the issuance worker does ({@code RequestValidation}: the subject is
     * parsed with {@link DistinguishedName#parse}, each contracts SAN mapped to its PKI type) and writes it as PEM.
     */
    private Path issue(SubjectNames.Names names) {
        List<SubjectAlternativeName> sans = new ArrayList<>();
        for (io.pkcsconnector.contracts.SubjectAlternativeName name : names.alternativeNames()) {
            sans.add(
                    switch (name.type()) {
                        case USER_PRINCIPAL_NAME -> SubjectAlternativeName.upn(name.value());
                        case EMAIL_ADDRESS -> SubjectAlternativeName.email(name.value());
                        case DOMAIN_NAME_SERVICE -> SubjectAlternativeName.dns(name.value());
                        case UNIVERSAL_RESOURCE_IDENTIFIER -> SubjectAlternativeName.uri(name.value());
                    });
        }
        IssuanceRequest request = IssuanceRequest.builder()
                .requestId("subject-names-test")
                .templateName(CertificateTemplate.PKCS_USER_NAME)
                .keyAlgorithm(KeyAlgorithm.EC_P256)
                .validity(Period.ofDays(30))
                .connectorIdentity("connector-1")
                .subject(DistinguishedName.parse(names.subjectName()))
                .subjectAlternativeNames(sans)
                .build();
        IssuedCertificate issued = issuer.sign(issuer.prepare(request, keyPair));
        try {
            return Files.writeString(dir.resolve("leaf.pem"), issued.certificatePem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProblemException problem(Runnable action) {
        ProblemException e = catchThrowableOfType(ProblemException.class, action::run);
        assertThat(e).as("a ProblemException").isNotNull();
        return e;
    }

    private static X509Certificate certificate(Path pem) {
        try {
            return io.pkcsconnector.pki.Pem.parseCertificates(Files.readString(pem))
                    .get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate's common name as Bouncy Castle decodes it from the DER, independently of OpenSSL. */
    private static String commonNameOf(Path pem) {
        RDN[] rdns = DistinguishedName.subjectOf(certificate(pem)).toX500Name().getRDNs(BCStyle.CN);
        assertThat(rdns).hasSize(1);
        assertThat(rdns[0].isMultiValued()).isFalse();
        return ((ASN1String) rdns[0].getFirst().getValue()).getString();
    }

    private static int rdnCount(Path pem) {
        RDN[] rdns = DistinguishedName.subjectOf(certificate(pem)).toX500Name().getRDNs();
        assertThat(Arrays.stream(rdns).filter(RDN::isMultiValued))
                .as("multi-valued RDNs")
                .isEmpty();
        for (RDN rdn : rdns) {
            AttributeTypeAndValue ava = rdn.getFirst();
            assertThat(ava.getValue())
                    .isInstanceOfAny(DERUTF8String.class, DERPrintableString.class, DERIA5String.class);
        }
        return rdns.length;
    }

    private static String otherNameValue(Path pem) {
        String line = sans(pem).get(0);
        assertThat(line).startsWith("othername: UPN::");
        return line.substring("othername: UPN::".length());
    }

    // ---------------------------------------------------------------------------------------------------------
    // OpenSSL

    /** {@code openssl x509 -subject -nameopt RFC2253,-esc_msb}: RFC 2253 escaping, non-ASCII as UTF-8. */
    private static String subjectRfc2253(Path pem) {
        String out = openssl("x509", "-in", pem.toString(), "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb");
        assertThat(out).startsWith("subject=").endsWith("\n");
        return out.substring("subject=".length(), out.length() - 1);
    }

    private static List<String> subjectLines(Path pem) {
        return subjectLines(pem, null);
    }

    /**
     * One line per RDN in encoding order, {@code longName = raw value}: OpenSSL's multiline form without RFC 2253
     * escaping and with UTF-8 output, so a value appears exactly as it is stored and a split value would show as an
     * extra line. Only the leading indentation and the alignment padding around {@code =} are normalised.
     */
    private static List<String> subjectLines(Path pem, String extraOption) {
        String options = "multiline,utf8,-esc_2253,-esc_msb,-esc_ctrl" + (extraOption == null ? "" : "," + extraOption);
        String out = openssl("x509", "-in", pem.toString(), "-noout", "-subject", "-nameopt", options);
        assertThat(out).startsWith("subject=\n").endsWith("\n");
        List<String> lines = new ArrayList<>();
        for (String line :
                out.substring("subject=\n".length(), out.length() - 1).split("\n", -1)) {
            assertThat(line).startsWith("    ");
            int eq = line.indexOf(" = ");
            assertThat(eq).as("'=' in %s", line).isPositive();
            lines.add(line.substring(0, eq).strip() + " = " + line.substring(eq + 3));
        }
        return lines;
    }

    /** The SAN entries as {@code openssl x509 -ext subjectAltName} prints them; empty without the extension. */
    private static List<String> sans(Path pem) {
        String out = openssl("x509", "-in", pem.toString(), "-noout", "-ext", "subjectAltName");
        if (out.strip().equals("No extensions in certificate") || out.isBlank()) {
            return List.of();
        }
        String[] lines = out.split("\n");
        assertThat(lines[0]).startsWith("X509v3 Subject Alternative Name:");
        assertThat(lines).hasSize(2);
        return List.of(lines[1].strip().split(", "));
    }

    private static String opensslText(Path pem) {
        return openssl("x509", "-in", pem.toString(), "-noout", "-text");
    }

    /** Runs openssl, asserts it succeeded and returns its standard output (UTF-8). */
    private static String openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add(opensslBinary);
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("openssl", ".out");
            Path err = Files.createTempFile("openssl", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("%s did not finish within 60 s", command);
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                String stderr = Files.readString(err, StandardCharsets.UTF_8);
                assertThat(process.exitValue())
                        .as("%s failed: %s%s", command, stdout, stderr)
                        .isZero();
                return stdout;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static String locateOpenSsl() {
        String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/bin";
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "openssl"))) {
                String binary = Path.of(d, "openssl").toString();
                return binary;
            }
        }
        throw new AssertionError("these tests need the openssl binary (OpenSSL 3) on PATH");
    }

    @Test
    void opensslIsVersion3() {
        assertThat(openssl("version")).startsWith("OpenSSL 3.");
    }
}
