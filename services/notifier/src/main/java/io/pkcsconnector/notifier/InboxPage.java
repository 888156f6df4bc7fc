package io.pkcsconnector.notifier;

import io.pkcsconnector.notifier.persistence.Delivery;
import java.util.List;

/**
 * One page of a device's inbox.
 *
 * @param next where the following page starts: after the last item, or where this page started when it is
 *     empty, so that a device can always poll again with it
 */
public record InboxPage(List<Delivery> items, InboxCursor next) {

    public InboxPage {
        items = List.copyOf(items);
    }
}
