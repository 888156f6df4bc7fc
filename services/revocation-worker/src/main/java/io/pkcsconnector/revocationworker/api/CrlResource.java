package io.pkcsconnector.revocationworker.api;

import io.pkcsconnector.revocationworker.CrlPublisher;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * {@code GET /v1/crl/{caId}.crl}: the CA's current CRL (DER), the URL every issued certificate names as its CRL
 * distribution point. Public like the CRL itself: relying parties (RADIUS servers, VPN gateways, OpenSSL) fetch it
 * without credentials, and its signature, not the transport, makes it trustworthy. Cacheable until its nextUpdate.
 */
@Path("/v1/crl")
@PermitAll
public class CrlResource {

    static final String PKIX_CRL = "application/pkix-crl";

    private final CrlPublisher publisher;

    CrlResource(CrlPublisher publisher) {
        this.publisher = publisher;
    }

    @GET
    @Path("/{caId}.crl")
    @Produces(PKIX_CRL)
    public Response crl(@PathParam("caId") String caId) {
        if (!publisher.caIds().contains(caId)) {
            throw ProblemException.notFound("unknown-ca", "No CA with id '" + caId + "' publishes CRLs here");
        }
        CrlPublisher.Published crl = publisher
                .current(caId)
                .orElseThrow(() -> new ProblemException(Problem.of(
                        503, "crl-not-ready", "Service Unavailable", "The first CRL of " + caId + " is being built")));
        long maxAge =
                Math.max(0, Duration.between(Instant.now(), crl.nextUpdate()).toSeconds());
        return Response.ok(crl.der())
                .type(PKIX_CRL)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + caId + ".crl\"")
                .header(HttpHeaders.LAST_MODIFIED, Date.from(crl.thisUpdate()))
                .header(HttpHeaders.EXPIRES, Date.from(crl.nextUpdate()))
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + maxAge + ", no-transform")
                .header(HttpHeaders.ETAG, "\"" + caId + "-" + crl.crlNumber() + "\"")
                .build();
    }
}
