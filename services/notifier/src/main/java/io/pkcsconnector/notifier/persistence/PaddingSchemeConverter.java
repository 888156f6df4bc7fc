package io.pkcsconnector.notifier.persistence;

import io.pkcsconnector.contracts.PaddingScheme;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the contract's wire name, the value devices receive. */
@Converter
public class PaddingSchemeConverter implements AttributeConverter<PaddingScheme, String> {

    @Override
    public String convertToDatabaseColumn(PaddingScheme scheme) {
        return scheme == null ? null : scheme.wireName();
    }

    @Override
    public PaddingScheme convertToEntityAttribute(String wireName) {
        return wireName == null ? null : PaddingScheme.fromWireName(wireName);
    }
}
