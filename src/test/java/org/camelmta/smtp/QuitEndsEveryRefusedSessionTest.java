package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camelmta.smtp.SmtpTestSupport.sessionOptions;

import java.io.IOException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.camelmta.dns.Hop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 5321 §4.1.1.10 and §3.1: a session the client gives up on because the server refused it
 * (a 554 greeting, EHLO and HELO refused, STARTTLS refused where TLS is required) still ends
 * with QUIT, and its reply is read, rather than a bare close.
 */
class QuitEndsEveryRefusedSessionTest {

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("554 greeting", "554 5.7.1 no mail from you", Phase.GREETING,
                        (UnaryOperator<String>) line -> line.equals("QUIT") ? "221 2.0.0 bye" : "503 5.5.1 go away"),
                Arguments.of("EHLO and HELO refused", "220 refusing ESMTP", Phase.EHLO,
                        (UnaryOperator<String>) line -> line.equals("QUIT") ? "221 2.0.0 bye" : "550 5.7.1 not you"),
                Arguments.of("STARTTLS refused, TLS required", "220 refusing ESMTP", Phase.STARTTLS,
                        (UnaryOperator<String>) line -> switch (line.split(" ")[0]) {
                            case "EHLO" -> "250-refusing\n250 STARTTLS";
                            case "STARTTLS" -> "454 4.7.0 TLS not available";
                            case "QUIT" -> "221 2.0.0 bye";
                            default -> "503 5.5.1 what";
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void theRefusedSessionEndsWithQuit(String name, String greeting, Phase phase, UnaryOperator<String> script)
            throws IOException {
        try (ScriptedServer server = new ScriptedServer(greeting, script)) {
            Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
            assertThatThrownBy(() -> SmtpSession.open(hop, null, sessionOptions(TlsPolicy.REQUIRE)))
                    .isInstanceOfSatisfying(SmtpFailure.class, f -> assertThat(f.phase()).isEqualTo(phase));
            assertThat(server.lines()).last().isEqualTo("QUIT");
        }
    }
}
