package io.pkcsconnector.notifier;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A position in a device's inbox: the sequence number of the last item a device has seen. Devices get it as an
 * opaque string so that the encoding can change (a version prefix is inside) without breaking them.
 */
public record InboxCursor(long seq) {

    /** Before the first item. */
    public static final InboxCursor START = new InboxCursor(0);

    private static final String VERSION = "v1:";
    private static final Pattern ENCODED = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern DECODED = Pattern.compile("v1:(0|[1-9][0-9]{0,17})");

    public InboxCursor {
        if (seq < 0) {
            throw new IllegalArgumentException("cursor position must not be negative");
        }
    }

    public String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((VERSION + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @throws IllegalArgumentException if {@code encoded} is not a cursor this service handed out; the message
     *     never quotes the input
     */
    public static InboxCursor parse(String encoded) {
        if (encoded == null || !ENCODED.matcher(encoded).matches()) {
            throw new IllegalArgumentException("not a cursor returned by this service");
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor returned by this service", e);
        }
        if (!DECODED.matcher(decoded).matches()) {
            throw new IllegalArgumentException("not a cursor returned by this service");
        }
        return new InboxCursor(Long.parseLong(decoded.substring(VERSION.length())));
    }
}
