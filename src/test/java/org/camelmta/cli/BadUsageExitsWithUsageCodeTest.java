package org.camelmta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.camelmta.support.Cli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scripts rely on the documented exit codes: bad usage is 64 (EX_USAGE), with the reason on stderr. */
class BadUsageExitsWithUsageCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"bounce", "delete --domain a.example --id X", "flush --all --domain a.example",
            "send --no-such-option", "no-such-command", "queue --timeout"})
    void badUsageExits64AndSaysWhy(String args) {
        Cli.Result run = Cli.run(args.split(" "));

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).containsAnyOf("Missing required", "mutually exclusive", "Unknown option",
                "Unmatched argument", "Missing required parameter");
    }
}
