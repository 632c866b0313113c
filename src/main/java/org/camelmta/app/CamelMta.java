package org.camelmta.app;

import org.camelmta.cli.MtaCommand;
import org.camelmta.cli.SendCommand;
import org.camelmta.cli.SmtpSinkCommand;
import picocli.CommandLine;

/** {@code java -jar camel-mta.jar [command]}: the engine and its tools. */
public final class CamelMta {

    private CamelMta() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args.length == 0 ? new String[] {"run"} : args));
    }

    /** The full command tree (the entry point adds the commands that need the engine itself). */
    public static CommandLine commandLine() {
        return new CommandLine(new MtaCommand())
                .addSubcommand(new RunCommand())
                .addSubcommand(new SendCommand())
                .addSubcommand(new SmtpSinkCommand());
    }
}
