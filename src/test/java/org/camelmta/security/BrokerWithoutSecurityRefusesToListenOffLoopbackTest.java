package org.camelmta.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker.xml with security turned off may listen on loopback only: asked to listen on every
 * interface, the engine does not start, and says which setting would allow it. (Nothing binds
 * off loopback here: the refusal comes before the bind.)
 */
class BrokerWithoutSecurityRefusesToListenOffLoopbackTest {

    @TempDir
    Path dir;

    @Test
    void anInsecureBrokerOnAllInterfacesDoesNotStart() throws Exception {
        Path insecure = dir.resolve("broker.xml");
        Files.writeString(insecure, Files.readString(Path.of("artemis/broker.xml"))
                .replace("<security-enabled>true</security-enabled>", "<security-enabled>false</security-enabled>"));
        assertThatThrownBy(() -> TestEngine.builder(dir.resolve("data")).set("mta.broker.config", insecure.toString())
                .set("mta.broker.host", "0.0.0.0").start().close())
                .satisfies(e -> Assertions.assertThat(rootMessage(e)).contains("0.0.0.0").contains("security-enabled=false")
                        .contains(NetworkExposure.ALLOW_KEY + "=true"));

        // On loopback it starts, says so, and needs no users.
        try (TestEngine engine = TestEngine.builder(dir.resolve("loopback")).set("mta.broker.config", insecure.toString())
                .set("mta.broker.user", "nobody").start()) {
            assertThat(engine.runtime().broker().securityEnabled()).isFalse();
            assertThat(engine.runtime().broker().listening()).startsWith("127.0.0.1:");
        }
    }

    @Test
    void onlyLoopbackAddressesCountAsLoopback() {
        assertThat(NetworkExposure.loopbackOnly("127.0.0.1")).isTrue();
        assertThat(NetworkExposure.loopbackOnly("127.0.0.5")).isTrue();
        assertThat(NetworkExposure.loopbackOnly("::1")).isTrue();
        assertThat(NetworkExposure.loopbackOnly("[::1]")).isTrue();
        assertThat(NetworkExposure.loopbackOnly("localhost")).isTrue();
        assertThat(NetworkExposure.loopbackOnly("0.0.0.0")).isFalse();
        assertThat(NetworkExposure.loopbackOnly("::")).isFalse();
        assertThat(NetworkExposure.loopbackOnly("192.0.2.10")).isFalse();
        assertThat(NetworkExposure.loopbackOnly("127.0.0.1,192.0.2.10")).isFalse();
    }

    private static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
