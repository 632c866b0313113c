package org.camelmta.cli;

import java.util.concurrent.Callable;
import org.camelmta.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code resume}: end a suspension; mail due meanwhile goes now, the rest keeps its retry times. */
@Command(name = "resume", mixinStandardHelpOptions = true,
         description = "Resume a suspended destination; its due mail is released at once.")
public class ResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The destination domain.")
    String domain;

    @Override
    public Integer call() {
        ControlOptions.Outcome o = control.call(ControlRequest.forDomain("resume", domain), spec.commandLine().getOut(),
                spec.commandLine().getErr());
        if (o.ok() && !control.json) {
            spec.commandLine().getOut().println(domain + " resumed");
        }
        return o.exitCode();
    }
}
