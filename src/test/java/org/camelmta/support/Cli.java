package org.camelmta.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.camelmta.app.CamelMta;
import picocli.CommandLine;

/** Runs the {@code camel-mta} command line in this JVM, as an operator would, and keeps what it printed. */
public final class Cli {

    private Cli() {
    }

    /** What one command did: its exit code and everything it wrote to stdout and stderr. */
    public record Result(int exit, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CamelMta.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
