package io.pkcsconnector.pki;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Random PFX passwords. The alphabet is URL-safe base64's (64 symbols, so every character carries exactly
 * 6 bits with no modulo bias) and pure ASCII, because the device receives the password RSA-encrypted as
 * one byte per character.
 */
public final class PasswordGenerator {

    /** 24 characters = 144 bits, beyond any offline guessing whatever the PKCS#12 iteration count. */
    public static final int DEFAULT_LENGTH = 24;

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private PasswordGenerator() {}

    public static char[] generate() {
        return generate(DEFAULT_LENGTH);
    }

    public static char[] generate(int length) {
        if (length < 16) {
            throw new IllegalArgumentException("passwords shorter than 16 characters (96 bits) are not generated");
        }
        SecureRandom random = CryptoProviders.random();
        char[] password = new char[length];
        for (int i = 0; i < length; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return password;
    }

    /** The bytes that get wrapped for the device: one byte per character, as the Intune tooling sends. */
    public static byte[] toBytes(char[] password) {
        byte[] bytes = new byte[password.length];
        for (int i = 0; i < password.length; i++) {
            if (password[i] > 0x7E || password[i] < 0x20) {
                throw new IllegalArgumentException("only printable ASCII passwords can be sent one byte per character");
            }
            bytes[i] = (byte) password[i];
        }
        return bytes;
    }

    /** The inverse of {@link #toBytes(char[])}. */
    public static char[] fromBytes(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII).toCharArray();
    }
}
