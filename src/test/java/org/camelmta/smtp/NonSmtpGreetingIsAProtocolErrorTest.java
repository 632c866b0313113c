package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import org.camelmta.dns.Hop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Something that is not an SMTP server (an SSH banner) answers: a protocol error, deferred, nothing sent to it. */
class NonSmtpGreetingIsAProtocolErrorTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void theRecipientIsDeferredAsAProtocolError() throws IOException {
        try (ScriptedServer server = new ScriptedServer("SSH-2.0-OpenSSH_9.2p1 Debian-2", line -> null)) {
            Hop hop = new Hop("mx.example.com", 10, server.address(), server.port(), true);
            DeliveryReport report = deliverer.deliver(plan(hop), tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC));

            RecipientResult result = report.recipients().get(0);
            assertThat(result.phase()).isEqualTo(Phase.GREETING);
            assertThat(result.cause()).isEqualTo(Cause.PROTOCOL);
            assertThat(result.isTransientFailure()).isTrue();
            assertThat(result.reply().text()).contains("not SMTP").contains("SSH-2.0");
            assertThat(server.lines()).isEmpty();
        }
    }
}
