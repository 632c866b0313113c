package org.camelmta.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camelmta.smtp.SmtpReply;
import org.junit.jupiter.api.Test;

class SmtpSinkLifecycleTest {

    @Test
    void listensOnIpv6Loopback() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        try (SmtpSink sink = SmtpSink.builder().bind(v6).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            assertThat(sink.address()).isInstanceOf(Inet6Address.class);
            client.ehlo("client.test");
            assertThat(deliver(client).code()).isEqualTo(250);
            SinkConnection connection = sink.connections().get(0);
            assertThat(connection.remote().getAddress()).isEqualTo(v6);
            assertThat(connection.local()).isEqualTo(new InetSocketAddress(v6, sink.port()));
        }
    }

    @Test
    void connectionRecordsNameBothEndsAndTheirTransactions() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            int clientPort;
            try (SinkTestClient client = SinkTestClient.greeted(sink)) {
                clientPort = client.socket().getLocalPort();
                client.ehlo("client.test");
                deliver(client);
                deliver(client);
                client.command("QUIT");
            }
            SinkConnection connection = sink.connections().get(0);
            assertThat(connection.index()).isZero();
            assertThat(connection.remote()).isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort));
            assertThat(connection.local().getPort()).isEqualTo(sink.port());
            assertThat(connection.transactions()).extracting(SinkTransaction::index).containsExactly(0, 1);
            assertThat(connection.transactions()).allSatisfy(t -> {
                assertThat(t.connectionIndex()).isZero();
                assertThat(t.client().getPort()).isEqualTo(clientPort);
                assertThat(t.finished()).isAfterOrEqualTo(t.started());
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isOpen());
        }
    }

    @Test
    void closeEndsEveryThreadOfTheSinkAndEveryConnection() throws IOException {
        SmtpSink sink = SmtpSink.builder().start();
        String prefix = "smtp-sink-" + sink.port() + "-";
        try (SinkTestClient idle = SinkTestClient.greeted(sink);
                SinkTestClient stalled = SinkTestClient.greeted(sink)) {
            stalled.ehlo("client.test");
            stalled.command("MAIL FROM:<a@example.org>");
            stalled.send("RCPT TO:<stall-rcpt-x@example.com>");
            await().atMost(Duration.ofSeconds(5)).until(() -> sinkThreads(prefix).size() == 3);

            sink.close();

            assertThat(sinkThreads(prefix)).isEmpty();
            assertThat(idle.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(stalled.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
            assertThat(sink.connections()).noneMatch(SinkConnection::isOpen);
        }
    }

    @Test
    void awaitMessagesWaitsForDeliveriesAndGivesUpAtTheTimeout() throws Exception {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            assertThat(sink.awaitMessages(1, Duration.ofMillis(100))).isFalse();
            Thread sender = new Thread(() -> {
                try (SinkTestClient client = SinkTestClient.greeted(sink)) {
                    client.ehlo("client.test");
                    for (int i = 0; i < 3; i++) {
                        deliver(client);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            sender.start();
            assertThat(sink.awaitMessages(3, Duration.ofSeconds(5))).isTrue();
            sender.join(5_000);
            assertThat(sink.delivered()).hasSize(3);
        }
    }

    @Test
    void clearForgetsRecordsButIndexesKeepCounting() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().start()) {
            try (SinkTestClient client = SinkTestClient.greeted(sink)) {
                client.ehlo("client.test");
                deliver(client);
            }
            sink.clear();
            assertThat(sink.transactions()).isEmpty();
            assertThat(sink.connections()).isEmpty();
            assertThat(sink.messageCount()).isZero();
            assertThat(sink.connectionCount()).isZero();
            try (SinkTestClient client = SinkTestClient.greeted(sink)) {
                client.ehlo("client.test");
                deliver(client);
            }
            assertThat(sink.connections()).extracting(SinkConnection::index).containsExactly(1);
            assertThat(sink.messageCount()).isEqualTo(1);
        }
    }

    @Test
    void theListenerHearsEveryMessageThatReachedTheDot() throws IOException {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (SmtpSink sink = SmtpSink.builder().onMessage(t -> heard.add(t.finalCode() + " " + t.recipientAddresses())).start();
                SinkTestClient client = SinkTestClient.greeted(sink)) {
            client.ehlo("client.test");
            deliver(client);
            client.command("MAIL FROM:<a@example.org>");
            client.command("RCPT TO:<data-451-x@example.com>");
            client.command("DATA");
            client.send("x", ".");
            client.readReply();
            client.command("MAIL FROM:<a@example.org>");
            client.command("RSET");
            assertThat(heard).containsExactly("250 [b@example.com]", "451 [data-451-x@example.com]");
        }
    }

    private static List<Thread> sinkThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).toList();
    }

    private static SmtpReply deliver(SinkTestClient client) throws IOException {
        client.command("MAIL FROM:<a@example.org>");
        client.command("RCPT TO:<b@example.com>");
        client.command("DATA");
        client.send("Subject: hi", "", "body", ".");
        return client.readReply();
    }
}
