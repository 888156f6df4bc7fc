package io.pkcsconnector.contracts;

/**
 * One subject alternative name a certificate request asks for, already resolved from the profile's format
 * string (e.g. {@code {{UserPrincipalName}}}) to the device's value. The syntax of the value per type is checked
 * by the PKI core when it builds the extension, where a bad value becomes a permanent issuance failure.
 */
public record SubjectAlternativeName(SubjectAlternativeNameType type, String value) {

    public SubjectAlternativeName {
        Checks.present(type, "subjectAlternativeNames.type");
        Checks.text(value, "subjectAlternativeNames.value");
    }
}
