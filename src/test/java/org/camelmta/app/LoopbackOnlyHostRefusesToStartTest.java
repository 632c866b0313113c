package org.camelmta.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.camelmta.smtp.EhloName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine on a machine that knows itself only as {@code localhost}/{@code vm} and has no
 * address but loopback, with no {@code mta.hostname} set: nothing it could say in EHLO would
 * pass a strict receiver (RFC 5321 §4.1.1.1), so the start stops before the broker, naming
 * {@code mta.hostname}, instead of greeting the world as {@code localhost}.
 */
class LoopbackOnlyHostRefusesToStartTest {

    @TempDir
    Path dir;

    @Test
    void startStopsNamingMtaHostname() throws Exception {
        MtaConfiguration configuration = new MtaConfiguration();
        EhloName.Machine machine = new EhloName.Machine(List.of("localhost", "vm"),
                List.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("::1")));
        configuration.machine = () -> machine;
        try (CamelContext camel = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.put("mta.data-dir", dir.resolve("data").toString());
            p.put("mta.broker.port", "0");
            p.put("mta.metrics.port", "0");
            camel.getPropertiesComponent().setInitialProperties(p);

            assertThatThrownBy(() -> configuration.configure(camel))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("mta.hostname: not set")
                    .hasMessageContaining("set mta.hostname");
        }
        assertThat(configuration.runtime()).isNull();
        assertThat(Files.exists(dir.resolve("data").resolve("broker"))).as("no broker started").isFalse();
    }
}
