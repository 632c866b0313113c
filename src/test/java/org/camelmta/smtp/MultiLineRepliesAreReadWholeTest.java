package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.tx;

import java.io.IOException;
import java.util.List;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Multi-line greeting, EHLO, RCPT and end-of-data replies are read to their last line: nothing
 * is left over to be taken for the next reply, and a refusal keeps every line for the bounce.
 */
class MultiLineRepliesAreReadWholeTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    @Test
    void everyLineOfEveryReplyIsConsumed() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().behaviour(context -> switch (context.phase()) {
            case GREETING -> SinkAction.reply(SmtpReply.of(220, List.of("mx.example.com ESMTP", "no UCE",
                    "really")), false);
            case RCPT -> context.argument().startsWith("bad")
                    ? SinkAction.reply(SmtpReply.of(550, List.of("5.1.1 <bad@example.com>: no such user",
                            "5.1.1 see https://example.com/help", "5.1.1 contact postmaster")), false)
                    : SinkAction.proceed();
            case DATA_END -> SinkAction.reply(SmtpReply.of(250, List.of("2.0.0 queued as 1", "2.0.0 thanks")), false);
            default -> SinkAction.proceed();
        }).start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx("good@example.com", "bad@example.com"),
                    options(TlsPolicy.OPPORTUNISTIC));

            RecipientResult good = report.recipients().get(0);
            RecipientResult bad = report.recipients().get(1);
            assertThat(good.isDelivered()).isTrue();
            assertThat(good.reply().lines()).containsExactly("2.0.0 queued as 1", "2.0.0 thanks");
            assertThat(bad.isPermanentFailure()).isTrue();
            assertThat(bad.reply().lines()).hasSize(3);
            assertThat(bad.reply().enhancedStatus()).isEqualTo("5.1.1");
            assertThat(bad.reply().toString()).isEqualTo("550 5.1.1 <bad@example.com>: no such user "
                    + "5.1.1 see https://example.com/help 5.1.1 contact postmaster");

            // The session is in step: a second message on the same connection goes through.
            DeliveryReport second = deliverer.deliver(plan(sink), tx("good@example.com"), options(TlsPolicy.OPPORTUNISTIC));
            assertThat(second.delivered()).hasSize(1);
            assertThat(second.connections().get(0).reused()).isTrue();
            assertThat(sink.connectionCount()).isEqualTo(1);
        }
    }
}
