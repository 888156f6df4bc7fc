package io.pkcsconnector.notifier.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the device reports about one delivery. */
@Schema(name = "DeliveryAck")
public record AckRequest(
        @NotNull(message = "is required")
                @Pattern(regexp = "installed|installFailed", message = "must be installed or installFailed")
                @Schema(
                        required = true,
                        enumeration = {"installed", "installFailed"})
                String status,
        @Size(min = 1, max = 256, message = "must be 1 to 256 characters")
                @Schema(description = "The device's error code when the install failed", example = "0x80092004")
                String errorCode) {}
