package io.pkcsconnector.pki;

import java.util.Optional;

/**
 * Graph's {@code userPfxPaddingScheme} as the PFX import accepts it: the RSA-OAEP variant an
 * administrator's {@code encryptedPfxPassword} was made with. {@code none} keeps the wire value the
 * client sent and means the default, OAEP with SHA-512. {@code pkcs1} (PKCS#1 v1.5, open to padding
 * oracles) and {@code oaepSha1} exist in Graph but are no longer supported, so they never become a value.
 */
public enum ImportPaddingScheme {
    NONE("none", OaepPadding.OAEP_SHA512),
    OAEP_SHA256("oaepSha256", OaepPadding.OAEP_SHA256),
    OAEP_SHA384("oaepSha384", OaepPadding.OAEP_SHA384),
    OAEP_SHA512("oaepSha512", OaepPadding.OAEP_SHA512);

    /** What {@code none} stands for. */
    public static final ImportPaddingScheme DEFAULT = OAEP_SHA512;

    private final String wireName;
    private final OaepPadding padding;

    ImportPaddingScheme(String wireName, OaepPadding padding) {
        this.wireName = wireName;
        this.padding = padding;
    }

    public String wireName() {
        return wireName;
    }

    /** The OAEP parameters: the same hash for OAEP and MGF1, as Windows CNG uses them. */
    public OaepPadding oaepPadding() {
        return padding;
    }

    /**
     * Parses a wire name exactly (case sensitive, as in Graph).
     *
     * @throws IllegalArgumentException for {@code pkcs1} and {@code oaepSha1} (no longer supported) and for
     *     unknown names
     */
    public static ImportPaddingScheme fromWireName(String wireName) {
        for (ImportPaddingScheme scheme : values()) {
            if (scheme.wireName.equals(wireName)) {
                return scheme;
            }
        }
        if ("pkcs1".equals(wireName) || "oaepSha1".equals(wireName)) {
            throw new IllegalArgumentException("padding scheme '" + wireName
                    + "' is no longer supported; use oaepSha256, oaepSha384 or oaepSha512");
        }
        throw new IllegalArgumentException(
                "unknown padding scheme '" + wireName + "', expected none, oaepSha256, oaepSha384 or oaepSha512");
    }

    /** Like {@link #fromWireName}, but an absent value means {@code none}. */
    public static ImportPaddingScheme fromWireNameOrNone(String wireName) {
        return Optional.ofNullable(wireName)
                .map(ImportPaddingScheme::fromWireName)
                .orElse(NONE);
    }
}
