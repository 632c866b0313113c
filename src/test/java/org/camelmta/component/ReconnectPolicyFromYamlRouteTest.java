package org.camelmta.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkFault;
import org.camelmta.smtp.DeliveryReport;
import org.camelmta.smtp.Phase;
import org.junit.jupiter.api.Test;

/**
 * The reconnect policy as docs/component.md shows it in YAML: a bean of type
 * ReconnectRoutePolicy with its strategy, named by the delivery route's routePolicyRef (as
 * routes/deliver.yaml names camel-mta's reconnectPolicy); the route follows it after mx1's
 * 421 at the final dot, and a second route with another policy follows its own.
 */
class ReconnectPolicyFromYamlRouteTest extends CamelTestSupport {

    private static final String ROUTES = """
            - beans:
                - name: terminatePolicy
                  type: org.camelmta.component.ReconnectRoutePolicy
                  properties:
                    strategy: TerminateSession
                - name: sameHostPolicy
                  type: org.camelmta.component.ReconnectRoutePolicy
                  properties:
                    strategy: ReconnectSameHost
            - route:
                id: deliver-careful
                routePolicyRef: terminatePolicy
                from:
                  uri: direct:careful
                  steps:
                    - to:
                        uri: smtp-delivery:mx
            - route:
                id: deliver-persistent
                routePolicyRef: sameHostPolicy
                from:
                  uri: direct:persistent
                  steps:
                    - to:
                        uri: smtp-delivery:mx
            """;

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
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("delivery-routes.yaml", ROUTES));
        return context;
    }

    @Test
    void routeFollowsThePolicyItsRoutePolicyRefNames() {
        assertThat(context.getRoute("deliver-careful").getRoutePolicyList()).singleElement()
                .hasToString("ReconnectRoutePolicy[TerminateSession]");

        DeliveryReport report = send("direct:careful");

        assertThat(report.recipients()).singleElement().satisfies(r -> assertThat(r.reply().code()).isEqualTo(421));
        assertThat(mx.first.connectionCount()).isEqualTo(1);
        assertThat(mx.second.connectionCount()).isZero();
    }

    @Test
    void eachRouteHasItsOwnPolicy() {
        DeliveryReport report = send("direct:persistent");

        assertThat(report.delivered()).hasSize(1);
        assertThat(mx.first.connectionCount()).isEqualTo(2);
        assertThat(mx.second.connectionCount()).isZero();
    }

    private DeliveryReport send(String uri) {
        return template.request(uri, e -> {
            e.getMessage().setBody(MxPair.body());
            e.getMessage().setHeaders(mx.headers("someone"));
        }).getMessage().getHeader(SmtpDeliveryConstants.DELIVERY_REPORT, DeliveryReport.class);
    }
}
