package io.pkcsconnector.revocationworker.api;

import io.pkcsconnector.pki.Certificates;
import io.pkcsconnector.revocationworker.RevocationCa;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.cert.X509Certificate;

/**
 * {@code GET /v1/ca/issuing.cer} and {@code /v1/ca/root.cer}: the caIssuers URLs (AIA) of the certificates, served
 * here too so that one base URL (this service, without an ingress, as in the local stack) answers every URL a
 * certificate names: CRL, OCSP and the issuer. request-intake serves the same files behind an ingress.
 */
@Path("/v1/ca")
@PermitAll
public class CaCertificateResource {

    static final String PKIX_CERT = "application/pkix-cert";

    private final RevocationCa ca;

    CaCertificateResource(RevocationCa ca) {
        this.ca = ca;
    }

    @GET
    @Path("/issuing.cer")
    @Produces(PKIX_CERT)
    public Response issuing() {
        return file(ca.authority().issuingCertificate(), "issuing.cer");
    }

    @GET
    @Path("/root.cer")
    @Produces(PKIX_CERT)
    public Response root() {
        return file(ca.authority().rootCertificate(), "root.cer");
    }

    private static Response file(X509Certificate certificate, String name) {
        return Response.ok(Certificates.der(certificate))
                .type(PKIX_CERT)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=86400")
                .build();
    }
}
