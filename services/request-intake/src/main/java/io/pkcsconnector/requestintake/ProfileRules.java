package io.pkcsconnector.requestintake;

import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.Platform;
import io.pkcsconnector.pki.CertificateTemplate;
import io.pkcsconnector.pki.ExtendedKeyUsages;
import io.pkcsconnector.pki.TemplateRegistry;
import io.pkcsconnector.requestintake.api.PkcsProfile;
import io.pkcsconnector.requestintake.api.PkcsProfile.CustomSubjectAlternativeName;
import io.pkcsconnector.requestintake.api.PkcsProfile.ExtendedKeyUsage;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a PKCS profile against the Graph enums, the seeds' rules and the named certificate template, and
 * fills in the documented defaults. Every problem is collected so that one 422 lists them all.
 */
public final class ProfileRules {

    public static final Set<String> VALIDITY_SCALES = Set.of("days", "months", "years");
    public static final Set<String> KEY_STORAGE_PROVIDERS = Set.of(
            "useTpmKspOtherwiseUseSoftwareKsp",
            "useTpmKspOtherwiseFail",
            "usePassportForWorkKspOtherwiseFail",
            "useSoftwareKsp");
    public static final Set<String> SUBJECT_NAME_FORMATS = Set.of(
            "commonName",
            "commonNameIncludingEmail",
            "commonNameAsEmail",
            "commonNameAsIMEI",
            "commonNameAsSerialNumber",
            "commonNameAsAadDeviceId",
            "commonNameAsIntuneDeviceId",
            "custom");
    public static final Set<String> SAN_TYPES = Set.of(
            "none",
            "emailAddress",
            "userPrincipalName",
            "domainNameService",
            "universalResourceIdentifier",
            "customAzureADAttribute");
    public static final Set<String> KEY_USAGES = Set.of("digitalSignature", "keyEncipherment", "nonRepudiation");

    private static final Pattern PROFILE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final LocalDate REFERENCE_DAY = LocalDate.of(2000, 1, 1);

    /** Display names as the Intune portal shows them for the template's application policies. */
    private static final Map<String, String> EKU_NAMES = Map.of(
            ExtendedKeyUsages.CLIENT_AUTH, "Client Authentication",
            ExtendedKeyUsages.EMAIL_PROTECTION, "Secure Email",
            ExtendedKeyUsages.ENCRYPTING_FILE_SYSTEM, "Encrypting File System",
            ExtendedKeyUsages.SERVER_AUTH, "Server Authentication",
            ExtendedKeyUsages.SMART_CARD_LOGON, "Smart Card Logon");

    private final TemplateRegistry templates;

    public ProfileRules(TemplateRegistry templates) {
        this.templates = templates;
    }

    public static void requireValidId(String kind, String id) {
        if (id == null || !PROFILE_ID.matcher(id).matches()) {
            throw ProblemException.badRequest(
                    "invalid-id", kind + " id must be 1-128 characters of letters, digits, '.', '_' or '-'");
        }
    }

    private static void variables(List<Map<String, String>> violations, String field, String format) {
        for (String problem : SubjectNames.unknownVariables(format)) {
            violations.add(violation(field, problem));
        }
    }

