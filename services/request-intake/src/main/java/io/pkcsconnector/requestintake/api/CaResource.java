package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.pki.Certificates;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.requestintake.persistence.CaCertificateEntity;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;

/**
 * The CA's public certificates: the root for trusted certificate profiles, the chain for relying parties,
 * and the issuing certificate that leaf certificates name in their caIssuers URL. These are public by
 * nature and fetched by TLS stacks and OS certificate services that cannot present a token, so, unlike every
 * other endpoint, they need no authentication. They come from {@code pki.ca-certificates.v1}; this service
 * holds no CA key.
 */
@Path("/v1/ca")
@PermitAll
public class CaResource {

    static final String PKIX_CERT = "application/pkix-cert";
    static final String PEM_FILE = "application/x-pem-file";

    @GET
    @Path("/root.cer")
    @Produces(PKIX_CERT)
    @WithSession
    public Uni<Response> root() {
        return certificate(ca -> ca.rootCertificatePem, "root.cer");
    }

    @GET
    @Path("/issuing.cer")
    @Produces(PKIX_CERT)
    @WithSession
    public Uni<Response> issuing() {
        return certificate(ca -> ca.issuingCertificatePem, "issuing.cer");
    }

    @GET
    @Path("/chain.pem")
    @Produces(PEM_FILE)
    @WithSession
    public Uni<Response> chain() {
        return CaCertificateEntity.current().map(ca -> {
            requirePublished(ca);
            return Response.ok(ca.issuingCertificatePem.strip() + "\n" + ca.rootCertificatePem.strip() + "\n")
                    .header("Content-Disposition", "attachment; filename=\"chain.pem\"")
                    .build();
        });
    }

    private static Uni<Response> certificate(Function<CaCertificateEntity, String> pem, String fileName) {
        return CaCertificateEntity.current().map(ca -> {
            requirePublished(ca);
            List<X509Certificate> certificates = Pem.parseCertificates(pem.apply(ca));
            return Response.ok(Certificates.der(certificates.get(0)))
                    .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                    .build();
        });
    }

    private static void requirePublished(CaCertificateEntity ca) {
        if (ca == null) {
            throw ProblemException.notFound(
                    "ca-not-published", "No CA has published its certificates yet; is an issuance worker running?");
        }
    }
}
