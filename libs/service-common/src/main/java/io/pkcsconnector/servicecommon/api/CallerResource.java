package io.pkcsconnector.servicecommon.api;

import io.pkcsconnector.servicecommon.security.Caller;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Lets an operator check a token against a running service: which tenant, subject and roles it grants. */
@Path("/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {

    public record CallerView(String tenantId, String subject, Set<String> roles) {}

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "The verified identity of the caller")
    public CallerView me() {
        return new CallerView(caller.tenantId(), caller.subject(), new TreeSet<>(caller.roles()));
    }
}
