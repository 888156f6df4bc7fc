package io.pkcsconnector.pki;

import java.time.Period;

/**
 * How the two-tier CA is created on first start. Names, algorithms and validities only matter when the
 * CA is generated; after that the keystore is the truth. The URLs apply to every certificate issued, so
 * changing them takes effect for new leaf certificates without a new CA.
 *
 * <p>Defaults: a P-384 root and a P-256 issuing CA. The issuing algorithm drives signing throughput (a
 * P-256 CA signs ~10x faster than an RSA-2048 one with Bouncy Castle), and every platform Intune manages
 * accepts ECDSA chains. Pick RSA if relying parties cannot.
 *
 * @param organization O= of both CA certificates
 * @param rootCommonName CN= of the root CA
 * @param issuingCommonName CN= of the issuing CA
 * @param rootKeyAlgorithm default {@link KeyAlgorithm#EC_P384}
 * @param issuingKeyAlgorithm default {@link KeyAlgorithm#EC_P256}
 * @param rootValidity default 20 years
 * @param issuingValidity default 10 years, capped at the root's end
 * @param urls where CRLs, OCSP and CA certificates are published
 */
public record CaSettings(
        String organization,
        String rootCommonName,
        String issuingCommonName,
        KeyAlgorithm rootKeyAlgorithm,
        KeyAlgorithm issuingKeyAlgorithm,
        Period rootValidity,
        Period issuingValidity,
        PkiUrls urls) {

    public CaSettings {
        requireText(organization, "organization");
        requireText(rootCommonName, "rootCommonName");
        requireText(issuingCommonName, "issuingCommonName");
        if (rootCommonName.equals(issuingCommonName)) {
            throw new IllegalArgumentException("root and issuing CA need different common names");
        }
        if (rootKeyAlgorithm == null || issuingKeyAlgorithm == null) {
            throw new IllegalArgumentException("CA key algorithms are required");
        }
        requirePositive(rootValidity, "rootValidity");
        requirePositive(issuingValidity, "issuingValidity");
        if (urls == null) {
            throw new IllegalArgumentException("urls are required");
        }
    }

    public static Builder builder(PkiUrls urls) {
        return new Builder(urls);
    }

    public static CaSettings defaults(PkiUrls urls) {
        return builder(urls).build();
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    private static void requirePositive(Period value, String field) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be a positive period");
        }
    }

    public static final class Builder {
        private final PkiUrls urls;
        private String organization = "PKCS Connector";
        private String rootCommonName = "PKCS Connector Root CA";
        private String issuingCommonName = "PKCS Connector Issuing CA";
        private KeyAlgorithm rootKeyAlgorithm = KeyAlgorithm.EC_P384;
        private KeyAlgorithm issuingKeyAlgorithm = KeyAlgorithm.EC_P256;
        private Period rootValidity = Period.ofYears(20);
        private Period issuingValidity = Period.ofYears(10);

        private Builder(PkiUrls urls) {
            this.urls = urls;
        }

        public Builder organization(String value) {
            this.organization = value;
            return this;
        }

        public Builder rootCommonName(String value) {
            this.rootCommonName = value;
            return this;
        }

        public Builder issuingCommonName(String value) {
            this.issuingCommonName = value;
            return this;
        }

        public Builder rootKeyAlgorithm(KeyAlgorithm value) {
            this.rootKeyAlgorithm = value;
            return this;
        }

        public Builder issuingKeyAlgorithm(KeyAlgorithm value) {
            this.issuingKeyAlgorithm = value;
            return this;
        }

        public Builder rootValidity(Period value) {
            this.rootValidity = value;
            return this;
        }

        public Builder issuingValidity(Period value) {
            this.issuingValidity = value;
            return this;
        }

        public CaSettings build() {
            return new CaSettings(
                    organization,
                    rootCommonName,
                    issuingCommonName,
                    rootKeyAlgorithm,
                    issuingKeyAlgorithm,
                    rootValidity,
                    issuingValidity,
                    urls);
        }
    }
}
