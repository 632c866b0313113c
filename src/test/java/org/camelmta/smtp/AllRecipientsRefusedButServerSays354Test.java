package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.sessionOptions;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.List;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.Test;

/**
 * RFC 2920 §3.1: a pipelining client whose recipients were all refused may still get 354 to its
 * DATA; it must then send a lone "." and no message. (The sink answers 554 there before its
 * behaviour is asked, so a scripted server plays this one.)
 */
class AllRecipientsRefusedButServerSays354Test {

    @Test
    void aLoneDotIsSentAndTheMessageIsNot() throws IOException {
        try (ScriptedServer server = new ScriptedServer("220 scripted ESMTP", line -> switch (line.split("[ :]")[0]) {
            case "EHLO" -> "250-scripted\n250 PIPELINING";
            case "MAIL" -> "250 2.1.0 ok";
            case "RCPT" -> "550 5.1.1 no such user";
            case "DATA" -> "354 send it anyway";
            case "RSET" -> "250 2.0.0 ok";
            case "QUIT" -> "221 2.0.0 bye";
            default -> "500 5.5.2 what";
        })) {
            Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
            SmtpSession session = SmtpSession.open(hop, null, sessionOptions(TlsPolicy.OPPORTUNISTIC));
            TransactionResult result = session.send(tx("a@example.com", "b@example.com"));

            assertThat(result.broken()).isNull();
            assertThat(result.decided()).hasSize(2).allSatisfy(r -> {
                assertThat(r.reply().code()).isEqualTo(550);
                assertThat(r.phase()).isEqualTo(Phase.RCPT);
                assertThat(r.isPermanentFailure()).isTrue();
            });
            assertThat(session.isUsable()).isTrue();
            session.quit();

            List<String> lines = server.lines();
            int data = lines.indexOf("DATA");
            assertThat(lines.subList(data, lines.size())).containsExactly("DATA", ".", "QUIT");
            assertThat(lines).noneMatch(l -> l.startsWith("Subject:") || l.startsWith("Hello"));
        }
    }
}
