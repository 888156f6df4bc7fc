package io.pkcsconnector.pki;

/**
 * A request asks for something its certificate template does not allow. This is a final answer for that
 * request: retrying it cannot succeed, so services fail the request with {@link #code()} instead of
 * retrying.
 */
public class TemplateViolationException extends RuntimeException {

    private final ViolationCode code;
    private final String templateName;

    public TemplateViolationException(ViolationCode code, String templateName, String message) {
        super(code + " (template " + templateName + "): " + message);
        this.code = code;
        this.templateName = templateName;
    }

    public ViolationCode code() {
        return code;
    }

    public String templateName() {
        return templateName;
    }
}
