package io.pkcsconnector.pkcsctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pkcsconnector.pkcsctl.FakeService.Request;
import io.pkcsconnector.pkcsctl.FakeService.Response;
import io.pkcsconnector.pki.ImportKeys;
import io.pkcsconnector.pki.ImportPaddingScheme;
import io.pkcsconnector.pki.ImportedPasswordDecryptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportCommandTest {

    /** Latin-1 beyond ASCII: one byte per character on the wire, two in the UTF-8 password file. */
    private static final String PASSWORD = "Pässwörd-§1";

    private static final String KEY_PATH = "/v1/pfx-import/keys/contoso/pfx1";
    private static final String CERTIFICATES_PATH = "/beta/deviceManagement/userPfxCertificates";

    @TempDir
    static Path dir;

    private static TestPfx pfx;
    private static KeyPair importKey;
    private static Path passwordFile;

    private final FakeService service = new FakeService();

    @BeforeAll
    static void createPfxAndImportKey() {
        pfx = TestPfx.create(dir, "alice", PASSWORD);
        passwordFile = TestPfx.passwordFile(dir, "alice.pass", PASSWORD);
        importKey = ImportKeys.generate();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    /** The service's side: the import key, and an import that answers with the stored entity. */
    private void serveImports() {
        service.respond(request -> {
            if (request.method().equals("GET") && request.rawPath().equals(KEY_PATH)) {
                return Response.json(
                        200,
                        FakeService.JSON
                                .createObjectNode()
                                .put("providerName", "contoso")
                                .put("keyName", "pfx1")
                                .put("keySize", 2048)
                                .put("publicKey", ImportKeys.publicKeyPem(importKey.getPublic()))
                                .put("createdDateTime", "2026-01-01T00:00:00Z"));
            }
            if (request.method().equals("POST") && request.rawPath().equals(CERTIFICATES_PATH)) {
                ObjectNode entity = ((ObjectNode) request.json()).deepCopy();
                entity.put("id", "u1-" + entity.get("thumbprint").asText())
                        .put("createdDateTime", "2026-01-02T00:00:00Z")
                        .put("lastModifiedDateTime", "2026-01-02T00:00:00Z");
                return Response.json(201, entity);
            }
            return Response.problem(404, "Not Found", "unexpected " + request.method() + " " + request.uri(), null);
        });
    }

    private String[] importArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "pfx",
                "import",
                "--url",
                service.url(),
                "--pfx",
                pfx.file().toString(),
                "--password-file",
                passwordFile.toString(),
                "--upn",
                "alice@contoso.com",
                "--purpose",
                "smimeEncryption",
                "--provider",
                "contoso",
                "--key-name",
                "pfx1"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private Request importRequest() {
        return service.requests().stream()
                .filter(r -> r.method().equals("POST"))
                .findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oaepSha256", "oaepSha512"})
    void sendsTheCertificateFactsAndAPasswordOnlyTheImportKeyOpens(String padding) {
        serveImports();

        Cli.Result result = Cli.run(importArgs("--padding", padding));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("u1-" + pfx.thumbprint());
        JsonNode body = importRequest().json();
        assertThat(body.get("@odata.type").asText()).isEqualTo("#microsoft.graph.userPFXCertificate");
        assertThat(body.get("thumbprint").asText()).isEqualTo(pfx.thumbprint()).matches("[0-9A-F]{40}");
        assertThat(body.get("startDateTime").asText()).isEqualTo(pfx.notBefore());
        assertThat(body.get("expirationDateTime").asText()).isEqualTo(pfx.notAfter());
        assertThat(body.get("intendedPurpose").asText()).isEqualTo("smimeEncryption");
        assertThat(body.get("userPrincipalName").asText()).isEqualTo("alice@contoso.com");
        assertThat(body.get("providerName").asText()).isEqualTo("contoso");
        assertThat(body.get("keyName").asText()).isEqualTo("pfx1");
        assertThat(body.get("paddingScheme").asText()).isEqualTo(padding);
        assertThat(body.has("userId")).isFalse();
        assertThat(Base64.getDecoder().decode(body.get("encryptedPfxBlob").asText()))
                .isEqualTo(pfx.bytes());

        char[] decrypted = ImportedPasswordDecryptor.decrypt(
                body.get("encryptedPfxPassword").asText(),
                importKey.getPrivate(),
                ImportPaddingScheme.fromWireName(body.get("paddingScheme").asText()));
        assertThat(new String(decrypted)).isEqualTo(PASSWORD);

        assertThat(service.requests())
                .extracting(Request::method, Request::rawPath)
                .containsExactly(tuple("GET", KEY_PATH), tuple("POST", CERTIFICATES_PATH));
        assertThat(service.requests())
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + Cli.TOKEN));
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
    }

    @Test
    void encryptsWithOaepSha512UnlessToldOtherwise() {
        serveImports();

        Cli.Result result = Cli.run(importArgs());

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode body = importRequest().json();
        assertThat(body.get("paddingScheme").asText()).isEqualTo("oaepSha512");
        char[] decrypted = ImportedPasswordDecryptor.decrypt(
                body.get("encryptedPfxPassword").asText(), importKey.getPrivate(), ImportPaddingScheme.OAEP_SHA512);
        assertThat(new String(decrypted)).isEqualTo(PASSWORD);
    }

    @Test
    void sendsTheUserIdWhenGivenAndPrintsTheEntityAsJson() {
        serveImports();

        Cli.Result result = Cli.run(importArgs("--user-id", "5f1c0e9a-0000-4000-8000-000000000001", "--json"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(importRequest().json().get("userId").asText()).isEqualTo("5f1c0e9a-0000-4000-8000-000000000001");
        JsonNode printed = json(result.out());
        assertThat(printed.get("id").asText()).isEqualTo("u1-" + pfx.thumbprint());
        assertThat(printed.get("createdDateTime").asText()).isEqualTo("2026-01-02T00:00:00Z");
    }

    @Test
    void aWrongPasswordFailsLocallyBeforeAnyCall() {
        serveImports();
        Path wrong = TestPfx.passwordFile(dir, "wrong.pass", "not-the-password");

        Cli.Result result = Cli.run(replace(importArgs(), passwordFile.toString(), wrong.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("wrongPassword").contains(pfx.file().toString());
        assertThat(result.err()).doesNotContain("not-the-password");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void aCorruptPfxFailsLocallyBeforeAnyCall() throws IOException {
        serveImports();
        Path corrupt = Files.write(dir.resolve("corrupt.pfx"), "not a PKCS#12 file".getBytes(StandardCharsets.UTF_8));

        Cli.Result result = Cli.run(replace(importArgs(), pfx.file().toString(), corrupt.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("corruptPfx");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void refusesAPasswordWithACharacterAboveLatin1() {
        serveImports();
        Path euro = TestPfx.passwordFile(dir, "euro.pass", "price-in-€");

        Cli.Result result = Cli.run(replace(importArgs(), passwordFile.toString(), euro.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("above U+00FF")
                .contains("position 10")
                .doesNotContain("price-in");
        assertThat(service.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs1", "oaepSha1"})
    void refusesPaddingSchemesThatAreNoLongerSupported(String padding) {
        serveImports();

        Cli.Result result = Cli.run(importArgs("--padding", padding));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'" + padding + "' is no longer supported");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void refusesAnUnknownPurpose() {
        serveImports();

        Cli.Result result = Cli.run(replace(importArgs(), "smimeEncryption", "email"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--purpose must be one of unassigned, smimeEncryption");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void anUnknownImportKeyStopsBeforeTheImport() {
        service.respond(request -> Response.problem(404, "Not Found", "no import key contoso/pfx1", null));

        Cli.Result result = Cli.run(importArgs());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("404 Not Found: no import key contoso/pfx1");
        assertThat(service.requests()).extracting(Request::method).containsExactly("GET");
    }

    @Test
    void aRefusedImportPrintsTheProblemWithItsErrorCode() {
        service.respond(request -> request.method().equals("GET")
                ? Response.json(
                        200,
                        FakeService.JSON
                                .createObjectNode()
                                .put("publicKey", ImportKeys.publicKeyPem(importKey.getPublic())))
                : Response.problem(
                        422,
                        "Unprocessable Content",
                        "the certificate's thumbprint is not the one given",
                        "thumbprintMismatch"));

        Cli.Result result = Cli.run(importArgs());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("422 Unprocessable Content: the certificate's thumbprint is not the one given")
                .contains("thumbprintMismatch");
        assertThat(result.out()).isEmpty();
    }

    private static String[] replace(String[] args, String from, String to) {
        return Arrays.stream(args).map(a -> a.equals(from) ? to : a).toArray(String[]::new);
    }

    private static JsonNode json(String text) {
        try {
            return FakeService.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
