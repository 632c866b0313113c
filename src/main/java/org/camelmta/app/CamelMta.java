package org.camelmta.app;

import org.camelmta.cli.BounceCommand;
import org.camelmta.cli.DeleteCommand;
import org.camelmta.cli.EventsCommand;
import org.camelmta.cli.ExitCodes;
import org.camelmta.cli.FlushCommand;
import org.camelmta.cli.MtaCommand;
import org.camelmta.cli.QueueCommand;
import org.camelmta.cli.ResumeCommand;
import org.camelmta.cli.SendCommand;
import org.camelmta.cli.ShowCommand;
import org.camelmta.cli.SmtpSinkCommand;
import org.camelmta.cli.SuspendCommand;
import picocli.CommandLine;

/** {@code java -jar camel-mta.jar [command]}: the engine and its tools. */
public final class CamelMta {

    private CamelMta() {
    }

    public static void main(String[] args) {
        // dnsjava closes its selector from a JVM shutdown hook of its own, under the deliveries
        // (and health checks) that the engine's graceful stop is still finishing; its selector
        // thread is a daemon, so without the hook it simply ends with the JVM.
        if (System.getProperty("dnsjava.nio.register_shutdown_hook") == null) {
            System.setProperty("dnsjava.nio.register_shutdown_hook", "false");
        }
        System.exit(commandLine().execute(args.length == 0 ? new String[] {"run"} : args));
    }

    /** The full command tree (the entry point adds the commands that need the engine itself). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MtaCommand())
                .addSubcommand(new RunCommand())
                .addSubcommand(new SendCommand())
                .addSubcommand(new SmtpSinkCommand())
                .addSubcommand(new QueueCommand())
                .addSubcommand(new ShowCommand())
                .addSubcommand(new FlushCommand())
                .addSubcommand(new DeleteCommand())
                .addSubcommand(new BounceCommand())
                .addSubcommand(new SuspendCommand())
                .addSubcommand(new ResumeCommand())
                .addSubcommand(new EventsCommand())
                .addSubcommand(new DkimRecordCommand())
                .addSubcommand(new org.camelmta.app.bench.BenchCommand());
        // Bad usage exits 64 (EX_USAGE) as the documented exit codes say, not picocli's 2.
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE));
        return cli;
    }
}
