package io.pkcsconnector.servicecommon.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into {@code application/problem+json}: 4xx for what the caller got wrong, a bare 500
 * with an error id (and no stack trace or message) for our own faults.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ProblemMappers::violation)
                .toList();
        Problem problem = Problem.of(
                        422, "validation-failed", "Validation failed", violations.size() + " field(s) are invalid")
                .with("violations", violations);
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        // The original message quotes the offending input, which may hold secrets: report only the position.
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return respond(
                Problem.of(
                        400,
                        "malformed-json",
                        "Malformed JSON",
                        "The request body is not valid JSON for this resource" + where),
                uri);
    }

    /** Wrong JSON types; more specific than Quarkus' own mapper for them, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("body");
        return respond(
                Problem.of(400, "malformed-json", "Malformed JSON", "'" + field + "' has the wrong type or shape")
                        .with("field", field),
                uri);
    }

    /** A unique key lost a race with a concurrent create: the caller's resource exists now. */
    @ServerExceptionMapper
    public Response uniqueViolation(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        return respond(
                Problem.of(
                        409,
                        "conflict",
                        "Conflict",
                        "The resource was created or changed concurrently; read it and retry"),
                uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(
                Problem.of(403, "forbidden", "Forbidden", "The caller's roles do not allow this operation"), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, uri);
        }
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        if (family != Response.Status.Family.CLIENT_ERROR) {
            return e.getResponse();
        }
        return respond(Problem.of(status, slug(reason), reason, e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error %s on %s", errorId, uri.getPath());
        Problem problem = Problem.of(
                        500, "internal-error", "Internal error", "The server failed; quote errorId when reporting it")
                .with("errorId", errorId);
        return respond(problem, uri);
    }

    private static Response unauthenticated(UriInfo uri) {
        return Response.fromResponse(respond(
                        Problem.of(401, "unauthenticated", "Unauthenticated", "A valid bearer token is required"), uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri == null ? null : uri.getPath()))
                .build();
    }

    private static Map<String, String> violation(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // Method-parameter paths look like "create.body.deviceId": the caller knows only the last part.
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return Map.of("field", field, "message", v.getMessage());
    }

    private static String slug(String reason) {
        return reason == null ? "client-error" : reason.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
