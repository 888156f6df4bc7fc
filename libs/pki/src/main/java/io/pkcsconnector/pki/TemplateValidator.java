package io.pkcsconnector.pki;

/**
 * One rule of issuance policy. Rules are small and composed into an {@link IssuancePolicy}, so a service
 * can add its own (e.g. "the SAN must contain the device's UPN") without touching the built-in ones.
 */
@FunctionalInterface
public interface TemplateValidator {

    /** @throws TemplateViolationException if the request breaks this rule */
    void check(IssuanceRequest request, CertificateTemplate template);
}
