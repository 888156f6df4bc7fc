package io.pkcsconnector.loadgenerator;

import com.fasterxml.jackson.databind.JsonNode;
import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.Platform;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PKCS profile as request-intake stored it (its PUT answer, defaults applied): what a {@code
 * CertificateRequested} produced straight to Kafka must carry to look like one request-intake built.
 */
record ProfileInfo(
        String id,
        Platform platform,
        String templateName,
        KeyAlgorithm keyAlgorithm,
        List<String> extendedKeyUsages,
        boolean nonRepudiation,
        int validityValue,
        String validityScale) {

    /** The PUT body: a Wi-Fi-like profile on the built-in PkcsUser template, one year, CN and UPN from the user. */
    static Map<String, Object> body(KeyAlgorithm key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", "Load test " + key.wireName());
        body.put("platform", "windows10");
        body.put("renewalThresholdPercentage", 20);
        body.put("certificateValidityPeriodValue", 1);
        body.put("certificateValidityPeriodScale", "years");
        body.put("certificateTemplateName", "PkcsUser");
        body.put("subjectNameFormat", "commonName");
        body.put("subjectAlternativeNameType", "userPrincipalName");
        body.put("keyAlgorithm", key.wireName());
        return body;
    }

    static ProfileInfo fromJson(String id, JsonNode profile) {
        List<String> ekus = new ArrayList<>();
        profile.path("extendedKeyUsages")
                .forEach(eku -> ekus.add(eku.path("objectIdentifier").asText()));
        boolean nonRepudiation = false;
        for (JsonNode usage : profile.path("keyUsage")) {
            nonRepudiation |= "nonRepudiation".equals(usage.asText());
        }
        return new ProfileInfo(
                id,
                Platform.fromWireName(profile.path("platform").asText()),
                profile.path("certificateTemplateName").asText(),
                KeyAlgorithm.fromWireName(profile.path("keyAlgorithm").asText()),
                List.copyOf(ekus),
                nonRepudiation,
                profile.path("certificateValidityPeriodValue").asInt(1),
                profile.path("certificateValidityPeriodScale").asText("years"));
    }

    /** Whole days from {@code today} to the end of the validity, as request-intake computes them. */
    int validityDays(LocalDate today) {
        Period period =
                switch (validityScale) {
                    case "days" -> Period.ofDays(validityValue);
                    case "months" -> Period.ofMonths(validityValue);
                    default -> Period.ofYears(validityValue);
                };
        return Math.toIntExact(ChronoUnit.DAYS.between(today, today.plus(period)));
    }
}
