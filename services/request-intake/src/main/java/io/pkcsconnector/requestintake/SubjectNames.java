package io.pkcsconnector.requestintake;

import io.pkcsconnector.contracts.SubjectAlternativeName;
import io.pkcsconnector.contracts.SubjectAlternativeNameType;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.requestintake.api.PkcsProfile;
import io.pkcsconnector.requestintake.persistence.DeviceEntity;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a certificate's subject and subject alternative names from a profile and the device, with Intune's
 * {@code {{Variable}}} syntax. A variable the device or user lacks fails the request with a clear error
 * instead of issuing a certificate with an empty or wrong name.
 */
public final class SubjectNames {

    public record Names(String subjectName, List<SubjectAlternativeName> alternativeNames) {}

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{([A-Za-z_]+)}}");

    /**
     * Any {@code {{...}}} reference, also one that {@link #VARIABLE} does not match (e.g. {@code {{Device Name}}}),
     * which would otherwise stay in the certificate literally.
     */
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{([^{}]*)}}");

    /** The variables Intune documents for subject and SAN format strings, spelled as Intune spells them. */
    public static final List<String> VARIABLES = List.of(
            "UserName",
            "UserPrincipalName",
            "EmailAddress",
            "AAD_Device_ID",
            "DeviceId",
            "DeviceName",
            "SerialNumber",
            "IMEINumber",
            "WiFiMacAddress",
            "FullyQualifiedDomainName",
            "OnPrem_Distinguished_Name",
            "onPremisesSamAccountName");

    /**
     * What is wrong with the {@code {{Variable}}} references of a format string: one message per unknown variable
     * (naming the variable it was probably meant to be, when only its case differs), empty when all are known.
     */
    public static List<String> unknownVariables(String format) {
        List<String> problems = new ArrayList<>();
        if (format == null) {
            return problems;
        }
        Matcher m = REFERENCE.matcher(format);
        while (m.find()) {
            String name = m.group(1);
            if (!VARIABLES.contains(name)) {
                String hint = VARIABLES.stream()
                        .filter(known -> known.equalsIgnoreCase(name.strip()))
                        .findFirst()
                        .map(known -> "; did you mean {{" + known + "}}?")
                        .orElse("; known: {{" + String.join("}}, {{", VARIABLES) + "}}");
                problems.add("names unknown variable {{" + name + "}}" + hint);
            }
        }
        return problems;
    }

    private SubjectNames() {}

    public static Names build(PkcsProfile profile, DeviceEntity device) {
        Map<String, String> variables = variables(device);
        String subject =
                switch (profile.subjectNameFormat()) {
                    case "commonName" -> "CN=" + dn(variables, "UserPrincipalName");
                    case "commonNameIncludingEmail" -> "CN=" + dn(variables, "UserPrincipalName") + ",E="
                            + dn(variables, "EmailAddress");
                    case "commonNameAsEmail" -> "CN=" + dn(variables, "EmailAddress");
                    case "commonNameAsIMEI" -> "CN=" + dn(variables, "IMEINumber");
                    case "commonNameAsSerialNumber" -> "CN=" + dn(variables, "SerialNumber");
                    case "commonNameAsAadDeviceId" -> "CN=" + dn(variables, "AAD_Device_ID");
                    case "commonNameAsIntuneDeviceId" -> "CN=" + dn(variables, "DeviceId");
                    case "custom" -> substitute(
                            profile.subjectNameFormatString(), variables, DistinguishedName::escapeValue);
                    default -> throw new IllegalStateException(
                            "unvalidated subjectNameFormat " + profile.subjectNameFormat());
                };
        try {
            subject = DistinguishedName.parse(subject).toRfc4514();
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable(
                    "invalid-subject",
                    "The profile's subject name does not form a valid distinguished name: " + e.getMessage());
        }
        List<SubjectAlternativeName> sans = new ArrayList<>();
        switch (profile.subjectAlternativeNameType()) {
            case "userPrincipalName" -> sans.add(
                    san(SubjectAlternativeNameType.USER_PRINCIPAL_NAME, required(variables, "UserPrincipalName")));
            case "emailAddress" -> sans.add(
                    san(SubjectAlternativeNameType.EMAIL_ADDRESS, required(variables, "EmailAddress")));
            case "domainNameService" -> sans.add(san(
                    SubjectAlternativeNameType.DOMAIN_NAME_SERVICE,
                    substitute(profile.subjectAlternativeNameFormatString(), variables, UnaryOperator.identity())));
            case "universalResourceIdentifier" -> sans.add(san(
                    SubjectAlternativeNameType.UNIVERSAL_RESOURCE_IDENTIFIER,
                    substitute(profile.subjectAlternativeNameFormatString(), variables, UnaryOperator.identity())));
            case "customAzureADAttribute" -> throw ProblemException.unprocessable(
                    "unsupported-san",
                    "customAzureADAttribute needs a directory connection, which this deployment does not have");
            default -> {
                // "none": no SAN from the type; custom ones may follow.
            }
        }
        for (PkcsProfile.CustomSubjectAlternativeName custom : profile.customSubjectAlternativeNames()) {
            sans.add(san(
                    SubjectAlternativeNameType.fromWireName(custom.sanType()),
                    substitute(custom.name(), variables, UnaryOperator.identity())));
        }
        return new Names(subject, List.copyOf(sans));
    }

    static Map<String, String> variables(DeviceEntity device) {
        Map<String, String> v = new HashMap<>();
        put(v, "UserPrincipalName", device.userPrincipalName);
        if (device.userPrincipalName != null && device.userPrincipalName.contains("@")) {
            put(v, "UserName", device.userPrincipalName.substring(0, device.userPrincipalName.indexOf('@')));
        }
        put(v, "EmailAddress", device.emailAddress);
        put(v, "DeviceId", device.deviceId);
        put(v, "DeviceName", device.deviceName);
        put(v, "SerialNumber", device.serialNumber);
        put(v, "IMEINumber", device.imei);
        put(v, "AAD_Device_ID", device.aadDeviceId);
        put(v, "WiFiMacAddress", device.wifiMacAddress);
        put(v, "FullyQualifiedDomainName", device.fullyQualifiedDomainName);
        put(v, "OnPrem_Distinguished_Name", device.onPremisesDistinguishedName);
        put(v, "onPremisesSamAccountName", device.onPremisesSamAccountName);
        return v;
    }

    private static void put(Map<String, String> variables, String name, String value) {
        if (value != null && !value.isBlank()) {
            variables.put(name, value);
        }
    }

    private static String dn(Map<String, String> variables, String name) {
        return DistinguishedName.escapeValue(required(variables, name));
    }

    private static String required(Map<String, String> variables, String name) {
        String value = variables.get(name);
        if (value == null) {
            throw new ProblemException(Problem.of(
                            422,
                            "missing-variable",
                            "Missing variable",
                            "The profile needs {{" + name + "}}, which this device or its user does not have")
                    .with("errorCode", "missingVariable." + name)
                    .with("variable", name));
        }
        return value;
    }

    private static String substitute(String format, Map<String, String> variables, UnaryOperator<String> escape) {
        Matcher m = VARIABLE.matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(required(variables, m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static SubjectAlternativeName san(SubjectAlternativeNameType type, String value) {
        return new SubjectAlternativeName(type, value);
    }
}
