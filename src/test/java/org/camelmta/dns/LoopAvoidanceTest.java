package org.camelmta.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.dns.DnsTestSupport.failure;
import static org.camelmta.dns.DnsTestSupport.hosts;
import static org.camelmta.dns.DnsTestSupport.resolver;
import static org.camelmta.dns.DnsTestSupport.server;

import org.camelmta.loopback.ZoneDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 5321 §5.1: when this engine is one of the MX hosts, it and every host of equal or worse
 * preference are dropped; with nothing left, mail would loop, so it bounces with 5.4.6.
 */
class LoopAvoidanceTest {

    private ZoneDnsServer dns;

    @BeforeEach
    void start() {
        dns = server("example.com", """
                backup   300 MX 10 primary
                backup   300 MX 20 us
                backup   300 MX 20 peer
                backup   300 MX 30 last
                primary  300 A 127.0.0.60
                us       300 A 127.0.0.61
                peer     300 A 127.0.0.62
                last     300 A 127.0.0.63
                best     300 MX 10 us
                best     300 MX 20 primary
                byaddr   300 MX 10 primary
                byaddr   300 MX 20 alias-of-us
                alias-of-us 300 A 127.0.0.64
                self     300 A 127.0.0.64
                """);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void thisEngineAndEveryHostNotBetterThanItAreDropped() {
        try (MxResolver resolver = resolver(dns, "mta.local-names=us.example.com")) {
            for (int i = 0; i < 10; i++) { // peer shares our preference: it must go whatever the shuffle
                assertThat(hosts(resolver.plan("backup.example.com"))).containsExactly("primary.example.com");
            }
        }
    }

    @Test
    void aLocalAddressMarksAnMxHostAsThisEngine() {
        try (MxResolver resolver = resolver(dns, "mta.local-names=mta.internal, 127.0.0.64")) {
            assertThat(hosts(resolver.plan("byaddr.example.com"))).containsExactly("primary.example.com");
        }
    }

    @Test
    void beingTheBestMxBouncesWith546() {
        try (MxResolver resolver = resolver(dns, "mta.local-names=US.example.com.")) {
            PlanFailure failure = failure(resolver.plan("best.example.com"));

            assertThat(failure.code()).isEqualTo(554);
            assertThat(failure.enhancedStatus()).isEqualTo("5.4.6");
            assertThat(failure.text()).isEqualTo("mail for best.example.com loops back to myself");
        }
    }

    @Test
    void anImplicitMxThatIsThisEngineLoopsToo() {
        try (MxResolver resolver = resolver(dns, "mta.local-names=127.0.0.64")) {
            assertThat(failure(resolver.plan("self.example.com")).enhancedStatus()).isEqualTo("5.4.6");
        }
    }

    @Test
    void withoutLocalNamesNothingIsDropped() {
        try (MxResolver resolver = resolver(dns)) {
            assertThat(hosts(resolver.plan("best.example.com")))
                    .containsExactly("us.example.com", "primary.example.com");
        }
    }
}
