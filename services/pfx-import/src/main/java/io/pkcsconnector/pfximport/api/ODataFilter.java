package io.pkcsconnector.pfximport.api;

import io.pkcsconnector.servicecommon.api.ProblemException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of OData's {@code $filter} that Graph clients use on userPfxCertificates: {@code userPrincipalName eq
 * '…'} (a quote inside the value doubled). Anything else is refused with 400, as Graph refuses a filter it does
 * not support, rather than ignored, which would return every certificate of the tenant.
 */
final class ODataFilter {

    private static final Pattern USER_PRINCIPAL_NAME =
            Pattern.compile("^\\s*userPrincipalName\\s+eq\\s+'((?:[^']|'')*)'\\s*$", Pattern.CASE_INSENSITIVE);

    private ODataFilter() {}

    /** @return the UPN to filter on, or null for no filter */
    static String userPrincipalName(String filter) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        Matcher matcher = USER_PRINCIPAL_NAME.matcher(filter);
        if (!matcher.matches()) {
            throw ProblemException.badRequest(
                    "unsupported-filter", "$filter supports userPrincipalName eq '<upn>' only, got: " + filter);
        }
        return matcher.group(1).replace("''", "'");
    }
}
