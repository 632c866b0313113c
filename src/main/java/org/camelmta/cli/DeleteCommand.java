package org.camelmta.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code delete}: remove deferred mail without telling anyone (postsuper -d). */
@Command(name = "delete", mixinStandardHelpOptions = true,
         description = "Delete deferred mail, without a bounce: one destination or one message.")
public class DeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @ArgGroup(multiplicity = "1")
    DomainOrMessage target;

    @Override
    public Integer call() {
        return MessagesCommands.run(control, spec, target.request("delete"), "deleted");
    }
}
