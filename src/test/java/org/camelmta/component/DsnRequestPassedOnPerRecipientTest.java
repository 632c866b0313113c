package org.camelmta.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelmta.loopback.SinkRecipient;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.submit.DsnRequest;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.Notify;
import org.camelmta.submit.OriginalRecipient;
import org.camelmta.submit.RecipientDsn;
import org.camelmta.submit.Ret;
import org.junit.jupiter.api.Test;

/**
 * RFC 3461 requests reach a server that advertises DSN as the submitter made them: RET and
 * ENVID on MAIL, and each recipient's own NOTIFY and ORCPT on its RCPT when the message
 * carries a DsnRequest; the plain parameter headers apply alike to every recipient.
 */
class DsnRequestPassedOnPerRecipientTest extends CamelTestSupport {

    private MxPair mx;

    @Override
    protected void setupResources() throws Exception {
        mx = MxPair.start(b -> b);
    }

    @Override
    protected void cleanupResources() {
        mx.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        SmtpDeliveryComponent component = new SmtpDeliveryComponent();
        component.setStrategies(MxPair.strategies("client.test"));
        context.addComponent("smtp-delivery", component);
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deliver").to("smtp-delivery:mx");
            }
        };
    }

    @Test
    void eachRecipientGetsItsOwnNotifyAndOrcpt() {
        MailAddress alice = MailAddress.parse("alice@example.test");
        Map<MailAddress, RecipientDsn> perRecipient = new LinkedHashMap<>();
        perRecipient.put(alice, new RecipientDsn(Set.of(Notify.SUCCESS, Notify.FAILURE), OriginalRecipient.of(alice)));
        perRecipient.put(MailAddress.parse("bob@example.test"), new RecipientDsn(Set.of(Notify.NEVER), null));
        send(Map.of(SmtpDeliveryConstants.DSN_REQUEST, new DsnRequest(Ret.HDRS, "batch 7", perRecipient),
                SmtpDeliveryConstants.DSN_MAIL_PARAMETERS, "RET=FULL"));

        SinkTransaction t = mx.first.delivered().get(0);
        assertThat(t.mailParams()).containsEntry("RET", "HDRS").containsEntry("ENVID", "batch+207");
        assertThat(t.recipients()).extracting(SinkRecipient::address, SinkRecipient::params).containsExactly(
                tuple("alice@example.test",
                        Map.of("NOTIFY", "SUCCESS,FAILURE", "ORCPT", "rfc822;alice@example.test")),
                tuple("bob@example.test", Map.of("NOTIFY", "NEVER")),
                tuple("carol@example.test", Map.of()));
    }

    @Test
    void plainParameterHeadersApplyToEveryRecipient() {
        send(Map.of(SmtpDeliveryConstants.DSN_MAIL_PARAMETERS, "RET=HDRS",
                SmtpDeliveryConstants.DSN_RCPT_PARAMETERS, "NOTIFY=FAILURE"));

        SinkTransaction t = mx.first.delivered().get(0);
        assertThat(t.mailParams()).containsEntry("RET", "HDRS");
        assertThat(t.recipients()).allSatisfy(r -> assertThat(r.params()).containsExactly(Map.entry("NOTIFY", "FAILURE")));
    }

    private void send(Map<String, Object> extra) {
        Map<String, Object> headers = mx.headers("alice");
        headers.put(SmtpDeliveryConstants.RECIPIENTS, "alice@example.test,bob@example.test,carol@example.test");
        headers.putAll(extra);
        template.send("direct:deliver", e -> {
            e.getMessage().setBody(MxPair.body());
            e.getMessage().setHeaders(headers);
        });
        assertThat(mx.first.delivered()).hasSize(1);
    }
}
