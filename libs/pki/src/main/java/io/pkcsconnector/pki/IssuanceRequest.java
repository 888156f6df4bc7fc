package io.pkcsconnector.pki;

import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a connector asks the CA for. Construction checks the request is well-formed (an {@link
 * IllegalArgumentException} otherwise); whether the template allows it is decided at issuance, with a
 * {@link TemplateViolationException}.
 *
 * @param requestId correlates log lines; never put into the certificate
 * @param templateName the certificate template to issue from
 * @param keyAlgorithm the key the issuer generates
 * @param subject subject DN, {@link DistinguishedName#EMPTY} if the template builds it or the SAN names the
 *     subject alone
 * @param subjectAlternativeNames SAN entries in certificate order
 * @param validity requested lifetime from notBefore
 * @param additionalKeyUsages key usages beyond the template's, e.g. {@link KeyUsage#NON_REPUDIATION}
 * @param extendedKeyUsages EKU OIDs, a subset of the template's; empty means all of the template's
 * @param connectorIdentity the enrolling connector, checked against the template's enrolment list
 */
public record IssuanceRequest(
        String requestId,
        String templateName,
        KeyAlgorithm keyAlgorithm,
        DistinguishedName subject,
        List<SubjectAlternativeName> subjectAlternativeNames,
        Period validity,
        Set<KeyUsage> additionalKeyUsages,
        List<String> extendedKeyUsages,
        String connectorIdentity) {

    public IssuanceRequest {
        requireText(requestId, "requestId");
        requireText(templateName, "templateName");
        requireText(connectorIdentity, "connectorIdentity");
        if (keyAlgorithm == null) {
            throw new IllegalArgumentException("keyAlgorithm is required");
        }
        if (validity == null) {
            throw new IllegalArgumentException("validity is required");
        }
        subject = subject == null ? DistinguishedName.EMPTY : subject;
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
        additionalKeyUsages = additionalKeyUsages.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(additionalKeyUsages));
        extendedKeyUsages = List.copyOf(new LinkedHashSet<>(extendedKeyUsages));
        extendedKeyUsages.forEach(ExtendedKeyUsages::requireOid);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    public static final class Builder {
        private String requestId;
        private String templateName = CertificateTemplate.PKCS_USER_NAME;
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.RSA_2048;
        private DistinguishedName subject = DistinguishedName.EMPTY;
        private final List<SubjectAlternativeName> subjectAlternativeNames = new ArrayList<>();
        private Period validity = Period.ofYears(1);
        private final Set<KeyUsage> additionalKeyUsages = EnumSet.noneOf(KeyUsage.class);
        private final List<String> extendedKeyUsages = new ArrayList<>();
        private String connectorIdentity;

        private Builder() {}

        public Builder requestId(String value) {
            this.requestId = value;
            return this;
        }

        public Builder templateName(String value) {
            this.templateName = value;
            return this;
        }

        public Builder keyAlgorithm(KeyAlgorithm value) {
            this.keyAlgorithm = value;
            return this;
        }

        public Builder subject(DistinguishedName value) {
            this.subject = value;
            return this;
        }

        /** Parses an RFC 4514 subject, e.g. {@code CN=Doe\, Jane,O=Example}. */
        public Builder subject(String rfc4514) {
            this.subject = DistinguishedName.parse(rfc4514);
            return this;
        }

        public Builder subjectAlternativeName(SubjectAlternativeName value) {
            this.subjectAlternativeNames.add(value);
            return this;
        }

        public Builder subjectAlternativeNames(List<SubjectAlternativeName> values) {
            this.subjectAlternativeNames.addAll(values);
            return this;
        }

        public Builder validity(Period value) {
            this.validity = value;
            return this;
        }

        public Builder additionalKeyUsage(KeyUsage value) {
            this.additionalKeyUsages.add(value);
            return this;
        }

        public Builder extendedKeyUsage(String oid) {
            this.extendedKeyUsages.add(oid);
            return this;
        }

        public Builder connectorIdentity(String value) {
            this.connectorIdentity = value;
            return this;
        }

        public IssuanceRequest build() {
            return new IssuanceRequest(
                    requestId,
                    templateName,
                    keyAlgorithm,
                    subject,
                    subjectAlternativeNames,
                    validity,
                    additionalKeyUsages,
                    extendedKeyUsages,
                    connectorIdentity);
        }
    }
}