    /** @return the profile with defaults applied; throws a 422 problem listing every violation */
    public PkcsProfile normalize(PkcsProfile in) {
        if (in == null) {
            throw ProblemException.badRequest("missing-body", "A JSON profile is required");
        }
        List<Map<String, String>> violations = new ArrayList<>();
        require(
                violations,
                "displayName",
                in.displayName() != null && !in.displayName().isBlank(),
                "is required");
        require(
                violations,
                "displayName",
                in.displayName() == null || in.displayName().length() <= 256,
                "is longer than 256 characters");
        Platform platform = enumValue(
                violations, "platform", in.platform(), Platform::fromWireName, "windows10, android, ios, macos");
        Integer threshold = in.renewalThresholdPercentage() == null ? 20 : in.renewalThresholdPercentage();
        require(
                violations,
                "renewalThresholdPercentage",
                threshold >= 1 && threshold <= 99,
                "must be between 1 and 99");
        Integer validityValue = in.certificateValidityPeriodValue() == null ? 1 : in.certificateValidityPeriodValue();
        String scale = in.certificateValidityPeriodScale() == null ? "years" : in.certificateValidityPeriodScale();
        require(violations, "certificateValidityPeriodValue", validityValue > 0, "must be greater than 0");
        require(violations, "certificateValidityPeriodValue", validityValue <= 36_500, "must be at most 36500");
        oneOf(violations, "certificateValidityPeriodScale", scale, VALIDITY_SCALES);
        if (in.keyStorageProvider() != null) {
            oneOf(violations, "keyStorageProvider", in.keyStorageProvider(), KEY_STORAGE_PROVIDERS);
            require(
                    violations,
                    "keyStorageProvider",
                    platform == null || platform == Platform.WINDOWS10,
                    "applies to Windows only");
        }
        CertificateTemplate template = null;
        if (in.certificateTemplateName() == null || in.certificateTemplateName().isBlank()) {
            violations.add(violation("certificateTemplateName", "is required"));
        } else {
            template = templates.find(in.certificateTemplateName()).orElse(null);
            if (template == null) {
                throw new ProblemException(Problem.of(
                                422,
                                "unknown-template",
                                "Unknown certificate template",
                                "Certificate template '" + in.certificateTemplateName() + "' does not exist; known: "
                                        + String.join(", ", templates.names()))
                        .with("templateName", in.certificateTemplateName()));
            }
        }
        String subjectNameFormat = in.subjectNameFormat() == null ? "commonName" : in.subjectNameFormat();
        oneOf(violations, "subjectNameFormat", subjectNameFormat, SUBJECT_NAME_FORMATS);
        if ("custom".equals(subjectNameFormat)) {
            require(
                    violations,
                    "subjectNameFormatString",
                    in.subjectNameFormatString() != null
                            && !in.subjectNameFormatString().isBlank(),
                    "is required when subjectNameFormat is custom");
        }
        variables(violations, "subjectNameFormatString", in.subjectNameFormatString());
        variables(violations, "subjectAlternativeNameFormatString", in.subjectAlternativeNameFormatString());
        String sanType =
                in.subjectAlternativeNameType() == null ? "userPrincipalName" : in.subjectAlternativeNameType();
        oneOf(violations, "subjectAlternativeNameType", sanType, SAN_TYPES);
        if (sanType.equals("domainNameService")
                || sanType.equals("universalResourceIdentifier")
                || sanType.equals("customAzureADAttribute")) {
            require(
                    violations,
                    "subjectAlternativeNameFormatString",
                    in.subjectAlternativeNameFormatString() != null
                            && !in.subjectAlternativeNameFormatString().isBlank(),
                    "is required for subjectAlternativeNameType " + sanType);
        }
        List<CustomSubjectAlternativeName> customSans =
                in.customSubjectAlternativeNames() == null ? List.of() : in.customSubjectAlternativeNames();
        for (int i = 0; i < customSans.size(); i++) {
            CustomSubjectAlternativeName san = customSans.get(i);
            String field = "customSubjectAlternativeNames[" + i + "]";
            if (san == null || san.name() == null || san.name().isBlank()) {
                violations.add(violation(field, "needs a name"));
            } else {
                variables(violations, field + ".name", san.name());
                oneOf(
                        violations,
                        field + ".sanType",
                        san.sanType(),
                        Set.of(
                                "emailAddress",
                                "userPrincipalName",
                                "domainNameService",
                                "universalResourceIdentifier"));
            }
        }
        KeyAlgorithm keyAlgorithm = enumValue(
                violations,
                "keyAlgorithm",
                in.keyAlgorithm() == null ? "rsa2048" : in.keyAlgorithm(),
                KeyAlgorithm::fromWireName,
                "rsa2048, rsa3072, rsa4096, ecP256, ecP384");
        List<String> keyUsage = in.keyUsage() == null ? List.of("digitalSignature", "keyEncipherment") : in.keyUsage();
        for (String usage : keyUsage) {
            oneOf(violations, "keyUsage", usage, KEY_USAGES);
        }
        boolean nonRepudiation = keyUsage.contains("nonRepudiation");
        require(
                violations,
                "keyUsage",
                !(nonRepudiation && platform == Platform.IOS),
                "nonRepudiation is not allowed for iOS");
        List<ExtendedKeyUsage> ekus = in.extendedKeyUsages();
        if (template != null) {
            require(
                    violations,
                    "keyUsage",
                    !nonRepudiation || template.nonRepudiationAllowed(),
                    "nonRepudiation is not allowed by template " + template.name());
            if (keyAlgorithm != null) {
                require(
                        violations,
                        "keyAlgorithm",
                        template.allowedKeyAlgorithms().stream()
                                .anyMatch(a -> a.wireName().equals(keyAlgorithm.wireName())),
                        "is not allowed by template " + template.name());
            }
            if (validityValue > 0 && validityValue <= 36_500 && VALIDITY_SCALES.contains(scale)) {
                Period validity = period(validityValue, scale);
                require(
                        violations,
                        "certificateValidityPeriodValue",
                        !REFERENCE_DAY.plus(validity).isAfter(REFERENCE_DAY.plus(template.maximumValidity())),
                        "exceeds the maximum validity of template " + template.name() + " ("
                                + template.maximumValidity() + ")");
            }
            if (ekus == null || ekus.isEmpty()) {
                ekus = template.extendedKeyUsages().stream()
                        .map(oid -> new ExtendedKeyUsage(EKU_NAMES.getOrDefault(oid, oid), oid))
                        .toList();
            } else {
                for (int i = 0; i < ekus.size(); i++) {
                    ExtendedKeyUsage eku = ekus.get(i);
                    String field = "extendedKeyUsages[" + i + "].objectIdentifier";
                    if (eku == null
                            || eku.objectIdentifier() == null
                            || !OID.matcher(eku.objectIdentifier()).matches()) {
                        violations.add(violation(field, "must be a dotted OID"));
                    } else if (!template.extendedKeyUsages().contains(eku.objectIdentifier())) {
                        violations.add(violation(
                                field, eku.objectIdentifier() + " is not allowed by template " + template.name()));
                    }
                }
            }
        }
        for (String[] violation : Assignments.violations(in.assignments())) {
            violations.add(violation(violation[0], violation[1]));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(Problem.of(
                            422, "validation-failed", "Validation failed", violations.size() + " field(s) are invalid")
                    .with("violations", violations));
        }
        return new PkcsProfile(
                in.id(),
                in.displayName(),
                platform.wireName(),
                threshold,
                validityValue,
                scale,
                in.keyStorageProvider(),
                in.certificationAuthority(),
                in.certificationAuthorityName(),
                template.name(),
                subjectNameFormat,
                in.subjectNameFormatString(),
                sanType,
                in.subjectAlternativeNameFormatString(),
                customSans,
                ekus,
                keyAlgorithm.wireName(),
                keyUsage,
                in.assignments(),
                in.version(),
                in.createdDateTime(),
                in.lastModifiedDateTime(),
                Boolean.TRUE.equals(in.revokeOnRenewal()));
    }

