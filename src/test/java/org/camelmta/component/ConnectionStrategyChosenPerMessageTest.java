package org.camelmta.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.camelmta.loopback.SinkConnection;
import org.camelmta.smtp.DeliveryReport;
import org.junit.jupiter.api.Test;

/**
 * Connection strategies chosen per message through the component: the mtaConnection header
 * (set by the route, here in YAML from the sender's domain) picks the source address and EHLO
 * name the server sees; without it the endpoint's connectionStrategy option applies, else
 * {@code default}; an unknown name defers with 451 4.3.5 without connecting.
 */
class ConnectionStrategyChosenPerMessageTest extends CamelTestSupport {

    private static final String ROUTES = """
            - route:
                id: deliver-by-tenant
                from:
                  uri: direct:by-tenant
                  steps:
                    - choice:
                        when:
                          - simple: "${header.mtaSender} endsWith '@tenant-a.example'"
                            steps:
                              - setHeader:
                                  name: mtaConnection
                                  constant: tenant-a
                    - to:
                        uri: smtp-delivery:mx
            """;

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
        component.setConnectionCacheSize(0); // every message on a connection of its own, to see each choice
        component.setStrategies(MxPair.strategies("default.example",
                MxPair.strategy("tenant-a", "a.example", List.of(InetAddress.getByName("127.0.0.5"))),
                MxPair.strategy("tenant-b", "b.example", List.of(InetAddress.getByName("127.0.0.6")))));
        context.addComponent("smtp-delivery", component);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("tenant-routes.yaml", ROUTES));
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deliver").to("smtp-delivery:mx");
                from("direct:tenant-b").to("smtp-delivery:mx?connectionStrategy=tenant-b");
            }
        };
    }

    @Test
    void headerPicksTheStrategyTheServerSees() {
        assertThat(send("direct:deliver", "sender@origin.test", Map.of("mtaConnection", "tenant-a")).delivered()).hasSize(1);
        assertThat(send("direct:deliver", "sender@origin.test", Map.of()).delivered()).hasSize(1);

        assertThat(seenByServer()).containsExactly("127.0.0.5 a.example", "127.0.0.1 default.example");
    }

    @Test
    void yamlRouteChoosesBySenderDomain() {
        send("direct:by-tenant", "news@tenant-a.example", Map.of());
        send("direct:by-tenant", "sender@origin.test", Map.of());

        assertThat(seenByServer()).containsExactly("127.0.0.5 a.example", "127.0.0.1 default.example");
    }

    @Test
    void endpointOptionAppliesUnlessTheHeaderNamesAnother() {
        send("direct:tenant-b", "sender@origin.test", Map.of());
        send("direct:tenant-b", "sender@origin.test", Map.of("mtaConnection", "tenant-a"));

        assertThat(seenByServer()).containsExactly("127.0.0.6 b.example", "127.0.0.5 a.example");
    }

    @Test
    void unknownStrategyDefersWith451WithoutConnecting() {
        DeliveryReport report = send("direct:deliver", "sender@origin.test", Map.of("mtaConnection", "tenant-z"));

        assertThat(report.recipients()).singleElement().satisfies(r -> {
            assertThat(r.isTransientFailure()).isTrue();
            assertThat(r.reply().code()).isEqualTo(451);
            assertThat(r.reply().enhancedStatus()).isEqualTo("4.3.5");
            assertThat(r.reply().text()).contains("tenant-z");
        });
        assertThat(report.connections()).isEmpty();
        assertThat(mx.first.connectionCount()).isZero();
    }

    private List<String> seenByServer() {
        return mx.first.connections().stream()
                .map((SinkConnection c) -> c.remote().getAddress().getHostAddress() + " " + c.heloName()).toList();
    }

    private DeliveryReport send(String uri, String sender, Map<String, Object> extra) {
        Map<String, Object> headers = mx.headers("someone");
        headers.put(SmtpDeliveryConstants.SENDER, sender);
        headers.putAll(extra);
        return template.request(uri, e -> {
            e.getMessage().setBody(MxPair.body());
            e.getMessage().setHeaders(headers);
        }).getMessage().getHeader(SmtpDeliveryConstants.DELIVERY_REPORT, DeliveryReport.class);
    }
}
