package org.camelmta.cli;

import java.util.concurrent.Callable;
import org.camelmta.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code suspend}: hold a destination's mail; nothing is attempted until it is resumed. */
@Command(name = "suspend", mixinStandardHelpOptions = true,
         description = "Suspend a destination: its mail waits and nothing is attempted.")
public class SuspendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The destination domain.")
    String domain;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (shown in queue and in the deferral reply).")
    String reason;

    @Override
    public Integer call() {
        ControlOptions.Outcome o = control.call(new ControlRequest("suspend", domain, null, null, reason, null, null),
                spec.commandLine().getOut(), spec.commandLine().getErr());
        if (o.ok() && !control.json) {
            spec.commandLine().getOut().println(domain + " suspended");
        }
        return o.exitCode();
    }
}
