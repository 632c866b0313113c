package org.camelmta.security;

import java.nio.file.Path;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;

/** The engine as shipped (security on), with a sink for example.org, for the role tests. */
final class SecuredEngine implements AutoCloseable {

    final Sinks sinks;
    final ZoneDnsServer dns;
    final TestEngine engine;

    private SecuredEngine(Sinks sinks, ZoneDnsServer dns, TestEngine engine) {
        this.sinks = sinks;
        this.dns = dns;
        this.engine = engine;
    }

    static SecuredEngine start(Path data) throws Exception {
        Sinks sinks = Sinks.onLoopback(1);
        ZoneDnsServer dns = ZoneDnsServer.start().zone("example.org", """
                @  IN SOA ns.example.org. hostmaster.example.org. 1 3600 600 86400 60
                @  IN MX 10 mx.example.org.
                mx IN A 127.0.0.2
                """);
        return new SecuredEngine(sinks, dns, TestEngine.builder(data).dns(dns).smtpPort(sinks.port()).start());
    }

    BrokerCredentials login(BrokerRole role) {
        return engine.login(role);
    }

    /** The acceptor's port: CORE, AMQP and STOMP all listen there. */
    int port() {
        return java.net.URI.create(engine.runtime().brokerUrl()).getPort();
    }

    @Override
    public void close() throws Exception {
        engine.close();
        sinks.close();
        dns.close();
    }
}
