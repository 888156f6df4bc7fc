package io.pkcsconnector.pfximport.api;

import io.pkcsconnector.pfximport.ImportKeyring;
import io.pkcsconnector.pfximport.persistence.ImportKeyStore.StoredKey;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.security.Caller;
import io.pkcsconnector.servicecommon.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Import key pairs: administrators encrypt PFX passwords with the public key (as with the Intune PowerShell
 * module's {@code Add-IntuneKspKey}/{@code Export-IntunePublicKey}); the private key never leaves the service
 * unencrypted. With {@code Accept: application/x-pem-file} the public key comes back as bare PEM.
 */
@Path("/v1/pfx-import/keys")
@RolesAllowed(Roles.ADMIN)
public class ImportKeyResource {

    static final String PEM = "application/x-pem-file";

    /** The body of {@code POST}; {@code keySize} defaults to 2048. */
    public record NewKey(String providerName, String keyName, Integer keySize) {}

    /** An import key as the API shows it: never the private key, not even wrapped. */
    public record ImportKey(
            String providerName, String keyName, int keySize, String publicKey, String createdDateTime) {

        static ImportKey of(StoredKey key) {
            return new ImportKey(
                    key.providerName(),
                    key.keyName(),
                    key.keySize(),
                    key.publicKeyPem(),
                    key.createdAt().toString());
        }
    }

    @Inject
    Caller caller;

    @Inject
    ImportKeyring keyring;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an RSA import key pair (2048 default, 3072 or 4096) and return its public key")
    public Response create(NewKey body) {
        StoredKey key = createKey(body);
        return Response.created(location(key)).entity(ImportKey.of(key)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(PEM)
    @Operation(summary = "Create an import key pair and return its public key as PEM")
    public Response createPem(NewKey body) {
        StoredKey key = createKey(body);
        return Response.created(location(key)).entity(key.publicKeyPem()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The tenant's import keys")
    public Map<String, List<ImportKey>> list() {
        return Map.of(
                "value",
                keyring.list(caller.tenantId()).stream().map(ImportKey::of).toList());
    }

    @GET
    @Path("/{providerName}/{keyName}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One import key and its public key")
    public ImportKey get(@PathParam("providerName") String providerName, @PathParam("keyName") String keyName) {
        return ImportKey.of(find(providerName, keyName));
    }

    @GET
    @Path("/{providerName}/{keyName}")
    @Produces(PEM)
    @Operation(summary = "The public key of one import key, as PEM")
    public String getPem(@PathParam("providerName") String providerName, @PathParam("keyName") String keyName) {
        return find(providerName, keyName).publicKeyPem();
    }

    private StoredKey createKey(NewKey body) {
        if (body == null) {
            throw ProblemException.badRequest("missing-body", "A JSON object {providerName, keyName} is required");
        }
        return keyring.create(caller.tenantId(), body.providerName(), body.keyName(), body.keySize());
    }

    private StoredKey find(String providerName, String keyName) {
        Requests.requirePrintable(providerName, "providerName");
        Requests.requirePrintable(keyName, "keyName");
        return keyring.find(caller.tenantId(), providerName, keyName)
                .orElseThrow(() -> ProblemException.notFound(
                        "unknown-import-key",
                        "This tenant has no import key '" + keyName + "' of provider '" + providerName + "'"));
    }

    private static java.net.URI location(StoredKey key) {
        return UriBuilder.fromPath("/v1/pfx-import/keys/{provider}/{key}").build(key.providerName(), key.keyName());
    }
}
