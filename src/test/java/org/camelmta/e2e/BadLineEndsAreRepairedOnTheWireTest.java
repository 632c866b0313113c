package org.camelmta.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.support.Unstamped;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad input RFC 5321 lets a sender repair rather than refuse: bare CR and bare LF line
 * ends, and a last line without one, are sent as CRLF (§2.3.8 says a receiver must not take
 * them for line ends; so they must not reach one that would). Sequences built to end the data
 * early at a receiver that reads line ends loosely (SMTP smuggling: {@code \n.\r\n},
 * {@code \r.\r}, {@code \n.\n}) arrive as content of one message: the receiving server sees one
 * transaction, never the commands smuggled inside. The repair is made once, at acceptance, so
 * a Bcc field behind a bare CR is a field there too, and is removed like any Bcc (which is
 * removed whether or not mtaRecipients names the recipients).
 */
class BadLineEndsAreRepairedOnTheWireTest {

    @TempDir
    static Path data;
    static Sinks sinks;
    static TestEngine engine;

    @BeforeAll
    static void start() throws Exception {
        sinks = Sinks.onLoopback(1);
        engine = TestEngine.builder(data).set("mta.routes.example.org", "[127.0.0.2]:" + sinks.port()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        sinks.close();
    }

    static Stream<Arguments> bodies() {
        String smuggled = "MAIL FROM:<evil@example.net>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\nsmuggled\r\n";
        return Stream.of(
                Arguments.of("bare LF", "Subject: lf\n\nline one\nline two\n",
                        "Subject: lf\r\n\r\nline one\r\nline two\r\n"),
                Arguments.of("bare CR", "Subject: cr\r\rline one\rline two\r",
                        "Subject: cr\r\n\r\nline one\r\nline two\r\n"),
                Arguments.of("mixed", "Subject: mixed\r\n\nA\rB\r\nC\n", "Subject: mixed\r\n\r\nA\r\nB\r\nC\r\n"),
                Arguments.of("no line end at the end", "Subject: end\r\n\r\nno end", "Subject: end\r\n\r\nno end\r\n"),
                Arguments.of("LF dot CRLF smuggling", "Subject: smuggle1\r\n\r\nhello\n.\r\n" + smuggled + ".\r\n",
                        "Subject: smuggle1\r\n\r\nhello\r\n.\r\n" + smuggled + ".\r\n"),
                Arguments.of("CR dot CR smuggling", "Subject: smuggle2\r\n\r\nhello\r.\r" + smuggled,
                        "Subject: smuggle2\r\n\r\nhello\r\n.\r\n" + smuggled),
                Arguments.of("LF dot LF smuggling", "Subject: smuggle3\r\n\r\nhello\n.\n" + smuggled,
                        "Subject: smuggle3\r\n\r\nhello\r\n.\r\n" + smuggled),
                Arguments.of("Bcc with explicit recipients", "Subject: bcc\r\nBcc: blind@example.org\r\n\r\nbody\r\n",
                        "Subject: bcc\r\n\r\nbody\r\n"),
                Arguments.of("Bcc hidden behind a bare CR", "Subject: hidden\rBcc: blind@example.org,\r other@example.org\r\n"
                        + "To: x@example.org\r\n\r\nbody\r\n", "Subject: hidden\r\nTo: x@example.org\r\n\r\nbody\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void deliveredAsOneMessageWithCrlfLineEnds(String name, String submitted, String received) throws Exception {
        String rcpt = name.replaceAll("[^A-Za-z]", "-").toLowerCase() + "@example.org";
        engine.jms().send("mta.submit", submitted.getBytes(StandardCharsets.US_ASCII),
                Map.of("mtaSender", "a@example.com", "mtaRecipients", rcpt));

        await().atMost(Duration.ofSeconds(20)).until(() -> !mine(rcpt).isEmpty());
        Thread.sleep(300); // a second transaction would follow the first at once
        List<SinkTransaction> mine = mine(rcpt);
        assertThat(mine).hasSize(1);
        assertThat(Unstamped.of(mine.get(0).content())).isEqualTo(received);
        assertThat(sinks.get(0).transactions()).as("no smuggled transaction")
                .noneMatch(t -> t.recipientAddresses().contains("victim@example.org"));
    }

    private static List<SinkTransaction> mine(String rcpt) {
        return sinks.get(0).transactions().stream().filter(t -> t.recipientAddresses().contains(rcpt)).toList();
    }
}
