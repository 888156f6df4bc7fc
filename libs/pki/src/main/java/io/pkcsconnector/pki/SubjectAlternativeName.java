package io.pkcsconnector.pki;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * One entry of the subject alternative name extension. The variants are the SAN types an Intune PKCS
 * profile can ask for; each validates its value when constructed, so an invalid value never reaches the
 * signer.
 */
public sealed interface SubjectAlternativeName {

    /** Microsoft's szOID_NT_PRINCIPAL_NAME: the UPN, used by Windows for smart-card and EAP-TLS logon. */
    String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

    GeneralName toGeneralName();

    static SubjectAlternativeName upn(String userPrincipalName) {
        return new Upn(userPrincipalName);
    }

    static SubjectAlternativeName email(String address) {
        return new Email(address);
    }

    static SubjectAlternativeName dns(String hostName) {
        return new Dns(hostName);
    }

    static SubjectAlternativeName uri(String uri) {
        return new Uri(uri);
    }

    /** A user principal name, {@code user@suffix}, carried as otherName with a UTF8String value. */
    record Upn(String value) implements SubjectAlternativeName {
        public Upn {
            if (value == null || value.isBlank() || value.indexOf('@') <= 0 || value.endsWith("@")) {
                throw new IllegalArgumentException(
                        "user principal name must look like user@suffix, got '" + value + "'");
            }
        }

        @Override
        public GeneralName toGeneralName() {
            // OtherName adds the [0] EXPLICIT wrapper around the value itself.
            return new GeneralName(
                    GeneralName.otherName, new OtherName(new ASN1ObjectIdentifier(UPN_OID), new DERUTF8String(value)));
        }
    }

    /** An RFC 822 mailbox. rfc822Name is an IA5String, so internationalised local parts are refused. */
    record Email(String value) implements SubjectAlternativeName {
        private static final Pattern MAILBOX = Pattern.compile("[\\x21-\\x3F\\x41-\\x7E]+@[A-Za-z0-9.-]+");

        public Email {
            if (value == null || !MAILBOX.matcher(value).matches()) {
                throw new IllegalArgumentException(
                        "e-mail address must be an ASCII local-part@domain, got '" + value + "'");
            }
        }

        @Override
        public GeneralName toGeneralName() {
            return new GeneralName(GeneralName.rfc822Name, value);
        }
    }

    /** A DNS host name; internationalised names are converted to their A-label (punycode) form. */
    record Dns(String value) implements SubjectAlternativeName {
        private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

        public Dns {
            String ascii;
            try {
                ascii = value == null ? "" : IDN.toASCII(value, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                ascii = "";
            }
            if (ascii.isEmpty() || ascii.length() > 253 || !allLabelsValid(ascii)) {
                throw new IllegalArgumentException("'" + value + "' is not a DNS host name");
            }
            value = ascii;
        }

        private static boolean allLabelsValid(String name) {
            for (String label : name.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public GeneralName toGeneralName() {
            return new GeneralName(GeneralName.dNSName, value);
        }
    }

    /** An absolute URI, e.g. {@code urn:uuid:...} for an Intune device id or an https URL. */
    record Uri(String value) implements SubjectAlternativeName {
        public Uri {
            URI parsed;
            try {
                parsed = new URI(value == null ? "" : value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + value + "' is not a URI: " + e.getMessage(), e);
            }
            if (!parsed.isAbsolute() || !parsed.toASCIIString().equals(value)) {
                throw new IllegalArgumentException("URI must be absolute and ASCII, got '" + value + "'");
            }
        }

        @Override
        public GeneralName toGeneralName() {
            return new GeneralName(GeneralName.uniformResourceIdentifier, value);
        }
    }
}
