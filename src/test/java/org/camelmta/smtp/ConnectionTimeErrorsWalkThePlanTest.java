package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.loopback.SinkAction;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SinkTls;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors while connecting (connect, banner, EHLO, STARTTLS, AUTH) never consult the reconnect
 * strategy: whatever it is, even TerminateSession, delivery simply goes on to the next
 * address of the plan, and the first server gets no second connection.
 */
class ConnectionTimeErrorsWalkThePlanTest {

    private static final RelayCredentials USER = new RelayCredentials("relay-user", "secret");

    /** A server that fails while a session is being set up, and the phase the client sees it in. */
    enum ConnectionFault {
        REFUSED(Phase.CONNECT, b -> b),
        BANNER_421(Phase.GREETING, b -> b.greeting(421, "4.3.2 not now")),
        BANNER_554(Phase.GREETING, b -> b.greeting(554, "5.3.2 not accepting mail")),
        EHLO_421(Phase.EHLO, b -> b.fault(Phase.EHLO, SinkAction.reply(421, "4.7.0 too many connections"))),
        STARTTLS_454(Phase.STARTTLS, b -> b.tls(SinkTls.serverContext())
                .fault(Phase.STARTTLS, SinkAction.reply(454, "4.7.0 TLS not available now"))),
        AUTH_454(Phase.AUTH, b -> b.tls(SinkTls.serverContext()).credentials(USER.username(), USER.password())
                .fault(Phase.AUTH, SinkAction.reply(454, "4.7.0 temporary authentication failure")));

        final Phase phase;
        final UnaryOperator<SinkBuilder> firstServer;

        ConnectionFault(Phase phase, UnaryOperator<SinkBuilder> firstServer) {
            this.phase = phase;
            this.firstServer = firstServer;
        }

        /** The second server: able to do what the first failed at. */
        SinkBuilder secondServer(SinkBuilder b) {
            return switch (this) {
                case STARTTLS_454 -> b.tls(SinkTls.serverContext());
                case AUTH_454 -> b.tls(SinkTls.serverContext()).credentials(USER.username(), USER.password());
                default -> b;
            };
        }

        DeliveryOptions options(ReconnectStrategy reconnect) {
            DeliveryOptions o = DeliveryOptions.of(DeliveryFixtures.strategy("default", "client.test", TwoHops.TIMEOUTS))
                    .withReconnect(reconnect);
            return this == STARTTLS_454 ? o.withTls(TlsPolicy.REQUIRE) : o;
        }

        /** The relay's credentials: the AUTH fault's hops come from a static route that carries them. */
        RelayCredentials credentials() {
            return this == AUTH_454 ? USER : null;
        }
    }

    static Stream<Arguments> faultsAndStrategies() {
        return Stream.of(ConnectionFault.values())
                .flatMap(f -> Stream.of(ReconnectStrategy.values()).map(r -> Arguments.of(f, r)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("faultsAndStrategies")
    void nextAddressOfThePlanGetsTheMessage(ConnectionFault fault, ReconnectStrategy reconnect) throws Exception {
        try (TwoHops hops = TwoHops.start(fault.firstServer, fault::secondServer)) {
            if (fault == ConnectionFault.REFUSED) {
                hops.first.close();
            }

            // Routed hops: a certificate checked (TLS required, or credentials) must name the route.
            DeliveryReport report = hops.deliverRouted(fault.options(reconnect), fault.credentials(), "alice");

            assertThat(report.delivered()).singleElement()
                    .satisfies(r -> assertThat(r.hop().host()).isEqualTo("mx2.example.test"));
            assertThat(report.connections()).hasSize(2);
            assertThat(report.connections().get(0)).satisfies(a -> {
                assertThat(a.hop().host()).isEqualTo("mx1.example.test");
                assertThat(a.isFailure()).isTrue();
                assertThat(a.phase()).isEqualTo(fault.phase);
            });
            assertThat(report.connections().get(1).isFailure()).isFalse();
            assertThat(hops.first.connectionCount()).isEqualTo(fault == ConnectionFault.REFUSED ? 0 : 1);
            assertThat(hops.second.delivered()).hasSize(1);
        }
    }
}
