package io.pkcsconnector.notifier.persistence;

import io.pkcsconnector.notifier.DeliveryState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the wire name, which the table's CHECK constraint lists. */
@Converter
public class DeliveryStateConverter implements AttributeConverter<DeliveryState, String> {

    @Override
    public String convertToDatabaseColumn(DeliveryState state) {
        return state == null ? null : state.wireName();
    }

    @Override
    public DeliveryState convertToEntityAttribute(String wireName) {
        return wireName == null ? null : DeliveryState.fromWireName(wireName);
    }
}
