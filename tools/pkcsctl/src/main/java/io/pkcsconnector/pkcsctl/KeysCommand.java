package io.pkcsconnector.pkcsctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pkcsctl pfx keys}: the import key pairs whose public keys encrypt PFX passwords. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        subcommands = {KeysCommand.CreateKey.class, KeysCommand.ListKeys.class, KeysCommand.ShowKey.class},
        description = {
            "Import keys: create, list and show.",
            "",
            "The import keys are RSA key pairs the service keeps, named by provider and key name. Importing a"
                    + " PFX encrypts its password with one of their public keys; only the service can decrypt it.",
            ""
        })
final class KeysCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            usageHelpWidth = 100,
            description = {
                "Creates an import key pair and prints its public key (PEM).",
                "",
                "The service generates and keeps the key pair; the public key is printed so that it can be"
                        + " redirected into a file for other tools.",
                ""
            })
    static final class CreateKey extends ServiceCommand implements Callable<Integer> {

        @Option(names = "--provider", required = true, paramLabel = "NAME", description = "Provider name.")
        String providerName;

        @Option(names = "--key-name", required = true, paramLabel = "NAME", description = "Key name.")
        String keyName;

        @Option(
                names = "--key-size",
                paramLabel = "BITS",
                description = "RSA modulus size: 2048, 3072 or 4096 (default: the service's, 2048).")
        Integer keySize;

        @Option(names = "--json", description = "Print the whole key object as JSON instead of the PEM.")
        boolean json;

        @Override
        public Integer call() {
            if (keySize != null && keySize != 2048 && keySize != 3072 && keySize != 4096) {
                throw invalid("--key-size must be 2048, 3072 or 4096, not " + keySize);
            }
            printKey(this, client().createKey(providerName, keyName, keySize), json);
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            usageHelpWidth = 100,
            description = {"Lists the import keys.", ""})
    static final class ListKeys extends ServiceCommand implements Callable<Integer> {

        @Option(names = "--json", description = "Print a JSON array of the key objects instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            List<JsonNode> keys = client().listKeys();
            if (json) {
                printJson(keys);
                return 0;
            }
            Table table = new Table("PROVIDER", "KEY NAME", "KEY SIZE", "CREATED");
            keys.forEach(key -> table.row(
                    text(key, "providerName"),
                    text(key, "keyName"),
                    text(key, "keySize"),
                    text(key, "createdDateTime")));
            table.print(out());
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            usageHelpWidth = 100,
            description = {"Prints the public key (PEM) of an import key.", ""})
    static final class ShowKey extends ServiceCommand implements Callable<Integer> {

        @Option(names = "--provider", required = true, paramLabel = "NAME", description = "Provider name.")
        String providerName;

        @Option(names = "--key-name", required = true, paramLabel = "NAME", description = "Key name.")
        String keyName;

        @Option(names = "--json", description = "Print the whole key object as JSON instead of the PEM.")
        boolean json;

        @Override
        public Integer call() {
            printKey(this, client().getKey(providerName, keyName), json);
            return 0;
        }
    }

    private static void printKey(ServiceCommand command, JsonNode key, boolean json) {
        if (json) {
            command.printJson(key);
            return;
        }
        String pem = ServiceCommand.text(key, "publicKey");
        if (pem.isEmpty()) {
            throw new ServiceException("the service's key object has no publicKey");
        }
        command.out().print(pem.endsWith("\n") ? pem : pem + "\n");
        command.out().flush();
    }
}
