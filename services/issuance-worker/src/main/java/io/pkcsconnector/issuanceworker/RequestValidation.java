package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.DeviceKeys;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.pki.InvalidDeviceKeyException;
import io.pkcsconnector.pki.IssuanceRequest;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.KeyUsage;
import io.pkcsconnector.pki.SubjectAlternativeName;
import io.pkcsconnector.pki.TemplateViolationException;
import java.security.interfaces.RSAPublicKey;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link CertificateRequested} into what the PKI core issues from, and decides whether it can ever be
 * issued: everything here depends on the event alone (and the templates), so a refusal is permanent. Runs
 * before a key is generated or a serial reserved.
 */
public final class RequestValidation {

    /** The outcome: either everything issuance needs, or why the request is refused for good. */
    public sealed interface Result {}

    public record Accepted(IssuanceRequest request, RSAPublicKey deviceKey) implements Result {}

    public record Refused(PermanentFailure failure) implements Result {}

    private final CertificateIssuer issuer;
    private final String connectorIdentity;

    public RequestValidation(CertificateIssuer issuer, String connectorIdentity) {
        this.issuer = issuer;
        this.connectorIdentity = connectorIdentity;
    }

    public Result validate(CertificateRequested event) {
        IssuanceRequest.Builder builder = IssuanceRequest.builder()
                .requestId(event.requestId())
                .templateName(event.templateName())
                // Both enums carry the Graph wire names; the contracts one has no crypto behind it.
                .keyAlgorithm(KeyAlgorithm.fromWireName(event.keyAlgorithm().wireName()))
                .validity(Period.ofDays(event.validityDays()))
                .connectorIdentity(connectorIdentity);
        try {
            builder.subject(DistinguishedName.parse(event.subjectName()));
        } catch (IllegalArgumentException e) {
            return refused(PermanentFailure.INVALID_SUBJECT, e);
        }
        try {
            builder.subjectAlternativeNames(subjectAlternativeNames(event));
        } catch (IllegalArgumentException e) {
            return refused(PermanentFailure.INVALID_SUBJECT_ALTERNATIVE_NAME, e);
        }
        if (event.nonRepudiation()) {
            // The template decides whether it may have it (PkcsUser refuses it: iOS rejects such certificates).
            builder.additionalKeyUsage(KeyUsage.NON_REPUDIATION);
        }
        event.extendedKeyUsages().forEach(builder::extendedKeyUsage);
        IssuanceRequest request;
        try {
            request = builder.build();
        } catch (IllegalArgumentException e) {
            return refused(PermanentFailure.INVALID_EXTENDED_KEY_USAGE, e);
        }
        try {
            issuer.check(request);
        } catch (TemplateViolationException e) {
            return new Refused(PermanentFailure.of(e));
        }
        try {
            return new Accepted(request, DeviceKeys.parsePem(event.deviceManagementPublicKey()));
        } catch (InvalidDeviceKeyException e) {
            return refused(PermanentFailure.INVALID_DEVICE_KEY, e);
        }
    }

    private static List<SubjectAlternativeName> subjectAlternativeNames(CertificateRequested event) {
        List<SubjectAlternativeName> names = new ArrayList<>();
        for (io.pkcsconnector.contracts.SubjectAlternativeName name : event.subjectAlternativeNames()) {
            names.add(
                    switch (name.type()) {
                        case USER_PRINCIPAL_NAME -> SubjectAlternativeName.upn(name.value());
                        case EMAIL_ADDRESS -> SubjectAlternativeName.email(name.value());
                        case DOMAIN_NAME_SERVICE -> SubjectAlternativeName.dns(name.value());
                        case UNIVERSAL_RESOURCE_IDENTIFIER -> SubjectAlternativeName.uri(name.value());
                    });
        }
        return names;
    }

    private static Refused refused(String code, IllegalArgumentException cause) {
        return new Refused(new PermanentFailure(code, cause.getMessage()));
    }
}
