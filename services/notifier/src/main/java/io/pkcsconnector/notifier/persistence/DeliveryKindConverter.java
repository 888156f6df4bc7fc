package io.pkcsconnector.notifier.persistence;

import io.pkcsconnector.contracts.DeliveryKind;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the contract's wire name, which the table's CHECK constraint lists. */
@Converter
public class DeliveryKindConverter implements AttributeConverter<DeliveryKind, String> {

    @Override
    public String convertToDatabaseColumn(DeliveryKind kind) {
        return kind == null ? null : kind.wireName();
    }

    @Override
    public DeliveryKind convertToEntityAttribute(String wireName) {
        return wireName == null ? null : DeliveryKind.fromWireName(wireName);
    }
}
