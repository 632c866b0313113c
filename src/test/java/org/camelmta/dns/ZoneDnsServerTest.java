package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.Arrays;
import java.util.List;
import org.camelmta.loopback.ZoneDnsServer;
import org.camelmta.loopback.ZoneFault;
import org.camelmta.loopback.ZoneQuery;
import org.camelmta.loopback.ZoneQuery.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The test DNS server answers on the wire like a real authoritative server. */
class ZoneDnsServerTest {

    private ZoneDnsServer dns;
    private SimpleResolver udp;
    private SimpleResolver tcp;

    @BeforeEach
    void start() throws IOException {
        dns = ZoneDnsServer.start().zone("example.com", """
                @      300 SOA ns hostmaster 7 3600 600 86400 30
                @      300 NS  ns
                ns     300 A   127.0.0.53
                www    300 CNAME web
                web    300 CNAME host
                host   300 A   127.0.0.10
                """);
        udp = resolver(false);
        tcp = resolver(true);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void anAnswerIsAuthoritativeEchoesTheQuestionAndMatchesTheId() throws Exception {
        Message query = query("host.example.com.", Type.A);
        Message reply = udp.send(query);

        assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
        assertThat(reply.getSection(Section.ANSWER)).extracting(r -> r.rdataToString()).containsExactly("127.0.0.10");
    }

    @Test
    void aCnameChainInsideTheZoneIsInTheAnswer() throws Exception {
        Message reply = udp.send(query("www.example.com.", Type.A));

        assertThat(reply.getSection(Section.ANSWER)).extracting(r -> Type.string(r.getType()))
                .containsExactly("CNAME", "CNAME", "A");
    }

    @Test
    void nxdomainAndNodataCarryTheSoaWithItsNegativeTtl() throws Exception {
        Message nx = udp.send(query("nothing.example.com.", Type.A));
        Message nodata = udp.send(query("host.example.com.", Type.MX));

        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        for (Message negative : List.of(nx, nodata)) {
            assertThat(negative.getSection(Section.ANSWER)).isEmpty();
            assertThat(negative.getSection(Section.AUTHORITY)).singleElement().satisfies(soa -> {
                assertThat(soa.getType()).isEqualTo(Type.SOA);
                assertThat(soa.getTTL()).isEqualTo(30); // min(SOA TTL, MINIMUM), RFC 2308 §3
            });
        }
    }

    @Test
    void aNameOutsideItsZonesIsRefused() throws Exception {
        assertThat(udp.send(query("example.org.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void tcpAnswersLikeUdpAndTheLogSaysWhichWasUsed() throws Exception {
        assertThat(tcp.send(query("host.example.com.", Type.A)).getSection(Section.ANSWER)).hasSize(1);
        udp.send(query("host.example.com.", Type.A));

        assertThat(dns.queries()).containsExactly(new ZoneQuery("host.example.com", "A", Transport.TCP),
                new ZoneQuery("host.example.com", "A", Transport.UDP));
        assertThat(dns.queryCount("HOST.example.com.", "a")).isEqualTo(2);
    }

    @Test
    void anAnswerTooBigForUdpIsTruncatedAndComesWholeOverTcp() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            many.append("big.example.com. 300 A 127.0.1.").append(i).append('\n');
        }
        dns.add(many.toString());
        SimpleResolver ignoringTc = resolver(false);
        ignoringTc.setIgnoreTruncation(true);
        ignoringTc.setEDNS(-1); // no EDNS: the classic 512-octet limit

        Message overUdp = ignoringTc.send(query("big.example.com.", Type.A));
        Message automatic = resolver(false).send(query("big.example.com.", Type.A));

        assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(automatic.getSection(Section.ANSWER)).hasSize(60); // dnsjava retried over TCP
    }

    @Test
    void recordsCanBeReplacedAddedAndRemovedAtRuntime() throws Exception {
        dns.set("host.example.com. 60 A 127.0.0.11");
        assertThat(udp.send(query("host.example.com.", Type.A)).getSection(Section.ANSWER))
                .extracting(r -> r.rdataToString()).containsExactly("127.0.0.11");
        dns.add("host.example.com. 60 A 127.0.0.12");
        assertThat(udp.send(query("host.example.com.", Type.A)).getSection(Section.ANSWER)).hasSize(2);
        dns.remove("host.example.com", "A");
        assertThat(udp.send(query("host.example.com.", Type.A)).getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void faultsApplyPerNameAndType() throws Exception {
        dns.fault("host.example.com", "AAAA", ZoneFault.SERVFAIL);

        assertThat(udp.send(query("host.example.com.", Type.AAAA)).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(udp.send(query("host.example.com.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        dns.clearFaults();
        assertThat(udp.send(query("host.example.com.", Type.AAAA)).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void itServesThousandsOfQueriesPerSecond() throws Exception {
        int queries = 4000;
        int window = 50;
        byte[] wire = query("host.example.com.", Type.A).toWire();
        byte[] buffer = new byte[512];
        int answered = 0;
        long start = System.nanoTime();
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(2000);
            for (int sent = 0; sent < queries; sent += window) {
                for (int i = 0; i < window; i++) {
                    client.send(new DatagramPacket(wire, wire.length, dns.address()));
                }
                for (int i = 0; i < window; i++) {
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    client.receive(reply);
                    assertThat(new Message(Arrays.copyOf(buffer, reply.getLength())).getRcode()).isEqualTo(Rcode.NOERROR);
                    answered++;
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answered).isEqualTo(queries);
        assertThat(dns.queryCount()).isEqualTo(queries);
        // 2,000 per second at least, on a machine shared with the build; usually far more.
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void closingStopsAnswering() throws Exception {
        dns.close();
        SimpleResolver r = resolver(false);
        r.setTimeout(Duration.ofMillis(300));

        assertThat(r.sendAsync(query("host.example.com.", Type.A)).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(3));
    }

    private SimpleResolver resolver(boolean overTcp) {
        SimpleResolver r = new SimpleResolver(dns.address());
        r.setTCP(overTcp);
        r.setTimeout(Duration.ofSeconds(2));
        return r;
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

}
