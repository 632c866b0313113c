package org.camelmta.cli;

import java.util.concurrent.Callable;
import org.camelmta.control.ControlRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flush}: try deferred mail now, whatever its retry time (Exim -M / -R, postqueue -f). */
@Command(name = "flush", mixinStandardHelpOptions = true,
         description = "Deliver deferred mail now: one destination, one message, or all.")
public class FlushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @ArgGroup(multiplicity = "1")
    Target target;

    static class Target extends DomainOrMessage {
        @Option(names = "--all", description = "Everything deferred.")
        boolean all;
    }

    @Override
    public Integer call() {
        ControlRequest r = new ControlRequest("flush", target.domain, target.id, target.all ? Boolean.TRUE : null, null, null,
                null);
        return MessagesCommands.run(control, spec, r, "released");
    }
}
