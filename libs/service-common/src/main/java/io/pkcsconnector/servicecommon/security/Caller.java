package io.pkcsconnector.servicecommon.security;

import io.pkcsconnector.servicecommon.api.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: tenant, subject and roles from the verified bearer token. Every query a service runs for
 * a request is scoped by {@link #tenantId()}, and a device may only reach its own data.
 */
@RequestScoped
public class Caller {

    /** JWT claim holding the tenant id (the Entra ID claim name). */
    public static final String TENANT_CLAIM = "tid";

    @Inject
    JsonWebToken jwt;

    public String tenantId() {
        // A tid that is not a string (a number, an object) is no tenant: refuse it rather than fail with a 500.
        Object claim = jwt.getClaim(TENANT_CLAIM);
        String tenant = claim instanceof String s ? s : claim instanceof JsonString js ? js.getString() : null;
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.forbidden(
                    "tenant-missing", "The bearer token carries no '" + TENANT_CLAIM + "' claim");
        }
        return tenant;
    }

    public String subject() {
        return jwt.getSubject();
    }

    public Set<String> roles() {
        Set<String> groups = jwt.getGroups();
        return groups == null ? Set.of() : Set.copyOf(groups);
    }

    public boolean hasRole(String role) {
        return roles().contains(role);
    }

    /** Admins and connectors may act for any device of their tenant; a device only for itself. */
    public void requireDeviceAccess(String deviceId) {
        if (hasRole(Roles.ADMIN) || hasRole(Roles.CONNECTOR)) {
            return;
        }
        if (!hasRole(Roles.DEVICE) || !deviceId.equals(subject())) {
            throw ProblemException.forbidden("device-mismatch", "A device may only access its own data");
        }
    }
}
