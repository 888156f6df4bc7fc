package io.pkcsconnector.pki;

import java.net.URI;
import java.util.Locale;

/**
 * The public URLs certificates point relying parties to. They sit under one base URL (an ingress routes
 * {@code /v1/crl} and {@code /v1/ocsp} to the revocation worker and {@code /v1/ca} to request intake).
 * Plain {@code http} is the usual scheme for them: CRLs and OCSP responses are signed, and fetching them
 * over TLS would need revocation checking of its own.
 */
public record PkiUrls(URI baseUrl) {

    public PkiUrls {
        if (baseUrl == null || !baseUrl.isAbsolute() || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("PKI base URL must be an absolute http(s) URL, got " + baseUrl);
        }
        String scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("PKI base URL must use http or https, got " + baseUrl);
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("PKI base URL must not have a query or fragment, got " + baseUrl);
        }
        String text = baseUrl.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        baseUrl = URI.create(text);
    }

    public static PkiUrls of(String baseUrl) {
        return new PkiUrls(URI.create(baseUrl));
    }

    /** The CRL of the CA with this id, {@code /v1/crl/{caId}.crl}. */
    public String crl(String caId) {
        return baseUrl + "/v1/crl/" + caId + ".crl";
    }

    public String ocsp() {
        return baseUrl + "/v1/ocsp";
    }

    /** The issuing CA certificate (DER), the caIssuers URL of leaf certificates. */
    public String issuingCertificate() {
        return baseUrl + "/v1/ca/issuing.cer";
    }

    /** The root CA certificate (DER), the caIssuers URL of the issuing CA certificate. */
    public String rootCertificate() {
        return baseUrl + "/v1/ca/root.cer";
    }
}
