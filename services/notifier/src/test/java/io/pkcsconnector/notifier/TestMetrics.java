package io.pkcsconnector.notifier;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one counter from the service's Prometheus endpoint. */
final class TestMetrics {

    private TestMetrics() {}

    /** The value of {@code name} with label {@code label="value"}, 0 when the series does not exist yet. */
    static double counter(String name, String label, String value) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Pattern line = Pattern.compile(
                "^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label + "=\"" + value + "\"")
                        + "[^}]*\\}\\s+(\\S+)$",
                Pattern.MULTILINE);
        Matcher match = line.matcher(body);
        return match.find() ? Double.parseDouble(match.group(1)) : 0;
    }
}
