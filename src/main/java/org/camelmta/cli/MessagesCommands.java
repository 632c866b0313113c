package org.camelmta.cli;

import java.io.PrintWriter;
import org.camelmta.control.ControlRequest;
import picocli.CommandLine.Model.CommandSpec;

/** The shared tail of flush, delete and bounce: call, then say how many messages it touched. */
final class MessagesCommands {

    private MessagesCommands() {
    }

    static int run(ControlOptions control, CommandSpec spec, ControlRequest request, String verbed) {
        PrintWriter out = spec.commandLine().getOut();
        ControlOptions.Outcome o = control.call(request, out, spec.commandLine().getErr());
        if (o.ok() && !control.json) {
            long n = o.result().path("messages").asLong();
            out.println(n + (n == 1 ? " message " : " messages ") + verbed);
        }
        return o.exitCode();
    }

    /** A request naming a domain or a message; picocli's groups make sure exactly one is given. */}
