package io.pkcsconnector.revocationworker.api;

import io.pkcsconnector.pki.OcspRequestException;
import io.pkcsconnector.pki.OcspResponder;
import io.pkcsconnector.revocationworker.OcspService;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Base64;

/**
 * The OCSP responder (RFC 6960, HTTP binding of appendix A; RFC 5019 caching for GET). Public, as OCSP is: the
 * responses are signed. A request that cannot be read is answered 400 with an OCSP {@code malformedRequest}
 * response (what OCSP clients understand), an oversized one 413 and a wrong content type 415 with
 * problem+json; never a 500 for anything a client sends.
 */
@Path("/v1/ocsp")
@PermitAll
public class OcspResource {

    static final String OCSP_REQUEST = "application/ocsp-request";
    static final String OCSP_RESPONSE = "application/ocsp-response";

    private final OcspService ocsp;

    OcspResource(OcspService ocsp) {
        this.ocsp = ocsp;
    }

    @POST
    @Consumes(OCSP_REQUEST)
    @Produces(OCSP_RESPONSE)
    public Response post(byte[] body) {
        return answer(body, false);
    }

    /** RFC 6960 A.1: the base64 of the DER request, URL-encoded, as the last path segment(s). */
    @GET
    @Path("/{request: .+}")
    @Produces(OCSP_RESPONSE)
    public Response get(@PathParam("request") String encoded) {
        if (encoded.length() > ocsp.maxRequestBytes() * 2) {
            throw tooLarge();
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(encoded.replace(' ', '+'));
        } catch (IllegalArgumentException e) {
            try {
                der = Base64.getUrlDecoder().decode(encoded);
            } catch (IllegalArgumentException notUrlSafe) {
                return Response.status(400)
                        .type(OCSP_RESPONSE)
                        .entity(ocsp.error(OcspService.MALFORMED_REQUEST))
                        .build();
            }
        }
        return answer(der, true);
    }

    private Response answer(byte[] der, boolean cacheable) {
        if (der == null || der.length == 0) {
            return Response.status(400)
                    .type(OCSP_RESPONSE)
                    .entity(ocsp.error(OcspService.MALFORMED_REQUEST))
                    .build();
        }
        if (der.length > ocsp.maxRequestBytes()) {
            throw tooLarge();
        }
        OcspService.Answer answer;
        try {
            answer = ocsp.answer(der);
        } catch (OcspRequestException e) {
            return Response.status(400)
                    .type(OCSP_RESPONSE)
                    .entity(OcspResponder.errorResponse(e.ocspResponseStatus()))
                    .build();
        }
        Response.ResponseBuilder response = Response.ok(answer.der()).type(OCSP_RESPONSE);
        if (cacheable && !answer.hasNonce()) {
            // RFC 5019 2.2: a response without a nonce may be cached until its nextUpdate.
            response.header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + answer.maxAgeSeconds() + ", no-transform")
                    .header(HttpHeaders.LAST_MODIFIED, java.util.Date.from(answer.thisUpdate()))
                    .header(HttpHeaders.EXPIRES, java.util.Date.from(answer.nextUpdate()));
        } else {
            response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return response.build();
    }

    private ProblemException tooLarge() {
        return new ProblemException(Problem.of(
                413,
                "ocsp-request-too-large",
                "Payload Too Large",
                "OCSP requests larger than " + ocsp.maxRequestBytes() + " bytes are refused"));
    }
}
