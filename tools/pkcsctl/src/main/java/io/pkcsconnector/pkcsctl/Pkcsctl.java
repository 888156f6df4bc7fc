package io.pkcsconnector.pkcsctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pkcsconnector.pki.PfxImportException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code pkcsctl}: the administrator's command line for the PKCS connector's services. */
@Command(
        name = "pkcsctl",
        mixinStandardHelpOptions = true,
        version = "pkcsctl 0.1.0",
        sortOptions = false,
        usageHelpWidth = 100,
        subcommands = {PfxCommand.class, CaCommand.class},
        description = {
            "Administers the PKCS connector. 'pkcsctl pfx' manages the pfx-import service: its import keys and the"
                    + " PFX files imported for users (Graph's userPFXCertificate). 'pkcsctl ca init' creates the CA"
                    + " keystore the workers share (for a Kubernetes Secret).",
            ""
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  PKCS_PFX_IMPORT_URL  default for --url",
            "  PKCS_TOKEN           default admin token when neither --token nor --token-file is given",
            "",
            "Exit status: 0 on success, 1 when the service refuses a call or a local check fails (e.g. the PFX"
                    + " password is wrong), 2 for invalid arguments or a missing token."
        })
public final class Pkcsctl {

    static final String DEFAULT_URL = "http://127.0.0.1:8083";
    static final String URL_VARIABLE = "PKCS_PFX_IMPORT_URL";
    static final String TOKEN_VARIABLE = "PKCS_TOKEN";

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description =
                    "Base URL of the pfx-import service (default: $" + URL_VARIABLE + ", else " + DEFAULT_URL + ").")
    String url;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "JWT",
            description = "Admin bearer token (default: $" + TOKEN_VARIABLE + "). Other local users can see"
                    + " command lines; prefer --token-file or the variable.")
    String token;

    @Option(
            names = "--token-file",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "File holding the admin bearer token.")
    Path tokenFile;

    @Option(
            names = "--max-retries",
            scope = ScopeType.INHERIT,
            paramLabel = "N",
            defaultValue = "5",
            description = "Retries of a call the service answers with 429 or 503, after its Retry-After"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxRetries;

    final ObjectMapper json = new ObjectMapper();

    private final Map<String, String> environment;

    Pkcsctl(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line in-process, writing to the given streams; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with the environment variables to use. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        try {
            return new CommandLine(new Pkcsctl(environment))
                    .setOut(outWriter)
                    .setErr(errWriter)
                    .setParameterExceptionHandler(Pkcsctl::invalidInput)
                    .setExecutionExceptionHandler(Pkcsctl::failed)
                    .execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** A client for the command being run, with the connection options wherever on the line they were given. */
    PfxImportClient client(CommandSpec command) {
        if (maxRetries < 0) {
            throw new ParameterException(command.commandLine(), "--max-retries must be 0 or more");
        }
        return new PfxImportClient(
                serviceUrl(command),
                token(command),
                maxRetries,
                command.commandLine().getErr(),
                json);
    }

    private URI serviceUrl(CommandSpec command) {
        String value = url != null ? url : environment.getOrDefault(URL_VARIABLE, DEFAULT_URL);
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "invalid service URL '" + value + "'");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ParameterException(
                    command.commandLine(),
                    "invalid service URL '" + value + "': expected http(s)://host[:port], e.g. " + DEFAULT_URL);
        }
        return uri;
    }

    private String token(CommandSpec command) {
        if (token != null && tokenFile != null) {
            throw new ParameterException(command.commandLine(), "give --token or --token-file, not both");
        }
        String value;
        String source;
        if (token != null) {
            value = token;
            source = "--token";
        } else if (tokenFile != null) {
            try {
                value = Files.readString(tokenFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailedException("cannot read --token-file " + tokenFile + ": " + e);
            }
            source = "--token-file " + tokenFile;
        } else {
            value = environment.get(TOKEN_VARIABLE);
            source = "$" + TOKEN_VARIABLE;
        }
        if (value == null || value.isBlank()) {
            throw new ParameterException(
                    command.commandLine(),
                    (value == null ? "no admin token" : "the admin token from " + source + " is empty")
                            + ": give --token-file FILE or --token JWT, or set " + TOKEN_VARIABLE);
        }
        String stripped = value.strip();
        if (stripped.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
            throw new ParameterException(
                    command.commandLine(),
                    "the admin token from " + source + " contains whitespace or control characters");
        }
        return stripped;
    }

    /**
     * Invalid arguments: the message and a pointer to the help, rather than picocli's full usage text, in
     * which the message is easily lost. A command group without its subcommand shows its usage instead.
     */
    private static int invalidInput(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("pkcsctl: " + e.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            if (!command.getSubcommands().isEmpty()) {
                command.usage(err);
            } else {
                err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
        }
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failed(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (e instanceof ServiceException || e instanceof CommandFailedException || e instanceof PfxImportException) {
            err.println("pkcsctl: " + e.getMessage());
        } else {
            // A bug rather than a refusal: the class name helps the report, the stack trace would bury it.
            err.println("pkcsctl: unexpected error: " + e);
        }
        return command.getCommandSpec().exitCodeOnExecutionException();
    }
}
