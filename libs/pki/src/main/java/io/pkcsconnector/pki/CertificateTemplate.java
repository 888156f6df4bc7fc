package io.pkcsconnector.pki;

import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an enrolment may get, modelled on an AD CS certificate template.
 *
 * <p>Key usages are configured per key family because they mean different things: an RSA key exchanges
 * session keys by encrypting them ({@link KeyUsage#KEY_ENCIPHERMENT}), an EC key by ECDH ({@link
 * KeyUsage#KEY_AGREEMENT}). A template cannot be built with a usage its family cannot perform, nor with
 * CA usages: templates describe end-entity certificates only.
 *
 * <p>Enrolment rights: {@code allowedConnectors} lists connector identities that may enrol; {@code "*"}
 * admits every authenticated connector, and an empty set admits nobody (AD CS's default: no Enroll right
 * until granted).
 *
 * @param name template name, matched case-insensitively
 * @param allowedKeyAlgorithms key algorithms a request may ask for
 * @param minimumRsaKeySize smallest RSA modulus in bits; never below 2048
 * @param extendedKeyUsages EKU OIDs in the order they appear in certificates
 * @param rsaKeyUsages key usages of certificates with RSA keys
 * @param ecKeyUsages key usages of certificates with EC keys
 * @param nonRepudiationAllowed whether a request may add {@link KeyUsage#NON_REPUDIATION}
 * @param privateKeyExportable whether the private key may leave the issuer (required for PKCS delivery)
 * @param subjectSuppliedInRequest whether the request supplies the subject DN ("Supply in the request")
 * @param maximumValidity longest validity a request may ask for
 * @param allowedConnectors connector identities with the Enroll right, or {@code "*"}
 */
public record CertificateTemplate(
        String name,
        Set<KeyAlgorithm> allowedKeyAlgorithms,
        int minimumRsaKeySize,
        List<String> extendedKeyUsages,
        Set<KeyUsage> rsaKeyUsages,
        Set<KeyUsage> ecKeyUsages,
        boolean nonRepudiationAllowed,
        boolean privateKeyExportable,
        boolean subjectSuppliedInRequest,
        Period maximumValidity,
        Set<String> allowedConnectors) {

    /** Name of the built-in template for Intune PKCS certificates. */
    public static final String PKCS_USER_NAME = "PkcsUser";

    /** Admits every authenticated connector identity. */
    public static final String ANY_CONNECTOR = "*";

    /** The smallest RSA key any template accepts; the seeds require 2048. */
    public static final int RSA_FLOOR = 2048;

    /**
     * The template the Intune documentation asks administrators to create for PKCS certificates: client
     * authentication, secure e-mail and EFS; signature and key exchange; no nonRepudiation (iOS rejects
     * it); exportable key; subject supplied in the request; at most two years. Every connector may enrol;
     * restrict it with {@link #withAllowedConnectors(Set)}.
     */
    public static final CertificateTemplate PKCS_USER = builder(PKCS_USER_NAME)
            .allowedKeyAlgorithms(EnumSet.allOf(KeyAlgorithm.class))
            .minimumRsaKeySize(RSA_FLOOR)
            .extendedKeyUsages(List.of(
                    ExtendedKeyUsages.CLIENT_AUTH,
                    ExtendedKeyUsages.EMAIL_PROTECTION,
                    ExtendedKeyUsages.ENCRYPTING_FILE_SYSTEM))
            .rsaKeyUsages(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT))
            .ecKeyUsages(EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT))
            .nonRepudiationAllowed(false)
            .privateKeyExportable(true)
            .subjectSuppliedInRequest(true)
            .maximumValidity(Period.ofYears(2))
            .allowedConnectors(Set.of(ANY_CONNECTOR))
            .build();

    public CertificateTemplate {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("template name is required");
        }
        if (allowedKeyAlgorithms == null || allowedKeyAlgorithms.isEmpty()) {
            throw invalid(name, "allows no key algorithm");
        }
        allowedKeyAlgorithms = Collections.unmodifiableSet(EnumSet.copyOf(allowedKeyAlgorithms));
        if (minimumRsaKeySize < RSA_FLOOR) {
            throw invalid(name, "minimum RSA key size " + minimumRsaKeySize + " is below " + RSA_FLOOR);
        }
        extendedKeyUsages = List.copyOf(new LinkedHashSet<>(extendedKeyUsages));
        extendedKeyUsages.forEach(ExtendedKeyUsages::requireOid);
        rsaKeyUsages = usages(name, "RSA", rsaKeyUsages, KeyUsage.KEY_AGREEMENT);
        ecKeyUsages = usages(name, "EC", ecKeyUsages, KeyUsage.KEY_ENCIPHERMENT, KeyUsage.DATA_ENCIPHERMENT);
        if (allowedKeyAlgorithms.stream().anyMatch(KeyAlgorithm::isRsa) && rsaKeyUsages.isEmpty()) {
            throw invalid(name, "allows RSA keys but defines no RSA key usages");
        }
        if (allowedKeyAlgorithms.stream().anyMatch(KeyAlgorithm::isEc) && ecKeyUsages.isEmpty()) {
            throw invalid(name, "allows EC keys but defines no EC key usages");
        }
        if (!nonRepudiationAllowed
                && (rsaKeyUsages.contains(KeyUsage.NON_REPUDIATION)
                        || ecKeyUsages.contains(KeyUsage.NON_REPUDIATION))) {
            throw invalid(name, "grants nonRepudiation by default but does not allow it");
        }
        if (maximumValidity == null || maximumValidity.isNegative() || maximumValidity.isZero()) {
            throw invalid(name, "maximum validity must be positive");
        }
        allowedConnectors = Set.copyOf(allowedConnectors);
        if (allowedConnectors.stream().anyMatch(String::isBlank)) {
            throw invalid(name, "has a blank connector identity");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(name)
                .allowedKeyAlgorithms(allowedKeyAlgorithms)
                .minimumRsaKeySize(minimumRsaKeySize)
                .extendedKeyUsages(extendedKeyUsages)
                .rsaKeyUsages(rsaKeyUsages)
                .ecKeyUsages(ecKeyUsages)
                .nonRepudiationAllowed(nonRepudiationAllowed)
                .privateKeyExportable(privateKeyExportable)
                .subjectSuppliedInRequest(subjectSuppliedInRequest)
                .maximumValidity(maximumValidity)
                .allowedConnectors(allowedConnectors);
    }

    /** The same template with another enrolment list, e.g. the connector identities from configuration. */
    public CertificateTemplate withAllowedConnectors(Set<String> connectors) {
        return toBuilder().allowedConnectors(connectors).build();
    }

    public boolean allowsConnector(String connectorIdentity) {
        return allowedConnectors.contains(ANY_CONNECTOR) || allowedConnectors.contains(connectorIdentity);
    }

    /** The key usages a certificate for a key of this algorithm gets before any requested extras. */
    public Set<KeyUsage> keyUsagesFor(KeyAlgorithm algorithm) {
        return algorithm.isRsa() ? rsaKeyUsages : ecKeyUsages;
    }

    private static Set<KeyUsage> usages(String name, String family, Set<KeyUsage> usages, KeyUsage... impossible) {
        EnumSet<KeyUsage> copy = usages.isEmpty() ? EnumSet.noneOf(KeyUsage.class) : EnumSet.copyOf(usages);
        for (KeyUsage usage : impossible) {
            if (copy.contains(usage)) {
                throw invalid(name, family + " keys cannot perform " + usage);
            }
        }
        if (copy.contains(KeyUsage.KEY_CERT_SIGN) || copy.contains(KeyUsage.CRL_SIGN)) {
            throw invalid(name, "is for end-entity certificates and cannot grant certificate or CRL signing");
        }
        return Collections.unmodifiableSet(copy);
    }

    private static IllegalArgumentException invalid(String name, String reason) {
        return new IllegalArgumentException("template " + name + " " + reason);
    }

    /** Starts from the safe end: nothing allowed, 2048-bit minimum, one year, nobody may enrol. */
    public static final class Builder {
        private String name;
        private Set<KeyAlgorithm> allowedKeyAlgorithms = EnumSet.noneOf(KeyAlgorithm.class);
        private int minimumRsaKeySize = RSA_FLOOR;
        private List<String> extendedKeyUsages = new ArrayList<>();
        private Set<KeyUsage> rsaKeyUsages = EnumSet.noneOf(KeyUsage.class);
        private Set<KeyUsage> ecKeyUsages = EnumSet.noneOf(KeyUsage.class);
        private boolean nonRepudiationAllowed;
        private boolean privateKeyExportable;
        private boolean subjectSuppliedInRequest;
        private Period maximumValidity = Period.ofYears(1);
        private Set<String> allowedConnectors = Set.of();

        private Builder(String name) {
            this.name = name;
        }

        /** Renames, e.g. to derive a new template from a built-in one with {@link #toBuilder()}. */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder allowedKeyAlgorithms(Set<KeyAlgorithm> value) {
            this.allowedKeyAlgorithms = value;
            return this;
        }

        public Builder minimumRsaKeySize(int value) {
            this.minimumRsaKeySize = value;
            return this;
        }

        public Builder extendedKeyUsages(List<String> value) {
            this.extendedKeyUsages = value;
            return this;
        }

        public Builder rsaKeyUsages(Set<KeyUsage> value) {
            this.rsaKeyUsages = value;
            return this;
        }

        public Builder ecKeyUsages(Set<KeyUsage> value) {
            this.ecKeyUsages = value;
            return this;
        }

        public Builder nonRepudiationAllowed(boolean value) {
            this.nonRepudiationAllowed = value;
            return this;
        }

        public Builder privateKeyExportable(boolean value) {
            this.privateKeyExportable = value;
            return this;
        }

        public Builder subjectSuppliedInRequest(boolean value) {
            this.subjectSuppliedInRequest = value;
            return this;
        }

        public Builder maximumValidity(Period value) {
            this.maximumValidity = value;
            return this;
        }

        public Builder allowedConnectors(Set<String> value) {
            this.allowedConnectors = value;
            return this;
        }

        public CertificateTemplate build() {
            return new CertificateTemplate(
                    name,
                    allowedKeyAlgorithms,
                    minimumRsaKeySize,
                    extendedKeyUsages,
                    rsaKeyUsages,
                    ecKeyUsages,
                    nonRepudiationAllowed,
                    privateKeyExportable,
                    subjectSuppliedInRequest,
                    maximumValidity,
                    allowedConnectors);
        }
    }
}
