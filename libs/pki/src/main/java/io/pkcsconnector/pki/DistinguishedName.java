package io.pkcsconnector.pki;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * An X.500 distinguished name, immutable, written and read as an RFC 4514 string.
 *
 * <p>RFC 4514 writes the most specific RDN first ({@code CN=Jane,O=Example,C=NL}) while the DER encoding
 * starts with the most general one; this class keeps that straight so that what an administrator types
 * is what OpenSSL and Windows show. Values are encoded as UTF8String, except country and serial number
 * (PrintableString) and e-mail address and domain component (IA5String), as RFC 5280 requires.
 */
public final class DistinguishedName {

    public static final DistinguishedName EMPTY = new DistinguishedName(new X500Name(new RDN[0]));

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9 '()+,\\-./:=?]+");
    private static final Pattern ASCII = Pattern.compile("[\\x20-\\x7E]+");

    // The names OpenSSL prints with -nameopt RFC2253, so that both sides render a DN identically.
    private static final Map<ASN1ObjectIdentifier, String> NAMES = Map.ofEntries(
            Map.entry(BCStyle.CN, "CN"),
            Map.entry(BCStyle.OU, "OU"),
            Map.entry(BCStyle.O, "O"),
            Map.entry(BCStyle.L, "L"),
            Map.entry(BCStyle.ST, "ST"),
            Map.entry(BCStyle.C, "C"),
            Map.entry(BCStyle.STREET, "STREET"),
            Map.entry(BCStyle.DC, "DC"),
            Map.entry(BCStyle.UID, "UID"),
            Map.entry(BCStyle.SERIALNUMBER, "serialNumber"),
            Map.entry(BCStyle.EmailAddress, "emailAddress"),
            Map.entry(BCStyle.T, "title"),
            Map.entry(BCStyle.GIVENNAME, "GN"),
            Map.entry(BCStyle.SURNAME, "SN"));

    private final X500Name name;
    private final byte[] der;

    private DistinguishedName(X500Name name) {
        this.name = name;
        try {
            this.der = name.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalArgumentException("distinguished name cannot be encoded", e);
        }
    }

