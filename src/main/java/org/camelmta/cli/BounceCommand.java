package org.camelmta.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bounce}: give up on deferred mail now; each sender gets a bounce (Exim -Mg, KumoMTA bounce). */
@Command(name = "bounce", mixinStandardHelpOptions = true,
         description = "Bounce deferred mail now, with a notice to each sender: one destination or one message.")
public class BounceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @ArgGroup(multiplicity = "1")
    DomainOrMessage target;

    @Override
    public Integer call() {
        return MessagesCommands.run(control, spec, target.request("bounce"), "bounced");
    }
}
