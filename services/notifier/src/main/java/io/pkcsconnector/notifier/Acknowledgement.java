package io.pkcsconnector.notifier;

import io.pkcsconnector.notifier.persistence.Delivery;

/**
 * The outcome of a device's acknowledgement.
 *
 * @param delivery as stored after the acknowledgement
 * @param recorded true when this call recorded the status (and published the event); false when the same status
 *     was recorded before
 */
public record Acknowledgement(Delivery delivery, boolean recorded) {}
