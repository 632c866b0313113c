package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.SENDER;
import static org.camelmta.smtp.SmtpTestSupport.addresses;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.message;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.submit.DsnRequest;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.Notify;
import org.camelmta.submit.OriginalRecipient;
import org.camelmta.submit.RecipientDsn;
import org.camelmta.submit.Ret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3461 parameters (RET, ENVID on MAIL; NOTIFY, ORCPT on RCPT) go to a server that
 * advertises DSN, and only to such a server (one without it would refuse them with 555).
 */
class DsnParametersOnlyToDsnServersTest {

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    private static MailTransaction withDsn() {
        List<MailAddress> recipients = addresses("bob+x@example.com", "carol@example.com");
        RecipientDsn bob = new RecipientDsn(Set.of(Notify.SUCCESS, Notify.FAILURE),
                OriginalRecipient.of(recipients.get(0)));
        DsnRequest request = new DsnRequest(Ret.HDRS, "QQ314159", Map.of(recipients.get(0), bob));
        return new MailTransaction(SENDER, recipients, message(SmtpTestSupport.SIMPLE), request.toMailParameters(),
                Map.of(recipients.get(0), bob.toRcptParameters()));
    }

    @Test
    void aDsnServerGetsThem() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), withDsn(), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(2);
            assertThat(sink.delivered()).singleElement().satisfies(t -> {
                assertThat(t.mailParams()).containsEntry("RET", "HDRS").containsEntry("ENVID", "QQ314159");
                assertThat(t.recipients().get(0).params())
                        .containsEntry("NOTIFY", "SUCCESS,FAILURE")
                        .containsEntry("ORCPT", "rfc822;bob+2Bx@example.com");
                assertThat(t.recipients().get(1).params()).isEmpty();
            });
        }
    }

    @Test
    void aServerWithoutDsnDoesNot() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().without("DSN").start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), withDsn(), options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(2);
            assertThat(sink.delivered()).singleElement().satisfies(t -> {
                assertThat(t.mailParams()).doesNotContainKeys("RET", "ENVID");
                assertThat(t.recipients()).allSatisfy(r -> assertThat(r.params()).isEmpty());
            });
        }
    }
}
