package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Wire names as Graph's {@code subjectAlternativeNameType} flags, one per SAN entry. */
public enum SubjectAlternativeNameType {
    USER_PRINCIPAL_NAME("userPrincipalName"),
    EMAIL_ADDRESS("emailAddress"),
    DOMAIN_NAME_SERVICE("domainNameService"),
    UNIVERSAL_RESOURCE_IDENTIFIER("universalResourceIdentifier");

    private final String wireName;

    SubjectAlternativeNameType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static SubjectAlternativeNameType fromWireName(String wireName) {
        return Checks.wireValue(
                values(), SubjectAlternativeNameType::wireName, wireName, "subject alternative name type");
    }
}
