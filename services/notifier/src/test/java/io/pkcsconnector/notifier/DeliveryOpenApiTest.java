package io.pkcsconnector.notifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inbox contract as clients read it from /q/openapi. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class DeliveryOpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void bothEndpointsAreDocumentedAsAuthenticatedWithTheirProblemResponses() {
        JsonPath openApi = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");

        Map<String, Object> list = (Map<String, Object>)
                paths.get("/v1/devices/{deviceId}/deliveries").get("get");
        assertThat((Map<String, Object>) list.get("responses")).containsKeys("200", "400", "401", "403", "404");
        assertThat(list).containsKey("security");
        assertThat(list.get("parameters").toString()).contains("after", "limit");

        Map<String, Object> ack = (Map<String, Object>)
                paths.get("/v1/devices/{deviceId}/deliveries/{deliveryId}/ack").get("post");
        assertThat((Map<String, Object>) ack.get("responses"))
                .containsKeys("200", "400", "401", "403", "404", "409", "413", "415", "422");
        assertThat(ack).containsKey("security");

        Map<String, Object> delivery = openApi.getMap("components.schemas.Delivery.properties");
        assertThat(delivery)
                .containsKeys(
                        "deliveryId",
                        "kind",
                        "requestId",
                        "serialNumber",
                        "thumbprint",
                        "encryptedPfxBlob",
                        "encryptedPfxPassword",
                        "paddingScheme",
                        "certificatePem",
                        "status",
                        "createdDateTime",
                        "cursor");
        assertThat(openApi.getMap("components.schemas.DeliveryPage.properties")).containsKeys("items", "nextCursor");
        assertThat(openApi.getMap("components.schemas.DeliveryAck.properties")).containsKeys("status", "errorCode");
    }
}
