package org.camelmta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.camelmta.app.CamelMta;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Scripts rely on the documented exit codes: bad usage is 64 (EX_USAGE), with the reason on stderr. */
class BadUsageExitsWithUsageCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"bounce", "delete --domain a.example --id X", "flush --all --domain a.example",
            "send --no-such-option", "no-such-command", "queue --timeout"})
    void badUsageExits64AndSaysWhy(String args) {
        StringWriter err = new StringWriter();
        CommandLine cli = CamelMta.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute(args.split(" "));

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).containsAnyOf("Missing required", "mutually exclusive", "Unknown option",
                "Unmatched argument", "Missing required parameter");
    }
}
