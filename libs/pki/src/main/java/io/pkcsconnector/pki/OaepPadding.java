package io.pkcsconnector.pki;

import java.security.spec.MGF1ParameterSpec;
import java.util.Locale;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA-OAEP variants, named as Graph's {@code paddingScheme}. Like Windows CNG, the same hash serves OAEP
 * and MGF1. The JDK's "OAEPWithSHA-256AndMGF1Padding" would use MGF1 with SHA-1, which devices reject,
 * hence the explicit parameter spec. PKCS#1 v1.5 and OAEP-SHA1 are deliberately absent.
 */
public enum OaepPadding {
    OAEP_SHA256("oaepSha256", "SHA-256", MGF1ParameterSpec.SHA256),
    OAEP_SHA384("oaepSha384", "SHA-384", MGF1ParameterSpec.SHA384),
    OAEP_SHA512("oaepSha512", "SHA-512", MGF1ParameterSpec.SHA512);

    private final String wireName;
    private final String digest;
    private final MGF1ParameterSpec mgf1;

    OaepPadding(String wireName, String digest, MGF1ParameterSpec mgf1) {
        this.wireName = wireName;
        this.digest = digest;
        this.mgf1 = mgf1;
    }

    public String wireName() {
        return wireName;
    }

    /** The digest name OpenSSL's {@code rsa_oaep_md} takes, e.g. {@code sha256}. */
    public String openSslDigest() {
        return digest.replace("-", "").toLowerCase(Locale.ROOT);
    }

    OAEPParameterSpec parameterSpec() {
        return new OAEPParameterSpec(digest, "MGF1", mgf1, PSource.PSpecified.DEFAULT);
    }

    /** Hash output length; OAEP can wrap at most modulus bytes - 2 * this - 2. */
    int digestLength() {
        return switch (this) {
            case OAEP_SHA256 -> 32;
            case OAEP_SHA384 -> 48;
            case OAEP_SHA512 -> 64;
        };
    }

    public static OaepPadding fromWireName(String wireName) {
        for (OaepPadding padding : values()) {
            if (padding.wireName.equals(wireName)) {
                return padding;
            }
        }
        throw new IllegalArgumentException("padding scheme '" + wireName
                + "' is not supported; use oaepSha256, oaepSha384 or oaepSha512 (pkcs1 and oaepSha1 are refused)");
    }
}
