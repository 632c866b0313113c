package org.camelmta.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkFault;
import org.camelmta.smtp.DeliveryReport;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.ReconnectStrategy;
import org.junit.jupiter.api.Test;

/**
 * The reconnect strategy through Camel: a {@link ReconnectRoutePolicy} on the delivery route
 * decides what happens after mx1 answers the final dot with 421 and closes, unless the
 * message header or the endpoint option says otherwise, and without a policy the component's
 * default applies. Which server got the message shows what was decided.
 */
class ReconnectRoutePolicyTest extends CamelTestSupport {

    private MxPair mx;

    @Override
    protected void setupResources() throws Exception {
        mx = MxPair.start(b -> b.fault(SinkFault.at(Phase.DATA_END, SinkAction.reply(421, "4.3.2 shutting down"))
                .onConnection(0)));
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
                from("direct:terminate").routePolicy(new ReconnectRoutePolicy(ReconnectStrategy.TERMINATE_SESSION))
                        .to("smtp-delivery:mx");
                from("direct:same-host").routePolicy(new ReconnectRoutePolicy(ReconnectStrategy.RECONNECT_SAME_HOST))
                        .to("smtp-delivery:mx");
                from("direct:endpoint-says").routePolicy(new ReconnectRoutePolicy(ReconnectStrategy.TERMINATE_SESSION))
                        .to("smtp-delivery:mx?reconnectStrategy=ReconnectSameHost");
                from("direct:no-policy").to("smtp-delivery:mx");
            }
        };
    }

    @Test
    void terminateSessionPolicyDefersWithThe421AndMx2IsNeverContacted() {
        DeliveryReport report = send("direct:terminate", Map.of());

        assertThat(report.recipients()).singleElement().satisfies(r -> {
            assertThat(r.reply().code()).isEqualTo(421);
            assertThat(r.phase()).isEqualTo(Phase.DATA_END);
        });
        assertThat(mx.first.connectionCount()).isEqualTo(1);
        assertThat(mx.second.connectionCount()).isZero();
    }

    @Test
    void reconnectSameHostPolicyDeliversOnASecondConnectionToMx1() {
        DeliveryReport report = send("direct:same-host", Map.of());

        assertThat(report.delivered()).hasSize(1);
        assertThat(mx.first.delivered()).singleElement().satisfies(t -> assertThat(t.connectionIndex()).isEqualTo(1));
        assertThat(mx.second.connectionCount()).isZero();
    }

    @Test
    void headerOverridesThePolicy() {
        DeliveryReport report = send("direct:terminate",
                Map.of(SmtpDeliveryConstants.RECONNECT_STRATEGY, "ConnectNextHost"));

        assertThat(report.delivered()).singleElement()
                .satisfies(r -> assertThat(r.hop().host()).isEqualTo("mx2.example.test"));
        assertThat(mx.second.delivered()).hasSize(1);
    }

    @Test
    void endpointOptionOverridesThePolicy() {
        DeliveryReport report = send("direct:endpoint-says", Map.of());

        assertThat(report.delivered()).hasSize(1);
        assertThat(mx.first.connectionCount()).isEqualTo(2);
        assertThat(mx.second.connectionCount()).isZero();
    }

    @Test
    void withoutPolicyTheComponentDefaultConnectNextHostApplies() {
        DeliveryReport report = send("direct:no-policy", Map.of());

        assertThat(report.delivered()).singleElement()
                .satisfies(r -> assertThat(r.hop().host()).isEqualTo("mx2.example.test"));
    }

    @Test
    void headerThatNamesNoStrategyDefersWithoutConnecting() {
        DeliveryReport report = send("direct:terminate", Map.of(SmtpDeliveryConstants.RECONNECT_STRATEGY, "TryHarder"));

        assertThat(report.recipients()).singleElement().satisfies(r -> {
            assertThat(r.reply().code()).isEqualTo(451);
            assertThat(r.reply().enhancedStatus()).isEqualTo("4.3.5");
            assertThat(r.reply().text()).contains("mtaReconnectStrategy", "TryHarder");
        });
        assertThat(mx.first.connectionCount()).isZero();
    }

    private DeliveryReport send(String uri, Map<String, Object> extra) {
        Map<String, Object> headers = mx.headers("someone");
        headers.putAll(extra);
        return template.request(uri, e -> {
            e.getMessage().setBody(MxPair.body());
            e.getMessage().setHeaders(headers);
        }).getMessage().getHeader(SmtpDeliveryConstants.DELIVERY_REPORT, DeliveryReport.class);
    }
}
