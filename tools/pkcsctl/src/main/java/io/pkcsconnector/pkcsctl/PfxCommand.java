package io.pkcsconnector.pkcsctl;

import picocli.CommandLine.Command;

/** {@code pkcsctl pfx}: the pfx-import service. */
@Command(
        name = "pfx",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        subcommands = {
            KeysCommand.class,
            ImportCommand.class,
            CertificateCommands.ListCertificates.class,
            CertificateCommands.ShowCertificate.class,
            CertificateCommands.DeleteCertificate.class
        },
        description = {
            "PFX import: import keys, and PFX files imported for users.",
            "",
            "Imports PFX files for users as Intune's PFX import (Graph userPFXCertificate) does. The PFX is"
                    + " checked locally with its password, and the password is encrypted locally with the service's"
                    + " import key, so it never travels in the clear.",
            "",
            "Typical sequence:",
            "  pkcsctl pfx keys create --provider contoso --key-name pfx1 > pfx1.pem",
            "  pkcsctl pfx import --pfx alice.pfx --password-file alice.pass --upn alice@contoso.com \\",
            "      --purpose smimeEncryption --provider contoso --key-name pfx1",
            "  pkcsctl pfx list --upn alice@contoso.com",
            ""
        })
final class PfxCommand {}
