package io.pkcsconnector.pkcsctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pkcsconnector.pkcsctl.FakeService.Request;
import io.pkcsconnector.pkcsctl.FakeService.Response;
import io.pkcsconnector.pki.DeviceKeys;
import io.pkcsconnector.pki.ImportKeys;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeysCommandTest {

    private static final String PEM =
            ImportKeys.publicKeyPem(ImportKeys.generate().getPublic());

    private final FakeService service = new FakeService();

    @AfterEach
    void stopService() {
        service.close();
    }

    private static ObjectNode key(String provider, String name, int size) {
        return FakeService.JSON
                .createObjectNode()
                .put("providerName", provider)
                .put("keyName", name)
                .put("keySize", size)
                .put("publicKey", PEM)
                .put("createdDateTime", "2026-01-01T00:00:00Z");
    }

    @Test
    void createPrintsThePemAndNothingElse() {
        service.respond(request -> Response.json(201, key("contoso", "pfx1", 3072)));

        Cli.Result result = Cli.run(
                "pfx",
                "keys",
                "create",
                "--url",
                service.url(),
                "--provider",
                "contoso",
                "--key-name",
                "pfx1",
                "--key-size",
                "3072");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(PEM);
        assertThat(DeviceKeys.parsePem(result.out())).isNotNull();
        Request request = service.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/pfx-import/keys");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.json().toString())
                .isEqualTo("{\"providerName\":\"contoso\",\"keyName\":\"pfx1\",\"keySize\":3072}");
    }

    @Test
    void createWithJsonPrintsTheWholeKeyObject() throws IOException {
        service.respond(request -> Response.json(201, key("contoso", "pfx1", 2048)));

        Cli.Result result = Cli.run(
                "pfx",
                "keys",
                "create",
                "--url",
                service.url(),
                "--provider",
                "contoso",
                "--key-name",
                "pfx1",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests().get(0).json().has("keySize"))
                .as("the service's default")
                .isFalse();
        JsonNode printed = FakeService.JSON.readTree(result.out());
        assertThat(printed.get("keySize").asInt()).isEqualTo(2048);
        assertThat(printed.get("publicKey").asText()).isEqualTo(PEM);
    }

    @Test
    void createRefusesKeySizesTheServiceDoesNotOffer() {
        Cli.Result result = Cli.run(
                "pfx",
                "keys",
                "create",
                "--url",
                service.url(),
                "--provider",
                "contoso",
                "--key-name",
                "pfx1",
                "--key-size",
                "1024");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--key-size must be 2048, 3072 or 4096");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void createOfAnExistingKeyReportsTheConflict() {
        service.respond(
                request -> Response.problem(409, "Conflict", "import key contoso/pfx1 exists", "importKeyExists"));

        Cli.Result result =
                Cli.run("pfx", "keys", "create", "--url", service.url(), "--provider", "contoso", "--key-name", "pfx1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("409 Conflict: import key contoso/pfx1 exists (errorCode: importKeyExists)");
    }

    @Test
    void listPrintsATable() {
        service.respond(request -> {
            ObjectNode body = FakeService.JSON.createObjectNode();
            body.putArray("value").add(key("contoso", "pfx1", 2048)).add(key("fabrikam", "legacy-key", 4096));
            return Response.json(200, body);
        });

        Cli.Result result = Cli.run("pfx", "keys", "list", "--url", service.url());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests().get(0).rawPath()).isEqualTo("/v1/pfx-import/keys");
        assertThat(result.out().lines())
                .containsExactly(
                        "PROVIDER  KEY NAME    KEY SIZE  CREATED",
                        "contoso   pfx1        2048      2026-01-01T00:00:00Z",
                        "fabrikam  legacy-key  4096      2026-01-01T00:00:00Z");
    }

    @Test
    void showEncodesTheNamesAsPathSegments() {
        service.respond(request -> Response.json(200, key("contoso corp", "pfx/1", 2048)));

        Cli.Result result = Cli.run(
                "pfx", "keys", "show", "--url", service.url(), "--provider", "contoso corp", "--key-name", "pfx/1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests().get(0).rawPath()).isEqualTo("/v1/pfx-import/keys/contoso%20corp/pfx%2F1");
        assertThat(result.out()).isEqualTo(PEM);
    }

    @Test
    void showOfAnUnknownKey() {
        service.respond(request -> Response.problem(404, "Not Found", "no import key contoso/nope", null));

        Cli.Result result =
                Cli.run("pfx", "keys", "show", "--url", service.url(), "--provider", "contoso", "--key-name", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("404 Not Found: no import key contoso/nope")
                .doesNotContain("errorCode");
        assertThat(result.out()).isEmpty();
    }
}
