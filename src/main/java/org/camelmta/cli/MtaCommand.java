package org.camelmta.cli;

import picocli.CommandLine.Command;

/** The top of {@code java -jar camel-mta.jar}: the subcommands are added by the entry point. */
@Command(name = "camel-mta", mixinStandardHelpOptions = true, versionProvider = Version.class,
         description = "The outbound mail engine for Camel and JMS shops.%n"
                 + "Without a command, 'run' starts the engine.",
         subcommandsRepeatable = false)
public class MtaCommand {
}
