package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * The issuance side publishes its CA's public certificates and endpoints, so that request-intake can serve
 * {@code root.cer} and {@code chain.pem} without access to any CA key. On the compacted topic the latest event
 * per CA is the current one. {@code requestId} is the caId: publications belong to no request.
 *
 * @param caId the issuing CA, as {@link CertificateIssued#caId()} names it
 * @param rootCertificatePem the self-signed root, the one trusted certificate profiles deploy
 * @param issuingCertificatePem the issuing CA's certificate, which signs device certificates
 * @param crlUrl the CRL distribution point issued certificates carry
 * @param ocspUrl the OCSP responder issued certificates carry in their AIA
 */
public record CaCertificatesPublished(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String caId,
        String rootCertificatePem,
        String issuingCertificatePem,
        String crlUrl,
        String ocspUrl)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.CA_CERTIFICATES;

    public CaCertificatesPublished {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(caId, "caId");
        Checks.pem(rootCertificatePem, "CERTIFICATE", "rootCertificatePem");
        Checks.pem(issuingCertificatePem, "CERTIFICATE", "issuingCertificatePem");
        Checks.httpUrl(crlUrl, "crlUrl");
        Checks.httpUrl(ocspUrl, "ocspUrl");
    }

    public static CaCertificatesPublished of(
            EventEnvelope envelope,
            String caId,
            String rootCertificatePem,
            String issuingCertificatePem,
            String crlUrl,
            String ocspUrl) {
        return new CaCertificatesPublished(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                caId,
                rootCertificatePem,
                issuingCertificatePem,
                crlUrl,
                ocspUrl);
    }

    @Override
    public String partitionKey() {
        return caId;
    }
}
