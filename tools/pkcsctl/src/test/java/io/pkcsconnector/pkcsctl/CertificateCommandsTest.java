package io.pkcsconnector.pkcsctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pkcsconnector.pkcsctl.FakeService.Request;
import io.pkcsconnector.pkcsctl.FakeService.Response;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CertificateCommandsTest {

    private static final String PATH = "/beta/deviceManagement/userPfxCertificates";
    private static final String THUMBPRINT = "9BCFD50486B6E35C56BD6063E91D0F74F40E3ED0";

    private final FakeService service = new FakeService();

    @AfterEach
    void stopService() {
        service.close();
    }

    private static ObjectNode certificate(String userId, String upn, String thumbprint) {
        return FakeService.JSON
                .createObjectNode()
                .put("@odata.type", "#microsoft.graph.userPFXCertificate")
                .put("id", userId + "-" + thumbprint)
                .put("thumbprint", thumbprint)
                .put("intendedPurpose", "smimeEncryption")
                .put("userPrincipalName", upn)
                .put("startDateTime", "2026-01-01T00:00:00Z")
                .put("expirationDateTime", "2027-01-01T00:00:00Z")
                .put("providerName", "contoso")
                .put("keyName", "pfx1")
                .put("paddingScheme", "oaepSha512")
                .put("encryptedPfxBlob", "AAECAwQ=")
                .put("encryptedPfxPassword", "BQYH");
    }

    private static ObjectNode page(String nextLink, JsonNode... certificates) {
        ObjectNode page = FakeService.JSON.createObjectNode().put("@odata.context", "$metadata#userPfxCertificates");
        ArrayNode value = page.putArray("value");
        for (JsonNode certificate : certificates) {
            value.add(certificate);
        }
        if (nextLink != null) {
            page.put("@odata.nextLink", nextLink);
        }
        return page;
    }

    /** Two pages of o'brien's certificates, the second behind a $skiptoken. */
    private void serveTwoPages() {
        service.respond(request -> {
            String query = request.query();
            if (query != null && query.startsWith("$skiptoken=")) {
                return Response.json(200, page(null, certificate("u1", "o'brien@contoso.com", "B".repeat(40))));
            }
            return Response.json(
                    200,
                    page(
                            service.url() + PATH + "?$skiptoken=page2",
                            certificate("u1", "o'brien@contoso.com", "A".repeat(40))));
        });
    }

    @Test
    void listFollowsNextLinkAndFiltersByAQuotedUpn() {
        serveTwoPages();

        Cli.Result result = Cli.run("pfx", "list", "--url", service.url(), "--upn", "o'brien@contoso.com");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests()).hasSize(2);
        Request first = service.requests().get(0);
        assertThat(first.rawPath()).isEqualTo(PATH);
        assertThat(first.query()).isEqualTo("$filter=userPrincipalName eq 'o''brien@contoso.com'");
        assertThat(first.uri().getRawQuery())
                .isEqualTo("$filter=userPrincipalName%20eq%20%27o%27%27brien%40contoso.com%27");
        assertThat(service.requests().get(1).query()).isEqualTo("$skiptoken=page2");
        assertThat(service.requests())
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + Cli.TOKEN));

        assertThat(result.out().lines())
                .hasSize(3)
                .first()
                .asString()
                .matches("ID +USER PRINCIPAL NAME +PURPOSE +THUMBPRINT +EXPIRES");
        assertThat(result.out())
                .contains("u1-" + "A".repeat(40))
                .contains("u1-" + "B".repeat(40))
                .contains("o'brien@contoso.com")
                .contains("2027-01-01T00:00:00Z");
    }

    @Test
    void listAsJsonIsOneArrayOfAllPages() throws IOException {
        serveTwoPages();

        Cli.Result result = Cli.run("pfx", "list", "--url", service.url(), "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests().get(0).query())
                .as("no filter lists the tenant")
                .isNull();
        JsonNode printed = FakeService.JSON.readTree(result.out());
        assertThat(printed.isArray()).isTrue();
        assertThat(printed)
                .extracting(c -> c.get("thumbprint").asText())
                .containsExactly("A".repeat(40), "B".repeat(40));
    }

    @Test
    void listRefusesANextLinkToAnotherHostRatherThanSendItTheToken() {
        service.respond(request -> Response.json(
                200, page("http://evil.example:8083" + PATH + "?$skiptoken=2", certificate("u1", "a@b", THUMBPRINT))));

        Cli.Result result = Cli.run("pfx", "list", "--url", service.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("refusing to follow @odata.nextLink http://evil.example:8083");
        assertThat(service.requests()).hasSize(1);
    }

    @Test
    void deleteById() {
        service.respond(request -> Response.noContent());

        Cli.Result result = Cli.run("pfx", "delete", "u1-ABC", "--url", service.url());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.rawPath()).isEqualTo(PATH + "('u1-ABC')");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + Cli.TOKEN);
        });
        assertThat(result.out().strip()).isEqualTo("deleted u1-ABC");
    }

    @Test
    void deleteByUserIdAndThumbprintAsOpensslPrintsIt() {
        service.respond(request -> Response.noContent());
        String opensslStyle = "9b:cf:d5:04:86:b6:e3:5c:56:bd:60:63:e9:1d:0f:74:f4:0e:3e:d0";

        Cli.Result result =
                Cli.run("pfx", "delete", "--user-id", "u 1", "--thumbprint", opensslStyle, "--url", service.url());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests())
                .singleElement()
                .extracting(Request::rawPath)
                .isEqualTo(PATH + "('u%201-" + THUMBPRINT + "')");
    }

    @Test
    void deleteNeedsExactlyOneFormOfTheId() {
        Cli.Result neither = Cli.run("pfx", "delete", "--url", service.url());
        Cli.Result both = Cli.run("pfx", "delete", "u1-ABC", "--user-id", "u1", "--thumbprint", THUMBPRINT);
        Cli.Result badThumbprint = Cli.run("pfx", "delete", "--user-id", "u1", "--thumbprint", "xyz");

        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give the certificate's ID, or both --user-id and --thumbprint");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(badThumbprint.exitCode()).isEqualTo(2);
        assertThat(badThumbprint.err()).contains("40 digits");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void deleteOfAnUnknownIdReportsTheProblem() {
        service.respond(
                request -> Response.problem(404, "Not Found", "no userPfxCertificate u1-ABC", "certificateNotFound"));

        Cli.Result result = Cli.run("pfx", "delete", "u1-ABC", "--url", service.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("404 Not Found: no userPfxCertificate u1-ABC (errorCode: certificateNotFound)");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void showPrintsTheFieldsAndOnlyTheSizeOfTheEncryptedParts() throws IOException {
        service.respond(request -> Response.json(200, certificate("u1", "alice@contoso.com", THUMBPRINT)));

        Cli.Result text = Cli.run("pfx", "show", "u1-" + THUMBPRINT, "--url", service.url());
        Cli.Result json = Cli.run("pfx", "show", "u1-" + THUMBPRINT, "--url", service.url(), "--json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(service.requests().get(0).method()).isEqualTo("GET");
        assertThat(service.requests().get(0).rawPath()).isEqualTo(PATH + "('u1-" + THUMBPRINT + "')");
        assertThat(text.out())
                .containsPattern("thumbprint: +" + THUMBPRINT)
                .containsPattern("userPrincipalName: +alice@contoso.com")
                .containsPattern("encryptedPfxBlob: +\\(5 bytes\\)")
                .doesNotContain("AAECAwQ=");
        assertThat(json.exitCode()).isZero();
        assertThat(FakeService.JSON.readTree(json.out()).get("encryptedPfxBlob").asText())
                .isEqualTo("AAECAwQ=");
    }
}
