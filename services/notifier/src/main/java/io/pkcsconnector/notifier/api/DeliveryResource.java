package io.pkcsconnector.notifier.api;

import io.pkcsconnector.contracts.DeliveryStatus;
import io.pkcsconnector.notifier.DeliveryInbox;
import io.pkcsconnector.notifier.InboxCursor;
import io.pkcsconnector.notifier.config.NotifierConfig;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.security.Caller;
import io.pkcsconnector.servicecommon.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The device's inbox: what it must install or remove, and its report of what became of each item. */
@Path("/v1/devices/{deviceId}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deliveries", description = "Device delivery inbox")
public class DeliveryResource {

    @Inject
    Caller caller;

    @Inject
    DeliveryInbox inbox;

    @Inject
    NotifierConfig config;

    @GET
    @RolesAllowed({Roles.DEVICE, Roles.ADMIN})
    @Operation(
            summary = "A page of the device's inbox, oldest first",
            description = "For the device itself (JWT subject = deviceId) or an admin of its tenant. Poll with the "
                    + "returned nextCursor as 'after' to receive only new items.")
    @APIResponse(responseCode = "200", description = "The page")
    @APIResponse(
            responseCode = "400",
            description = "Bad cursor or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "401",
            description = "No valid bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "403",
            description = "A device token of another device",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "404",
            description = "No such device in the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<DeliveryPage> list(
            @PathParam("deviceId") String deviceId,
            @Parameter(description = "A cursor from a previous response; absent to start at the oldest item")
                    @QueryParam("after")
                    String after,
            @Parameter(
                            description = "Items per page, 1 to 500",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            defaultValue = "50",
                                            minimum = "1",
                                            maximum = "500"))
                    @QueryParam("limit")
                    String limit) {
        caller.requireDeviceAccess(deviceId);
        String tenantId = caller.tenantId();
        InboxCursor cursor = cursor(after);
        int pageSize = limit(limit);
        return inbox.page(tenantId, deviceId, cursor, pageSize)
                .map(page -> new DeliveryPage(
                        page.items().stream().map(DeliveryItem::of).toList(),
                        page.items().isEmpty() && cursor.equals(InboxCursor.START)
                                ? null
                                : page.next().encode()));
    }

    @POST
    @Path("/{deliveryId}/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DEVICE)
    @Operation(
            summary = "Report what became of a delivery",
            description = "For the device itself. Records installed or installFailed once and publishes "
                    + "DeliveryAcknowledged (pki.delivery-acknowledged.v1); the same report again answers the same "
                    + "result without a second event.")
    @APIResponse(responseCode = "200", description = "Recorded now or before")
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON or wrong types",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "401",
            description = "No valid bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "403",
            description = "Not the device itself",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "404",
            description = "The device has no such delivery",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "409",
            description = "Another terminal status is already recorded",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "413",
            description = "Body over 1 MiB",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "415",
            description = "Body not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(
            responseCode = "422",
            description = "Missing or unknown status, bad errorCode",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<AckResponse> acknowledge(
            @PathParam("deviceId") String deviceId,
            @PathParam("deliveryId") String deliveryId,
            @Valid @NotNull(message = "a JSON body is required") AckRequest body) {
        if (!deviceId.equals(caller.subject())) {
            throw ProblemException.forbidden("device-mismatch", "A device may only acknowledge its own deliveries");
        }
        String tenantId = caller.tenantId();
        DeliveryStatus status = DeliveryStatus.fromWireName(body.status());
        return inbox.acknowledge(tenantId, deviceId, deliveryId, status, body.errorCode())
                .map(ack -> AckResponse.of(ack.delivery()));
    }

    private static InboxCursor cursor(String after) {
        if (after == null || after.isEmpty()) {
            return InboxCursor.START;
        }
        try {
            return InboxCursor.parse(after);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-cursor", "'after' is " + e.getMessage());
        }
    }

    private int limit(String limit) {
        NotifierConfig.Inbox settings = config.inbox();
        if (limit == null) {
            return settings.defaultLimit();
        }
        int max = settings.maxLimit();
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("invalid-limit", "'limit' must be an integer from 1 to " + max);
    }
}
