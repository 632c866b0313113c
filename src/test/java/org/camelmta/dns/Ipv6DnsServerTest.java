package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.addresses;
import static org.camelmta.dns.DnsTestSupport.resolver;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneFault;
import org.camelmta.loopback.ZoneQuery;
import org.camelmta.loopback.ZoneQuery.Transport;
import org.junit.jupiter.api.Test;

/** DNS itself over IPv6: a server on [::1], asked over UDP and, after truncation, TCP. */
class Ipv6DnsServerTest {

    @Test
    void aResolverAskingAServerOnIpv6LoopbackBuildsAnIpv6Plan() throws Exception {
        try (ZoneDnsServer dns = ZoneDnsServer.start(InetAddress.getByName("::1"), 0)
                .zone("example.com", DnsTestSupport.SOA + """
                        @   300 MX   10 mx
                        mx  300 AAAA ::1
                        """);
             MxResolver resolver = resolver(dns, "mta.outbound.ip-strategy=ipv6_then_ipv4")) {
            dns.fault("example.com", "MX", ZoneFault.TRUNCATE);
            assertThat(dns.address().getAddress()).isInstanceOf(Inet6Address.class);
            assertThat(dns.hostPort()).startsWith("[").endsWith("]:" + dns.port());

            assertThat(addresses(resolver.plan("example.com"))).containsExactly("0:0:0:0:0:0:0:1");
            assertThat(dns.queries()).extracting(ZoneQuery::transport).contains(Transport.UDP, Transport.TCP);
        }
    }
}
