package io.pkcsconnector.pki;

/**
 * Work factors of a PKCS#12 file. Each iteration count is a trade-off between the cost of guessing a
 * password offline and issuance throughput (at 10,000 iterations PBKDF2 dominates the cost of an EC
 * certificate), so they are configuration. With the random 24-character passwords this module generates
 * (~143 bits) guessing is hopeless at any count; the counts matter for user-chosen passwords.
 *
 * <p>OpenSSL 3 exports with 2,048 iterations everywhere; the JDK's keystore defaults to 10,000. The MAC
 * defaults to the same as the bags: a cheaper MAC would be the cheaper way to test password guesses.
 *
 * @param keyIterations PBKDF2 iterations for the shrouded key bag
 * @param certificateIterations PBKDF2 iterations for the encrypted certificate safe
 * @param macIterations PKCS#12 KDF iterations for the HMAC-SHA256 integrity MAC
 */
public record Pkcs12Options(int keyIterations, int certificateIterations, int macIterations) {

    public static final int DEFAULT_ITERATIONS = 10_000;

    /** Below NIST SP 800-132's floor of 1,000 a count protects nothing. */
    public static final int MINIMUM_ITERATIONS = 1_000;

    public Pkcs12Options {
        requireCount(keyIterations, "keyIterations");
        requireCount(certificateIterations, "certificateIterations");
        requireCount(macIterations, "macIterations");
    }

    public static Pkcs12Options defaults() {
        return new Pkcs12Options(DEFAULT_ITERATIONS, DEFAULT_ITERATIONS, DEFAULT_ITERATIONS);
    }

    private static void requireCount(int value, String field) {
        if (value < MINIMUM_ITERATIONS || value > 10_000_000) {
            throw new IllegalArgumentException(
                    field + " must be between " + MINIMUM_ITERATIONS + " and 10,000,000, got " + value);
        }
    }
}
