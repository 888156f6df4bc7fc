package io.pkcsconnector.pki;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Certificate serial numbers: 20 random bytes, like Let's Encrypt's boulder, which is the most RFC 5280
 * allows. Unpredictable serials are what made the MD5 collision attack on CAs infeasible, so they must
 * come from a CSPRNG, never from a counter.
 */
public final class SerialNumbers {

    private SerialNumbers() {}

    /**
     * Clearing the top bit keeps the DER INTEGER positive within 20 octets; setting the next one fixes the
     * length at 159 bits, so that every serial renders as 40 hex digits. 158 random bits remain.
     */
    public static BigInteger random() {
        byte[] bytes = new byte[20];
        CryptoProviders.random().nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7F) | 0x40);
        return new BigInteger(1, bytes);
    }

    /** Lower-case hex without separators, zero-padded to whole bytes. */
    public static String toHex(BigInteger serial) {
        if (serial.signum() < 0) {
            throw new IllegalArgumentException("serial numbers are positive");
        }
        String hex = serial.toString(16);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** Accepts the forms people paste: upper or lower case, with colons or spaces as Windows shows them. */
    public static BigInteger fromHex(String hex) {
        String digits = hex == null ? "" : hex.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (digits.isEmpty() || digits.length() > 40 || !digits.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("'" + hex + "' is not a certificate serial number in hex");
        }
        return new BigInteger(digits, 16);
    }
}
