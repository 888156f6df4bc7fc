package io.pkcsconnector.pkcsctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pkcsconnector.pkcsctl.FakeService.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --url, --token, --token-file and their environment variables, wherever on the command line. */
class ConnectionOptionsTest {

    @TempDir
    Path dir;

    private final FakeService service = new FakeService();

    @BeforeEach
    void serveAnEmptyList() {
        service.respond(request -> Response.json(200, "{\"value\":[]}"));
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    @Test
    void aMissingTokenIsAUsageErrorWithAClearMessage() {
        Cli.Result result = Cli.runWithEnvironment(Map.of(), "pfx", "keys", "list", "--url", service.url());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("no admin token: give --token-file FILE or --token JWT, or set PKCS_TOKEN")
                .contains("pkcsctl pfx keys list --help");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void anEmptyTokenFileIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "\n");

        Cli.Result result = Cli.runWithEnvironment(
                Map.of(), "pfx", "keys", "list", "--url", service.url(), "--token-file", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("the admin token from --token-file " + file + " is empty");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void theTokenFileIsReadWithoutItsLineBreak() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "eyJ.from-file.sig\n");

        Cli.Result result = Cli.runWithEnvironment(
                Map.of(Pkcsctl.TOKEN_VARIABLE, "from-environment"),
                "pfx",
                "keys",
                "list",
                "--url",
                service.url(),
                "--token-file",
                file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests().get(0).header("Authorization")).isEqualTo("Bearer eyJ.from-file.sig");
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommandToo() {
        Cli.Result result = Cli.runWithEnvironment(
                Map.of(), "--url", service.url(), "--token", "eyJ.on-the-line.sig", "pfx", "keys", "list");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests().get(0).header("Authorization")).isEqualTo("Bearer eyJ.on-the-line.sig");
    }

    @Test
    void theUrlComesFromTheEnvironmentWhenNotGiven() {
        Cli.Result result = Cli.runWithEnvironment(
                Map.of(Pkcsctl.TOKEN_VARIABLE, "t", Pkcsctl.URL_VARIABLE, service.url() + "/"), "pfx", "keys", "list");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(service.requests().get(0).rawPath()).isEqualTo("/v1/pfx-import/keys");
    }

    @Test
    void tokenAndTokenFileTogetherAreAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "a");

        Cli.Result result =
                Cli.run("pfx", "keys", "list", "--url", service.url(), "--token", "b", "--token-file", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("give --token or --token-file, not both");
    }

    @Test
    void anInvalidUrlIsAUsageError() {
        Cli.Result result = Cli.run("pfx", "keys", "list", "--url", "127.0.0.1:8083");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("invalid service URL '127.0.0.1:8083'");
    }

    @Test
    void anUnreachableServiceIsNamed() {
        String url = service.url();
        service.close();

        Cli.Result result = Cli.run("pfx", "keys", "list", "--url", url);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cannot connect to " + url);
    }

    @Test
    void anErrorAnswerThatIsNotAProblemStillShowsItsStatusAndBody() {
        service.respond(request -> new Response(502, Map.of("Content-Type", "text/plain"), "upstream went away"));

        Cli.Result result = Cli.run("pfx", "keys", "list", "--url", service.url());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("502 Bad Gateway: upstream went away");
    }

    @Test
    void helpDescribesTheCommands() {
        Cli.Result top = Cli.runWithEnvironment(Map.of(), "--help");
        Cli.Result missingSubcommand = Cli.runWithEnvironment(Map.of(), "pfx");

        assertThat(top.exitCode()).isZero();
        assertThat(top.out())
                .contains("--token-file=FILE")
                .contains("PKCS_PFX_IMPORT_URL")
                .contains("pfx");
        assertThat(missingSubcommand.exitCode()).isEqualTo(2);
        assertThat(missingSubcommand.err())
                .contains("Missing required subcommand")
                .contains("keys")
                .contains("import")
                .contains("delete");
    }
}
