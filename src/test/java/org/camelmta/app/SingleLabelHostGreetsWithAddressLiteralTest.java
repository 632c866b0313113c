package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelmta.smtp.EhloName;
import org.camelmta.security.BrokerRole;
import org.camelmta.support.Brokers;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start's machine: its host name is the single label {@code vm}, its canonical name
 * {@code localhost}, its address 192.0.2.2, and no {@code mta.hostname} is set. The engine starts
 * and greets the receiving server with the address literal {@code [192.0.2.2]}, which RFC 5321
 * §4.1.4 allows when a host has no name, rather than {@code localhost} or {@code vm}.
 */
class SingleLabelHostGreetsWithAddressLiteralTest {

    @TempDir
    Path dir;

    @Test
    void ehloCarriesTheAddressLiteral() throws Exception {
        MtaConfiguration configuration = new MtaConfiguration();
        EhloName.Machine machine = new EhloName.Machine(List.of("localhost", "vm"),
                List.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("fe80::fc:ff:fe00:1"),
                        InetAddress.getByName("192.0.2.2")));
        configuration.machine = () -> machine;
        try (Sinks sinks = Sinks.onLoopback(1); CamelContext camel = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.put("mta.data-dir", dir.resolve("data").toString());
            p.put("mta.broker.port", "0");
            p.put("mta.metrics.port", "0");
            p.put("mta.routes-reload", "false");
            p.put("mta.routes.*", "[127.0.0.2]:" + sinks.port());
            camel.getPropertiesComponent().setInitialProperties(p);
            configuration.configure(camel);
            MtaConfiguration.loadRoutes(camel, null);
            camel.start();

            assertThat(configuration.runtime().hostname()).isEqualTo("[192.0.2.2]");
            try (JmsClient client = new JmsClient(configuration.runtime().brokerUrl(),
                    Brokers.login(dir.resolve("data"), BrokerRole.SUBMITTER))) {
                client.send("mta.submit", Mail.simple("a@example.com", "b@example.net", "literal", "x\r\n"),
                        Map.of("mtaSender", "a@example.com", "mtaRecipients", "b@example.net"));
                assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
                assertThat(sinks.get(0).delivered().get(0).heloName()).isEqualTo("[192.0.2.2]");
            }
        }
    }
}
