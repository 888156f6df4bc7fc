package io.pkcsconnector.pfximport.api;

import io.pkcsconnector.servicecommon.api.ProblemException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of OData's {@code $filter} that Graph clients use on userPfxCertificates: {@code userPrincipalName eq
 * '…'} and {@code thumbprint eq '…'}, each optionally inside {@code tolower(…)} (as the Intune PowerShell module
 * sends them), joined by {@code and}; a quote inside a value is doubled. Anything else is refused with 400, as Graph
 * refuses a filter it does not support, rather than ignored, which would return every certificate of the tenant.
 * Both comparisons ignore case, so {@code tolower} changes nothing.
 */
record ODataFilter(String userPrincipalName, String thumbprint) {

    private static final Pattern TERM = Pattern.compile(
            "\\s*(?:tolower\\(\\s*(userPrincipalName|thumbprint)\\s*\\)|(userPrincipalName|thumbprint))"
                    + "\\s+eq\\s+'((?:[^']|'')*)'\\s*",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern AND = Pattern.compile("and\\s+", Pattern.CASE_INSENSITIVE);

    private static final ODataFilter NONE = new ODataFilter(null, null);

    static ODataFilter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return NONE;
        }
        Requests.requirePrintable(filter, "$filter");
        String upn = null;
        String thumbprint = null;
        Matcher term = TERM.matcher(filter);
        Matcher and = AND.matcher(filter);
        int position = 0;
        while (true) {
            if (!term.region(position, filter.length()).lookingAt()) {
                throw unsupported(filter);
            }
            String property = term.group(1) != null ? term.group(1) : term.group(2);
            String value = term.group(3).replace("''", "'");
            if (property.equalsIgnoreCase("userPrincipalName") && upn == null) {
                upn = value;
            } else if (property.equalsIgnoreCase("thumbprint") && thumbprint == null) {
                thumbprint = value.toUpperCase(Locale.ROOT);
            } else {
                throw unsupported(filter);
            }
            position = term.end();
            if (position == filter.length()) {
                return new ODataFilter(upn, thumbprint);
            }
            if (!and.region(position, filter.length()).lookingAt()) {
                throw unsupported(filter);
            }
            position = and.end();
        }
    }

    private static ProblemException unsupported(String filter) {
        return ProblemException.badRequest(
                "unsupported-filter",
                "$filter supports userPrincipalName eq '<upn>' and thumbprint eq '<sha1>' (each optionally in"
                        + " tolower()), joined by 'and'; got: " + filter);
    }
}
