package io.pkcsconnector.pki;

/**
 * An OCSP request the responder will not answer with certificate statuses. It is checked, because every
 * caller must turn it into an answer: an unsigned OCSP error response with {@link #ocspResponseStatus()}
 * (see {@link OcspResponder#errorResponse(int)}), which RFC 6960 clients understand and which is not an
 * HTTP error. The message says what was wrong with the request, for logs; it never quotes the request.
 */
public final class OcspRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int ocspResponseStatus;

    /**
     * @param ocspResponseStatus an RFC 6960 OCSPResponseStatus other than successful(0), e.g. {@link
     *     OcspResponder#MALFORMED_REQUEST}
     */
    public OcspRequestException(int ocspResponseStatus, String message) {
        super(message);
        this.ocspResponseStatus = OcspResponder.requireErrorStatus(ocspResponseStatus);
    }

    /** The OCSPResponseStatus to answer with. */
    public int ocspResponseStatus() {
        return ocspResponseStatus;
    }
}
