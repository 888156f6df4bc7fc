package io.pkcsconnector.pfximport.api;

import io.pkcsconnector.pfximport.UserPfxCertificates;
import io.pkcsconnector.pfximport.config.PfxImportConfig;
import io.pkcsconnector.pfximport.persistence.StoredPfx;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.security.Caller;
import io.pkcsconnector.servicecommon.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Graph's {@code /beta/deviceManagement/userPfxCertificates}, so that scripts written for Intune (the PFX import
 * PowerShell module, Graph SDK calls) work with only the base URL changed. Entities are addressed the OData way,
 * {@code userPfxCertificates('{userId}-{thumbprint}')}, or as a plain path segment.
 */
@Path("/beta/deviceManagement")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class UserPfxCertificateResource {

    static final String ENTITY_SET = "userPfxCertificates";

    /**
     * The OData key in parentheses and quotes. Routes are matched on the path as sent, where clients may have
     * percent-encoded the parentheses and quotes (or not); {@link #odataKey} checks the decoded value.
     */
    static final String KEY = "{key: (\\(|%28).*}";

    @Inject
    Caller caller;

    @Inject
    UserPfxCertificates certificates;

    @Inject
    PfxImportConfig config;

    @Context
    UriInfo uri;

    @POST
    @Path(ENTITY_SET)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a user's PFX (Graph userPFXCertificate)")
    public Response create(UserPfxCertificate body) {
        StoredPfx stored = certificates.create(caller.tenantId(), body, null);
        return Response.created(entityUri(stored.id()))
                .entity(UserPfxCertificate.of(stored))
                .build();
    }

    @GET
    @Path(ENTITY_SET)
    @Operation(summary = "List imported PFX; $filter=userPrincipalName eq '…', $top, paged by @odata.nextLink")
    public Map<String, Object> list(
            @QueryParam("$filter") String filter,
            @QueryParam("$top") String top,
            @QueryParam("$skiptoken") String skipToken) {
        ODataFilter query = ODataFilter.parse(filter);
        int limit = pageSize(top);
        String after = afterId(skipToken);
        // One more than asked tells whether there is a next page without a count query.
        List<StoredPfx> page =
                certificates.page(caller.tenantId(), query.userPrincipalName(), query.thumbprint(), after, limit + 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "@odata.context",
                uri.getBaseUriBuilder().path("beta/$metadata").build() + "#deviceManagement/" + ENTITY_SET);
        body.put("value", page.stream().limit(limit).map(UserPfxCertificate::of).toList());
        if (page.size() > limit) {
            String last = page.get(limit - 1).id();
            body.put(
                    "@odata.nextLink",
                    uri.getRequestUriBuilder()
                            .replaceQueryParam("$skiptoken", skipToken(last))
                            .build()
                            .toString());
        }
        return body;
    }

    @GET
    @Path(ENTITY_SET + KEY)
    @Operation(summary = "One imported PFX by its id {userId}-{thumbprint}")
    public UserPfxCertificate get(@PathParam("key") String key) {
        return getBySegment(odataKey(key));
    }

    @GET
    @Path(ENTITY_SET + "/{id}")
    @Operation(summary = "One imported PFX (path-segment form of the key)")
    public UserPfxCertificate getBySegment(@PathParam("id") String id) {
        String key = canonicalId(id);
        return UserPfxCertificate.of(certificates.find(caller.tenantId(), key).orElseThrow(() -> notFound(key)));
    }

    @PATCH
    @Path(ENTITY_SET + KEY)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "Change an imported PFX: intendedPurpose, or the PFX, password, key and padding of the same certificate")
    public UserPfxCertificate patch(@PathParam("key") String key, UserPfxCertificate body) {
        return patchBySegment(odataKey(key), body);
    }

    @PATCH
    @Path(ENTITY_SET + "/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an imported PFX (path-segment form of the key)")
    public UserPfxCertificate patchBySegment(@PathParam("id") String id, UserPfxCertificate body) {
        return UserPfxCertificate.of(certificates.patch(caller.tenantId(), canonicalId(id), body));
    }

    @DELETE
    @Path(ENTITY_SET + KEY)
    @Operation(summary = "Delete an imported PFX; every device that has it is told to remove it")
    public Response delete(@PathParam("key") String key) {
        return deleteBySegment(odataKey(key));
    }

    @DELETE
    @Path(ENTITY_SET + "/{id}")
    @Operation(summary = "Delete an imported PFX (path-segment form of the key)")
    public Response deleteBySegment(@PathParam("id") String id) {
        certificates.delete(caller.tenantId(), canonicalId(id), null);
        return Response.noContent().build();
    }

    private int pageSize(String top) {
        if (top == null) {
            return config.paging().defaultPageSize();
        }
        try {
            int requested = Integer.parseInt(top.strip());
            if (requested < 1) {
                throw new NumberFormatException();
            }
            return Math.min(requested, config.paging().maxPageSize());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-top", "$top must be a positive integer, got '" + top + "'");
        }
    }

    private static String skipToken(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    private static String afterId(String skipToken) {
        if (skipToken == null || skipToken.isEmpty()) {
            return "";
        }
        try {
            return Requests.requirePrintable(
                    new String(Base64.getUrlDecoder().decode(skipToken), StandardCharsets.UTF_8), "$skiptoken");
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-skiptoken", "$skiptoken is not one this service issued");
        }
    }

    /**
     * {@code ('u1-ABC')} or {@code (u1-ABC)} to {@code u1-ABC}: Graph accepts a string key with or without quotes
     * (the PowerShell module sends none) and OData doubles a quote inside one.
     */
    private static String odataKey(String key) {
        if (key.length() < 3 || !key.startsWith("(") || !key.endsWith(")")) {
            throw ProblemException.badRequest(
                    "invalid-key", "An entity is addressed as " + ENTITY_SET + "('{userId}-{thumbprint}')");
        }
        String inner = key.substring(1, key.length() - 1);
        if (inner.length() >= 2 && inner.startsWith("'") && inner.endsWith("'")) {
            inner = inner.substring(1, inner.length() - 1).replace("''", "'");
        }
        return inner;
    }

    /**
     * Ids are stored with the thumbprint in upper case; clients send either (the PowerShell module lower-cases
     * it), so the 40 hex digits after the last dash are compared ignoring case.
     */
    private static String canonicalId(String id) {
        Requests.requirePrintable(id, "The id");
        int dash = id.lastIndexOf('-');
        String thumbprint = dash < 0 ? "" : id.substring(dash + 1);
        if (thumbprint.length() == 40 && thumbprint.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return id.substring(0, dash + 1) + thumbprint.toUpperCase(java.util.Locale.ROOT);
        }
        return id;
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound(
                "unknown-user-pfx-certificate", "No userPFXCertificate '" + id + "' in this tenant");
    }

    /** Ids hold only URL-safe characters (user ids are checked at import), quoted as OData keys are. */
    private URI entityUri(String id) {
        return URI.create(uri.getBaseUri().toString().replaceAll("/$", "") + "/beta/deviceManagement/" + ENTITY_SET
                + "('" + id + "')");
    }
}
