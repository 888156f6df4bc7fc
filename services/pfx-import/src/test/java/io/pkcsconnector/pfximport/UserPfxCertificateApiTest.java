package io.pkcsconnector.pfximport;

import static io.pkcsconnector.pfximport.Fixtures.PROVIDER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.pkcsconnector.pfximport.Fixtures.Pfx;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.OpenSsl;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.pkcsconnector.testresources.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Graph surface and the import keys: what is accepted, what is refused and why, and that a refused import
 * stores nothing and never echoes the password.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
class UserPfxCertificateApiTest {

    private static final String ENTITY_SET = "/beta/deviceManagement/userPfxCertificates";

    @TempDir
    Path dir;

    private String tenant;
    private String publicKey;

    @BeforeEach
    void tenantWithKey() {
        tenant = "tenant-" + UUID.randomUUID();
        publicKey = Fixtures.importKey(tenant, "smime");
    }

    @Test
    void importKeysAreRsaOfTheAskedSizeNeverReplacedAndReadableByOpenSsl() throws IOException {
        String pem = given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .accept("application/x-pem-file")
                .body(Map.of("providerName", PROVIDER, "keyName", "big", "keySize", 4096))
                .post("/v1/pfx-import/keys")
                .then()
                .statusCode(201)
                .header("Location", containsString("/v1/pfx-import/keys/"))
                .extract()
                .asString();
        Files.writeString(dir.resolve("big.pem"), pem);
        assertThat(OpenSsl.run(dir, "pkey", "-pubin", "-in", "big.pem", "-noout", "-text"))
                .contains("Public-Key: (4096 bit)");
        Files.writeString(dir.resolve("default.pem"), publicKey);
        assertThat(OpenSsl.run(dir, "pkey", "-pubin", "-in", "default.pem", "-noout", "-text"))
                .contains("Public-Key: (2048 bit)");

        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(Map.of("providerName", PROVIDER, "keyName", "smime"))
                .post("/v1/pfx-import/keys")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pkcs-connector.dev/problems/import-key-exists"));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(Map.of("providerName", PROVIDER, "keyName", "odd", "keySize", 1024))
                .post("/v1/pfx-import/keys")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://pkcs-connector.dev/problems/invalid-key-size"));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(Map.of("keyName", "no-provider"))
                .post("/v1/pfx-import/keys")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://pkcs-connector.dev/problems/missing-property"));

        // The same public key from every read; never anything private.
        String listed = given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get("/v1/pfx-import/keys")
                .then()
                .statusCode(200)
                .body("value", hasSize(2))
                .body("value.keyName", org.hamcrest.Matchers.contains("big", "smime"))
                .extract()
                .asString();
        assertThat(listed).doesNotContain("PRIVATE", "wrapped");
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get("/v1/pfx-import/keys/" + PROVIDER + "/smime")
                .then()
                .statusCode(200)
                .body("publicKey", equalTo(publicKey))
                .body("keySize", equalTo(2048));
        // Another tenant neither sees nor uses it.
        given().auth()
                .oauth2(TestTokens.admin("other-" + tenant))
                .get("/v1/pfx-import/keys/" + PROVIDER + "/smime")
                .then()
                .statusCode(404);
    }

