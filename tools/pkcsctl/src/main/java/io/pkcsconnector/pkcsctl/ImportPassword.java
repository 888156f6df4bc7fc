package io.pkcsconnector.pkcsctl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A PFX password as the import carries it. The service decrypts {@code encryptedPfxPassword} to bytes and
 * turns each byte into one character (ISO-8859-1), because that is how the Intune PowerShell module
 * encrypts it; so only characters up to U+00FF can travel, one byte each. The password is kept in arrays
 * that the caller clears, never in a String.
 */
final class ImportPassword {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private ImportPassword() {}

    /**
     * Reads a password file: UTF-8, one trailing line break ("\n" or "\r\n") removed, as editors and
     * {@code echo} add one.
     *
     * @return the password; the caller clears it
     * @throws CommandFailedException if the file cannot be read, is not UTF-8 or holds an empty password
     */
    static char[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read the password file " + file + ": " + e);
        }
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new CommandFailedException("the password file " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        int start = 0;
        int end = chars.length;
        // Windows Notepad starts UTF-8 files with a byte order mark; it is never part of the password.
        if (end > 0 && chars[0] == BYTE_ORDER_MARK) {
            start = 1;
        }
        if (end > start && chars[end - 1] == '\n') {
            end--;
            if (end > start && chars[end - 1] == '\r') {
                end--;
            }
        }
        char[] password = Arrays.copyOfRange(chars, start, end);
        Arrays.fill(chars, '\0');
        if (password.length == 0) {
            throw new CommandFailedException("the password file " + file + " is empty");
        }
        return password;
    }

    /**
     * One byte per character, the form the service decrypts.
     *
     * @return the bytes; the caller clears them
     * @throws CommandFailedException for a character above U+00FF, naming its position but not the character
     */
    static byte[] encode(char[] password) {
        byte[] bytes = new byte[password.length];
        for (int i = 0; i < password.length; i++) {
            char c = password[i];
            if (c > 0xFF) {
                Arrays.fill(bytes, (byte) 0);
                throw new CommandFailedException("the password has a character above U+00FF (at position " + (i + 1)
                        + "); the PFX import carries passwords one byte per character (ISO-8859-1), as the Intune"
                        + " PowerShell module does, so such a password cannot be imported. Export the PFX with a"
                        + " password of Latin-1 characters.");
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }
}
