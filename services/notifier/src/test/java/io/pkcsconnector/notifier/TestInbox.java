package io.pkcsconnector.notifier;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The device's side of the inbox API. */
final class TestInbox {

    private TestInbox() {}

    static String path(String deviceId) {
        return "/v1/devices/" + deviceId + "/deliveries";
    }

    static String ackPath(String deviceId, String deliveryId) {
        return path(deviceId) + "/" + deliveryId + "/ack";
    }

    /** The whole inbox (one page of up to 500), or an empty list while the device is not known yet. */
    static List<Map<String, Object>> items(String token, String deviceId) {
        Response response = given().auth()
                .oauth2(token)
                .queryParam("limit", 500)
                .get(path(deviceId))
                .then()
                .extract()
                .response();
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("inbox answered " + response.statusCode() + ": " + response.asString());
        }
        return response.jsonPath().getList("items");
    }

    /** Waits until the inbox holds exactly {@code count} items, and returns them. */
    static List<Map<String, Object>> awaitItems(String token, String deviceId, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> items(token, deviceId), items -> items.size() == count);
    }
}