    @Test
    void theGraphJsonRoundTripsAndListsFilterAndPage() throws IOException {
        String userId = UUID.randomUUID().toString();
        String upn = "Carol.O'Brien@contoso.test";
        Pfx first = Fixtures.pfx(dir, "Carol 1", "one");
        Pfx second = Fixtures.pfx(dir, "Carol 2", "two");
        Pfx other = Fixtures.pfx(dir, "Dave", "three");
        JsonPath created = create(withUser(Fixtures.body(first, upn, "smime", publicKey, "oaepSha384"), userId))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        create(withUser(Fixtures.body(second, upn, "smime", publicKey, "oaepSha256"), userId))
                .then()
                .statusCode(201);
        // Enum members as the PowerShell module's serializer writes them (PascalCase) are accepted; answers are
        // canonical.
        Map<String, Object> pascal =
                withUser(Fixtures.body(other, "dave@contoso.test", "smime", publicKey, "oaepSha512"), "dave");
        pascal.put("intendedPurpose", "SmimeSigning");
        pascal.put("paddingScheme", "OaepSha512");
        create(pascal)
                .then()
                .statusCode(201)
                .body("intendedPurpose", equalTo("smimeSigning"))
                .body("paddingScheme", equalTo("oaepSha512"));

        // Every Graph field, in Graph's names; dates from the certificate; the PFX and ciphertext as sent.
        String id = userId + "-" + first.thumbprint();
        assertThat(created.getMap(""))
                .containsOnlyKeys(
                        "@odata.type",
                        "id",
                        "thumbprint",
                        "intendedPurpose",
                        "userPrincipalName",
                        "startDateTime",
                        "expirationDateTime",
                        "providerName",
                        "keyName",
                        "paddingScheme",
                        "encryptedPfxBlob",
                        "encryptedPfxPassword",
                        "createdDateTime",
                        "lastModifiedDateTime");
        assertThat(created.getString("'@odata.type'")).isEqualTo("#microsoft.graph.userPFXCertificate");
        assertThat(created.getString("id")).isEqualTo(id);
        assertThat(created.getString("paddingScheme")).isEqualTo("oaepSha384");
        assertThat(created.getString("intendedPurpose")).isEqualTo("smimeEncryption");
        String notAfter =
                OpenSsl.run(dir, "x509", "-in", first.file().toString().replace(".pfx", ".crt"), "-noout", "-enddate");
        assertThat(created.getString("expirationDateTime")).endsWith("Z");
        assertThat(notAfter)
                .contains(String.valueOf(java.time.Instant.parse(created.getString("expirationDateTime"))
                        .atZone(java.time.ZoneOffset.UTC)
                        .getYear()));
        JsonPath fetched = given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get(ENTITY_SET + "('" + id + "')")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(fetched.getMap("")).isEqualTo(created.getMap(""));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get(ENTITY_SET + "/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id));

        // $filter on the UPN ignores case and takes OData's doubled quote; $top pages with @odata.nextLink.
        String filter = "userPrincipalName eq 'carol.o''brien@CONTOSO.test'";
        List<String> ids = new ArrayList<>();
        Response page = given().auth()
                .oauth2(TestTokens.admin(tenant))
                .queryParam("$filter", filter)
                .queryParam("$top", 1)
                .get(ENTITY_SET);
        page.then().statusCode(200).body("value", hasSize(1));
        ids.add(page.jsonPath().getString("value[0].id"));
        String next = page.jsonPath().getString("'@odata.nextLink'");
        assertThat(next).contains("skiptoken=");
        // Followed as a client does: the link as given, not encoded again.
        Response last = given().urlEncodingEnabled(false)
                .auth()
                .oauth2(TestTokens.admin(tenant))
                .get(next);
        last.then().statusCode(200).body("value", hasSize(1));
        ids.add(last.jsonPath().getString("value[0].id"));
        assertThat(last.jsonPath().getString("'@odata.nextLink'")).isNull();
        assertThat(ids).containsExactlyInAnyOrder(id, userId + "-" + second.thumbprint());
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get(ENTITY_SET)
                .then()
                .statusCode(200)
                .body("value", hasSize(3))
                .body("'@odata.context'", containsString("$metadata#deviceManagement/userPfxCertificates"));
        // As the Intune PowerShell module asks: tolower(), the thumbprint term, lower-case hex.
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .queryParam(
                        "$filter",
                        "tolower(userPrincipalName) eq 'carol.o''brien@contoso.test' and tolower(thumbprint) eq '"
                                + second.thumbprint().toLowerCase(java.util.Locale.ROOT) + "'")
                .get(ENTITY_SET)
                .then()
                .statusCode(200)
                .body("value", hasSize(1))
                .body("value[0].thumbprint", equalTo(second.thumbprint()));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get(ENTITY_SET + "(" + userId + "-" + first.thumbprint().toLowerCase(java.util.Locale.ROOT) + ")")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .queryParam("$skiptoken", "AA")
                .get(ENTITY_SET)
                .then()
                .statusCode(400)
                .body("type", equalTo("https://pkcs-connector.dev/problems/invalid-characters"));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .queryParam("$filter", "userPrincipalName eq 'a' or thumbprint eq 'b'")
                .get(ENTITY_SET)
                .then()
                .statusCode(400)
                .body("type", equalTo("https://pkcs-connector.dev/problems/unsupported-filter"));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .queryParam("$filter", "startswith(userPrincipalName,'c')")
                .get(ENTITY_SET)
                .then()
                .statusCode(400)
                .body("type", equalTo("https://pkcs-connector.dev/problems/unsupported-filter"));

        // PATCH: a GET body sent back with one change is accepted; read-only fields cannot change.
        Map<String, Object> patch = fetched.getMap("");
        patch.put("intendedPurpose", "smimeSigning");
        JsonPath patched = given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(patch)
                .patch(ENTITY_SET + "('" + id + "')")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(patched.getString("intendedPurpose")).isEqualTo("smimeSigning");
        assertThat(patched.getString("createdDateTime")).isEqualTo(created.getString("createdDateTime"));
        assertThat(java.time.Instant.parse(patched.getString("lastModifiedDateTime")))
                .isAfterOrEqualTo(java.time.Instant.parse(created.getString("lastModifiedDateTime")));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(Map.of("thumbprint", second.thumbprint()))
                .patch(ENTITY_SET + "('" + id + "')")
                .then()
                .statusCode(422)
                .body("type", equalTo("https://pkcs-connector.dev/problems/read-only-property"));
        // The password re-encrypted under another padding must still open the same PFX.
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(Map.of(
                        "paddingScheme",
                        "oaepSha512",
                        "encryptedPfxPassword",
                        Fixtures.encryptPassword("one", publicKey, "oaepSha512")))
                .patch(ENTITY_SET + "('" + id + "')")
                .then()
                .statusCode(200)
                .body("paddingScheme", equalTo("oaepSha512"));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(Map.of("encryptedPfxPassword", Fixtures.encryptPassword("wrong", publicKey, "oaepSha512")))
                .patch(ENTITY_SET + "('" + id + "')")
                .then()
                .statusCode(422)
                .body("errorCode", equalTo("wrongPassword"));

        // The same certificate again for the same user is a conflict, not a second copy.
        create(withUser(Fixtures.body(first, upn, "smime", publicKey, "oaepSha256"), userId))
                .then()
                .statusCode(409)
                .body("type", equalTo("https://pkcs-connector.dev/problems/already-imported"));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .delete(ENTITY_SET + "('" + id + "')")
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .delete(ENTITY_SET + "/" + id)
                .then()
                .statusCode(404);
    }

    @Test
    void refusedImportsSayPreciselyWhyStoreNothingAndNeverEchoThePassword() throws IOException {
        Pfx pfx = Fixtures.pfx(dir, "Erin", "erin-password");
        String userId = "erin";
        String upn = "erin@contoso.test";

        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put(
                        "encryptedPfxPassword", Fixtures.encryptPassword("not-erin-password", publicKey, "oaepSha256")),
                "wrong-password",
                "wrongPassword");
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("paddingScheme", "oaepSha512"),
                "password-decryption-failed",
                "passwordDecryptionFailed");
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("keyName", "no-such-key"),
                "unknown-import-key",
                null);
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("paddingScheme", "pkcs1"),
                "unsupported-padding-scheme",
                null);
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("paddingScheme", "oaepSha1"),
                "unsupported-padding-scheme",
                null);
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("encryptedPfxBlob", "MIIBAgMEBQ=="),
                "corrupt-pfx",
                "corruptPfx");
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("encryptedPfxBlob", "not base64!"),
                "corrupt-pfx",
                null);
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("thumbprint", "00".repeat(20)),
                "thumbprint-mismatch",
                "thumbprintMismatch");
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("expirationDateTime", "2001-01-01T00:00:00Z"),
                "dates-mismatch",
                "datesMismatch");
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("startDateTime", "yesterday"),
                "invalid-property",
                null);
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("intendedPurpose", "email"),
                "invalid-intended-purpose",
                null);
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.remove("userPrincipalName"),
                "missing-property",
                null);
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), userId),
                body -> body.put("id", "someone-else"),
                "read-only-property",
                null);
        refused(
                withUser(Fixtures.body(pfx, upn, "smime", publicKey, "oaepSha256"), "{x}"),
                body -> {},
                "invalid-property",
                null);
        // No device names this user and no userId was given: the user's object id is unknown.
        refused(
                Fixtures.body(pfx, "nobody-" + UUID.randomUUID() + "@contoso.test", "smime", publicKey, "oaepSha256"),
                body -> {},
                "unknown-user",
                null);

        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get(ENTITY_SET)
                .then()
                .statusCode(200)
                .body("value", hasSize(0));
        // A PFX with a password that is one byte per character above ASCII, as the PowerShell module sends it.
        Pfx latin = Fixtures.pfx(dir, "Fran", "Grüße-ñ");
        create(withUser(Fixtures.body(latin, upn, "smime", publicKey, "oaepSha256"), userId))
                .then()
                .statusCode(201)
                .body("id", equalTo(userId + "-" + latin.thumbprint()));
    }

    @Test
    void everyEndpointNeedsAnAdminOfTheTenant() {
        given().get(ENTITY_SET).then().statusCode(401).contentType("application/problem+json");
        given().contentType("application/json")
                .body("{}")
                .post("/v1/pfx-import/keys")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.device(tenant, "device-1"))
                .get(ENTITY_SET)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.device(tenant, "device-1"))
                .get("/v1/pfx-import/keys")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.token(null, Set.of("admin"), "no-tenant"))
                .get(ENTITY_SET)
                .then()
                .statusCode(403)
                .body("type", equalTo("https://pkcs-connector.dev/problems/tenant-missing"));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body("{\"userPrincipalName\": [1, 2]}")
                .post(ENTITY_SET)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", not(containsString("Exception")));
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get(ENTITY_SET + "('no-such-id')")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(TestTokens.admin(tenant))
                .get(ENTITY_SET + "(unclosed")
                .then()
                .statusCode(400)
                .body("type", equalTo("https://pkcs-connector.dev/problems/invalid-key"));
    }

    private Response create(Map<String, Object> body) {
        return Fixtures.importPfx(tenant, body);
    }

    private static Map<String, Object> withUser(Map<String, Object> body, String userId) {
        body.put("userId", userId);
        return body;
    }

    private void refused(
            Map<String, Object> body,
            java.util.function.Consumer<Map<String, Object>> change,
            String type,
            String errorCode) {
        change.accept(body);
        Response response = create(body);
        response.then()
                .log()
                .ifValidationFails()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://pkcs-connector.dev/problems/" + type));
        if (errorCode != null) {
            response.then().body("errorCode", equalTo(errorCode));
        }
        assertThat(response.asString()).doesNotContain("erin-password", "Exception", "at io.");
    }
}
