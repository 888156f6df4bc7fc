package io.pkcsconnector.pkcsctl;

/**
 * The service refused a call (an RFC 9457 problem, or any other 4xx/5xx answer) or could not be reached.
 * The message is what the administrator sees: {@code status title: detail (errorCode: code)}.
 */
final class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ServiceException(int status, String title, String detail, String errorCode) {
        super(status + " " + title + (detail == null ? "" : ": " + detail)
                + (errorCode == null ? "" : " (errorCode: " + errorCode + ")"));
    }

    /** No HTTP answer to describe: the service is unreachable, or its answer is unusable. */
    ServiceException(String message) {
        super(message);
    }
}