    /**
     * A hash of the fields that shape the certificate (template, names, key, usages, validity, key storage), so that
     * a changed profile re-issues its certificates while a change of assignments, display name or renewal threshold
     * does not.
     */
    public static String certificateFingerprint(PkcsProfile profile) {
        List<Object> fields = java.util.Arrays.asList(
                profile.platform(),
                profile.certificateTemplateName(),
                profile.keyAlgorithm(),
                profile.keyStorageProvider(),
                profile.certificateValidityPeriodValue(),
                profile.certificateValidityPeriodScale(),
                profile.subjectNameFormat(),
                profile.subjectNameFormatString(),
                profile.subjectAlternativeNameType(),
                profile.subjectAlternativeNameFormatString(),
                profile.customSubjectAlternativeNames(),
                profile.extendedKeyUsages() == null
                        ? null
                        : profile.extendedKeyUsages().stream()
                                .map(ExtendedKeyUsage::objectIdentifier)
                                .toList(),
                profile.keyUsage(),
                profile.certificationAuthority(),
                profile.certificationAuthorityName());
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(fields).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Period period(int value, String scale) {
        return switch (scale) {
            case "days" -> Period.ofDays(value);
            case "months" -> Period.ofMonths(value);
            case "years" -> Period.ofYears(value);
            default -> throw new IllegalArgumentException("unknown scale " + scale);
        };
    }

    /** Whole days from {@code today} to the end of the profile's validity. */
    public static int validityDays(PkcsProfile profile, LocalDate today) {
        Period period = period(profile.certificateValidityPeriodValue(), profile.certificateValidityPeriodScale());
        return Math.toIntExact(ChronoUnit.DAYS.between(today, today.plus(period)));
    }

    private static <E> E enumValue(
            List<Map<String, String>> violations,
            String field,
            String value,
            java.util.function.Function<String, E> parse,
            String allowed) {
        if (value == null) {
            violations.add(violation(field, "is required (one of " + allowed + ")"));
            return null;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            violations.add(violation(field, "'" + value + "' is not one of " + allowed));
            return null;
        }
    }

    private static void oneOf(List<Map<String, String>> violations, String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            violations.add(violation(
                    field,
                    "'" + value + "' is not one of "
                            + String.join(", ", allowed.stream().sorted().toList())));
        }
    }

    private static void require(List<Map<String, String>> violations, String field, boolean ok, String message) {
        if (!ok) {
            violations.add(violation(field, message));
        }
    }

    private static Map<String, String> violation(String field, String message) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("field", field);
        v.put("message", message);
        return v;
    }
}