    /**
     * Parses an RFC 4514 string such as {@code CN=Doe\, Jane,OU=Sales+L=Utrecht,O=Example,C=NL}.
     * Backslash escapes ({@code \,} and {@code \2C}), quoted values and multi-valued RDNs are understood;
     * attribute names are case-insensitive and may be dotted OIDs.
     *
     * @throws IllegalArgumentException with the reason when the string is not a valid DN
     */
    public static DistinguishedName parse(String rfc4514) {
        if (rfc4514 == null) {
            throw new IllegalArgumentException("distinguished name is missing");
        }
        if (rfc4514.isBlank()) {
            return EMPTY;
        }
        RDN[] rdns;
        try {
            rdns = IETFUtils.rDNsFromString(escapeEqualsInValues(rfc4514), BCStyle.INSTANCE);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "'" + rfc4514 + "' is not an RFC 4514 distinguished name: " + e.getMessage(), e);
        }
        List<RDN> encodingOrder = new ArrayList<>(Arrays.asList(rdns));
        Collections.reverse(encodingOrder);
        for (RDN rdn : encodingOrder) {
            for (AttributeTypeAndValue ava : rdn.getTypesAndValues()) {
                validate(ava.getType(), ava.getValue());
            }
        }
        return new DistinguishedName(new X500Name(encodingOrder.toArray(RDN[]::new)));
    }

    /**
     * RFC 4514 does not escape {@code =} inside a value ({@link #toRfc4514()} and OpenSSL's RFC2253 option write
     * {@code CN=a=b}), but Bouncy Castle's parser refuses a second unescaped {@code =} in an attribute. This escapes
     * every {@code =} after the one that ends an attribute type, outside quotes, so that such names parse (and
     * {@code parse(toRfc4514())} round-trips for every name).
     */
    private static String escapeEqualsInValues(String rfc4514) {
        StringBuilder out = new StringBuilder(rfc4514.length() + 8);
        boolean inValue = false;
        boolean quoted = false;
        for (int i = 0; i < rfc4514.length(); i++) {
            char c = rfc4514.charAt(i);
            if (c == '\\' && i + 1 < rfc4514.length()) {
                out.append(c).append(rfc4514.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ',' || c == '+')) {
                inValue = false;
            } else if (!quoted && c == '=') {
                if (inValue) {
                    out.append("\\=");
                    continue;
                }
                inValue = true;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Wraps a name taken from a certificate; the RDN order is the encoding order. */
    public static DistinguishedName of(X500Name name) {
        return new DistinguishedName(X500Name.getInstance(name));
    }

    /** The subject of a certificate, with its exact encoding. */
    public static DistinguishedName subjectOf(X509Certificate certificate) {
        return new DistinguishedName(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return name.getRDNs().length == 0;
    }

    /** The most specific common name, the one Windows shows as "Issued To". */
    public Optional<String> commonName() {
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return Optional.empty();
        }
        return Optional.of(valueToString(rdns[rdns.length - 1].getFirst().getValue()));
    }

    public X500Name toX500Name() {
        return name;
    }

    public byte[] getEncoded() {
        return der.clone();
    }

    /** Renders the name as RFC 4514, most specific RDN first, escaped as OpenSSL's RFC2253 option does. */
    public String toRfc4514() {
        StringBuilder out = new StringBuilder();
        RDN[] rdns = name.getRDNs();
        for (int i = rdns.length - 1; i >= 0; i--) {
            if (out.length() > 0) {
                out.append(',');
            }
            AttributeTypeAndValue[] avas = rdns[i].getTypesAndValues();
            for (int j = 0; j < avas.length; j++) {
                if (j > 0) {
                    out.append('+');
                }
                appendTypeAndValue(out, avas[j]);
            }
        }
        return out.toString();
    }

    /**
     * Escapes a value for use inside an RFC 4514 string, e.g. when substituting a display name into a
     * subject name format such as {@code CN={{UserName}},O=Example}.
     */
    public static String escapeValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean leading = i == 0 && (c == ' ' || c == '#');
            boolean trailing = i == value.length() - 1 && c == ' ';
            if (c == '\0') {
                out.append("\\00");
            } else if (leading || trailing || "\"+,;<>\\".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DistinguishedName that && Arrays.equals(der, that.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return toRfc4514();
    }

    private static void appendTypeAndValue(StringBuilder out, AttributeTypeAndValue ava) {
        String type = NAMES.get(ava.getType());
        ASN1Encodable value = ava.getValue();
        if (type != null && value instanceof ASN1String) {
            out.append(type).append('=').append(escapeValue(valueToString(value)));
        } else {
            // RFC 4514 section 2.4: an unknown type or a non-string value is written as #hex of its BER.
            try {
                out.append(ava.getType().getId())
                        .append("=#")
                        .append(HexFormat.of().formatHex(value.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode attribute value", e);
            }
        }
    }

    private static String valueToString(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : value.toString();
    }

    private static void validate(ASN1ObjectIdentifier type, ASN1Encodable value) {
        String label = NAMES.getOrDefault(type, type.getId());
        if (!(value instanceof ASN1String string)) {
            return;
        }
        String text = string.getString();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("attribute " + label + " has an empty value");
        }
        if (type.equals(BCStyle.C) && !COUNTRY.matcher(text).matches()) {
            throw new IllegalArgumentException("country must be two upper-case letters (ISO 3166), got '" + text + "'");
        }
        if (value instanceof DERPrintableString && !PRINTABLE.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    label + " may only contain PrintableString characters, got '" + text + "'");
        }
        if (value instanceof DERIA5String && !ASCII.matcher(text).matches()) {
            throw new IllegalArgumentException(label + " must be printable ASCII, got '" + text + "'");
        }
    }

    /**
     * Builds a DN from typed parts, in the order they are written in RFC 4514 (most specific first):
     * {@code builder().commonName("Jane").organization("Example").country("NL")} is {@code
     * CN=Jane,O=Example,C=NL}. Values are raw text; no escaping is needed.
     */
    public static final class Builder {
        private final List<AttributeTypeAndValue> written = new ArrayList<>();

        private Builder() {}

        public Builder commonName(String value) {
            return add(BCStyle.CN, utf8(value));
        }

        public Builder organizationalUnit(String value) {
            return add(BCStyle.OU, utf8(value));
        }

        public Builder organization(String value) {
            return add(BCStyle.O, utf8(value));
        }

        public Builder locality(String value) {
            return add(BCStyle.L, utf8(value));
        }

        public Builder stateOrProvince(String value) {
            return add(BCStyle.ST, utf8(value));
        }

        public Builder country(String value) {
            return add(BCStyle.C, new DERPrintableString(requireText(value)));
        }

        public Builder emailAddress(String value) {
            return add(BCStyle.EmailAddress, new DERIA5String(requireText(value)));
        }

        public Builder domainComponent(String value) {
            return add(BCStyle.DC, new DERIA5String(requireText(value)));
        }

        public Builder serialNumber(String value) {
            return add(BCStyle.SERIALNUMBER, new DERPrintableString(requireText(value)));
        }

        public Builder userId(String value) {
            return add(BCStyle.UID, utf8(value));
        }

        public DistinguishedName build() {
            RDN[] rdns = new RDN[written.size()];
            for (int i = 0; i < rdns.length; i++) {
                rdns[i] = new RDN(written.get(written.size() - 1 - i));
            }
            return new DistinguishedName(new X500Name(rdns));
        }

        private Builder add(ASN1ObjectIdentifier type, ASN1Encodable value) {
            validate(type, value);
            written.add(new AttributeTypeAndValue(type, value));
            return this;
        }

        private static DERUTF8String utf8(String value) {
            return new DERUTF8String(requireText(value));
        }

        private static String requireText(String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("distinguished name values must not be empty");
            }
            return value;
        }
    }
}
