package io.pkcsconnector.notifier.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of a device's inbox, oldest first. */
@Schema(name = "DeliveryPage")
public record DeliveryPage(
        List<DeliveryItem> items,
        @Schema(
                        description = "Opaque; pass as 'after' for the next page. After the last item, or the 'after' "
                                + "that was sent when there are no new items (null if none was sent)",
                        nullable = true)
                String nextCursor) {}
