package io.pkcsconnector.pki;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** An ordered list of {@link TemplateValidator}s; the first rule a request breaks is reported. */
public final class IssuancePolicy {

    private final List<TemplateValidator> validators;

    private IssuancePolicy(List<TemplateValidator> validators) {
        this.validators = List.copyOf(validators);
    }

    /**
     * Connector rights come first so that an unauthorised caller learns nothing about what else is wrong
     * with its request.
     */
    public static IssuancePolicy standard(Clock clock) {
        return of(List.of(
                TemplateValidators.connectorAuthorized(),
                TemplateValidators.privateKeyExportable(),
                TemplateValidators.keyAlgorithm(),
                TemplateValidators.validity(clock),
                TemplateValidators.extendedKeyUsages(),
                TemplateValidators.keyUsages(),
                TemplateValidators.subject()));
    }

    public static IssuancePolicy standard() {
        return standard(Clock.systemUTC());
    }

    public static IssuancePolicy of(List<TemplateValidator> validators) {
        return new IssuancePolicy(validators);
    }

    /** A policy with {@code extra} checked after this policy's rules. */
    public IssuancePolicy with(TemplateValidator extra) {
        List<TemplateValidator> all = new ArrayList<>(validators);
        all.add(extra);
        return new IssuancePolicy(all);
    }

    /** @throws TemplateViolationException for the first rule the request breaks */
    public void check(IssuanceRequest request, CertificateTemplate template) {
        for (TemplateValidator validator : validators) {
            validator.check(request, template);
        }
    }
}
