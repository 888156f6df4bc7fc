package io.pkcsconnector.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistinguishedNameTest {

    @TempDir
    Path dir;

    @Test
    void builderTakesPartsInRfc4514OrderAndEncodesMostGeneralFirst() {
        DistinguishedName name = DistinguishedName.builder()
                .commonName("Jane Doe")
                .organizationalUnit("Sales")
                .organization("Example")
                .country("NL")
                .build();

        assertThat(name.toRfc4514()).isEqualTo("CN=Jane Doe,OU=Sales,O=Example,C=NL");
        RDN[] encoded = name.toX500Name().getRDNs();
        assertThat(encoded[0].getFirst().getType()).isEqualTo(BCStyle.C);
        assertThat(encoded[3].getFirst().getType()).isEqualTo(BCStyle.CN);
    }

    @Test
    void parseAndBuilderAgree() {
        DistinguishedName built = DistinguishedName.builder()
                .commonName("Jane Doe")
                .organization("Example")
                .country("NL")
                .build();

        assertThat(DistinguishedName.parse("CN=Jane Doe,O=Example,C=NL")).isEqualTo(built);
        assertThat(DistinguishedName.parse("cn=Jane Doe, o=Example, c=NL")).isEqualTo(built);
    }

    @Test
    void valuesGetTheStringTypesRfc5280Requires() {
        DistinguishedName name = DistinguishedName.parse("CN=Jane,emailAddress=jane@example.test,DC=example,C=NL");
        RDN[] rdns = name.toX500Name().getRDNs();

        assertThat(rdns[0].getFirst().getValue()).isInstanceOf(DERPrintableString.class); // C
        assertThat(rdns[1].getFirst().getValue()).isInstanceOf(DERIA5String.class); // DC
        assertThat(rdns[2].getFirst().getValue()).isInstanceOf(DERIA5String.class); // emailAddress
        assertThat(rdns[3].getFirst().getValue()).isInstanceOf(DERUTF8String.class); // CN
    }

    @Test
    void anEqualsSignInAValueRoundTrips() {
        // RFC 4514 leaves '=' in a value unescaped; Bouncy Castle's parser alone would refuse the second one.
        DistinguishedName name = DistinguishedName.parse("CN=role=admin,OU=a\\=b,O=\"x=y\",C=NL");

        assertThat(name.commonName()).contains("role=admin");
        assertThat(name.toX500Name().getRDNs()).hasSize(4);
        assertThat(DistinguishedName.parse(name.toRfc4514())).isEqualTo(name);
    }

    @Test
    void escapedSpecialCharactersAreUnescapedOnParse() {
        DistinguishedName name = DistinguishedName.parse("CN=Doe\\, \\\"Jr\\\" \\+ Co\\; \\<x\\>\\\\,O=Example");

        assertThat(name.commonName()).contains("Doe, \"Jr\" + Co; <x>\\");
        assertThat(name.toRfc4514()).isEqualTo("CN=Doe\\, \\\"Jr\\\" \\+ Co\\; \\<x\\>\\\\,O=Example");
    }

    @Test
    void hexEscapesAndQuotedValuesAreUnderstood() {
        assertThat(DistinguishedName.parse("CN=Doe\\2C Jane").commonName()).contains("Doe, Jane");
        assertThat(DistinguishedName.parse("CN=\"Doe, Jane\",O=Example").commonName())
                .contains("Doe, Jane");
    }

    @Test
    void leadingHashAndLeadingOrTrailingSpacesAreEscaped() {
        DistinguishedName name = DistinguishedName.builder()
                .commonName("#1 ")
                .organization(" Example")
                .build();

        assertThat(name.toRfc4514()).isEqualTo("CN=\\#1\\ ,O=\\ Example");
        assertThat(DistinguishedName.parse(name.toRfc4514())).isEqualTo(name);
    }

    @Test
    void multiValuedRdnsRoundTrip() {
        DistinguishedName name = DistinguishedName.parse("CN=Jane+UID=jdoe,O=Example");

        assertThat(name.toX500Name().getRDNs()).hasSize(2);
        assertThat(name.toX500Name().getRDNs()[1].isMultiValued()).isTrue();
        assertThat(DistinguishedName.parse(name.toRfc4514())).isEqualTo(name);
    }

    @Test
    void escapeValueMakesAnyTextSafeToSubstitute() {
        String displayName = "O'Brien, Seán + \"Team\"";
        DistinguishedName name =
                DistinguishedName.parse("CN=" + DistinguishedName.escapeValue(displayName) + ",O=Example");

        assertThat(name.commonName()).contains(displayName);
    }

    @Test
    void commonNameIsTheMostSpecificOne() {
        assertThat(DistinguishedName.parse("CN=device,CN=Users,DC=example").commonName())
                .contains("device");
        assertThat(DistinguishedName.parse("O=Example").commonName()).isEmpty();
    }

    @Test
    void blankTextIsTheEmptyName() {
        assertThat(DistinguishedName.parse("  ")).isEqualTo(DistinguishedName.EMPTY);
        assertThat(DistinguishedName.EMPTY.isEmpty()).isTrue();
        assertThat(DistinguishedName.EMPTY.toRfc4514()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CN", "NOPE=x", "C=Netherlands", "C=nl", "CN=", "emailAddress=zoë@example.test"})
    void invalidNamesAreRejectedWithTheReason(String text) {
        assertThatThrownBy(() -> DistinguishedName.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void opensslRendersTheSubjectExactlyAsWeDo() {
        DistinguishedName subject = DistinguishedName.builder()
                .commonName("Doe, \"Jr\" + Co; <x>")
                .organizationalUnit("R&D")
                .organization("Example")
                .country("NL")
                .build();
        IssuedCertificate issued = TestPki.issuer(TestPki.ecAuthority())
                .issue(TestPki.request(KeyAlgorithm.EC_P256).subject(subject).build());
        TestPki.write(dir, "leaf.pem", issued.certificatePem());

        String rendered = OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-subject", "-nameopt", "RFC2253")
                .assertSuccess()
                .stdout()
                .trim();

        assertThat(rendered).isEqualTo("subject=CN=Doe\\, \\\"Jr\\\" \\+ Co\\; \\<x\\>,OU=R&D,O=Example,C=NL");
        assertThat(rendered).isEqualTo("subject=" + subject.toRfc4514());
        assertThat(DistinguishedName.parse(rendered.substring("subject=".length())))
                .isEqualTo(subject);
        assertThat(DistinguishedName.subjectOf(issued.certificate())).isEqualTo(subject);
    }

    @Test
    void nonAsciiNamesSurviveOpenssl() {
        DistinguishedName subject = DistinguishedName.parse("CN=Zoë Ñúñez,O=Exämple");
        IssuedCertificate issued = TestPki.issuer(TestPki.ecAuthority())
                .issue(TestPki.request(KeyAlgorithm.EC_P256).subject(subject).build());
        TestPki.write(dir, "leaf.pem", issued.certificatePem());

        String rendered = OpenSsl.run(
                        dir, "x509", "-in", "leaf.pem", "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb")
                .assertSuccess()
                .stdout()
                .trim();

        assertThat(rendered).isEqualTo("subject=CN=Zoë Ñúñez,O=Exämple");
    }
}
