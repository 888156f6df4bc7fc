package io.pkcsconnector.pki;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

/** The built-in rules that enforce a {@link CertificateTemplate}. */
public final class TemplateValidators {

    private TemplateValidators() {}

    public static TemplateValidator connectorAuthorized() {
        return (request, template) -> {
            if (!template.allowsConnector(request.connectorIdentity())) {
                throw violation(
                        ViolationCode.CONNECTOR_NOT_AUTHORIZED,
                        template,
                        "connector '" + request.connectorIdentity() + "' has no Enroll right on this template");
            }
        };
    }

    public static TemplateValidator privateKeyExportable() {
        return (request, template) -> {
            if (!template.privateKeyExportable()) {
                throw violation(
                        ViolationCode.PRIVATE_KEY_NOT_EXPORTABLE,
                        template,
                        "the template does not allow the private key to be exported, so a server-generated key"
                                + " cannot be delivered as PKCS#12");
            }
        };
    }

    /** Size before algorithm, so that an RSA key below the template's minimum gets the more precise code. */
    public static TemplateValidator keyAlgorithm() {
        return (request, template) -> {
            KeyAlgorithm algorithm = request.keyAlgorithm();
            if (algorithm.isRsa() && algorithm.keySize() < template.minimumRsaKeySize()) {
                throw violation(
                        ViolationCode.KEY_TOO_SMALL,
                        template,
                        "RSA key of " + algorithm.keySize() + " bits is below the minimum of "
                                + template.minimumRsaKeySize());
            }
            if (!template.allowedKeyAlgorithms().contains(algorithm)) {
                throw violation(
                        ViolationCode.KEY_ALGORITHM_NOT_ALLOWED,
                        template,
                        "key algorithm " + algorithm.wireName() + " is not allowed; allowed: "
                                + template.allowedKeyAlgorithms().stream()
                                        .map(KeyAlgorithm::wireName)
                                        .collect(Collectors.joining(", ")));
            }
        };
    }

    /**
     * Periods are compared as dates from today, because "2 years" and "730 days" are only comparable at a
     * given date.
     */
    public static TemplateValidator validity(Clock clock) {
        return (request, template) -> {
            if (request.validity().isZero() || request.validity().isNegative()) {
                throw violation(
                        ViolationCode.VALIDITY_INVALID,
                        template,
                        "validity " + request.validity() + " is not a positive period");
            }
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            if (today.plus(request.validity()).isAfter(today.plus(template.maximumValidity()))) {
                throw violation(
                        ViolationCode.VALIDITY_TOO_LONG,
                        template,
                        "validity " + request.validity() + " exceeds the maximum of " + template.maximumValidity());
            }
        };
    }

    public static TemplateValidator extendedKeyUsages() {
        return (request, template) -> {
            for (String oid : request.extendedKeyUsages()) {
                if (!template.extendedKeyUsages().contains(oid)) {
                    throw violation(
                            ViolationCode.EKU_NOT_ALLOWED,
                            template,
                            "extended key usage " + oid + " is not granted; granted: " + template.extendedKeyUsages());
                }
            }
        };
    }

    public static TemplateValidator keyUsages() {
        return (request, template) -> {
            var granted = template.keyUsagesFor(request.keyAlgorithm());
            for (KeyUsage usage : request.additionalKeyUsages()) {
                if (usage == KeyUsage.NON_REPUDIATION) {
                    if (!template.nonRepudiationAllowed()) {
                        throw violation(
                                ViolationCode.KEY_USAGE_NOT_ALLOWED,
                                template,
                                "nonRepudiation (signature is proof of origin) is not allowed by this template");
                    }
                } else if (!granted.contains(usage)) {
                    throw violation(
                            ViolationCode.KEY_USAGE_NOT_ALLOWED,
                            template,
                            "key usage " + usage + " is not granted for "
                                    + request.keyAlgorithm().family() + " keys; granted: " + granted);
                }
            }
        };
    }

    public static TemplateValidator subject() {
        return (request, template) -> {
            boolean hasSubject = !request.subject().isEmpty();
            if (template.subjectSuppliedInRequest() && !hasSubject) {
                throw violation(
                        ViolationCode.SUBJECT_REQUIRED,
                        template,
                        "the template takes the subject from the request and the request has none");
            }
            if (!template.subjectSuppliedInRequest() && hasSubject) {
                throw violation(
                        ViolationCode.SUBJECT_NOT_ALLOWED,
                        template,
                        "the template does not accept a subject from the request");
            }
            if (!hasSubject && request.subjectAlternativeNames().isEmpty()) {
                throw violation(
                        ViolationCode.SUBJECT_ALT_NAME_REQUIRED,
                        template,
                        "a certificate without subject needs at least one subject alternative name");
            }
        };
    }

    static TemplateViolationException violation(ViolationCode code, CertificateTemplate template, String message) {
        return new TemplateViolationException(code, template.name(), message);
    }
}
