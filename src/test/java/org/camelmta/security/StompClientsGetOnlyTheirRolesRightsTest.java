package org.camelmta.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over STOMP (raw frames on a socket, as any STOMP library sends them): no anonymous or wrongly
 * authenticated connection, and each role has only its rights. A monitor subscribes to the
 * existing topic mta.events without the right to create addresses.
 */
class StompClientsGetOnlyTheirRolesRightsTest {

    @TempDir
    static Path data;
    static SecuredEngine secured;

    @BeforeAll
    static void start() throws Exception {
        secured = SecuredEngine.start(data);
    }

    @AfterAll
    static void stop() throws Exception {
        secured.close();
    }

    /** A STOMP session: CONNECT with the given login (none when null), then frames and their answers. */
    private static final class Stomp implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        final String connected;

        Stomp(BrokerCredentials login) throws Exception {
            socket = new Socket("127.0.0.1", secured.port());
            socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            out = socket.getOutputStream();
            in = socket.getInputStream();
            String credentials = login == null ? "" : "login:" + login.user() + "\npasscode:" + login.password() + "\n";
            connected = send("CONNECT\naccept-version:1.2\nhost:127.0.0.1\n" + credentials + "\n");
        }

        /** Sends a frame (headers, blank line, body) and returns the broker's next frame. */
        String send(String frame) throws Exception {
            byte[] b = frame.getBytes(StandardCharsets.UTF_8);
            out.write(b);
            out.write(0);
            out.flush();
            return readFrame();
        }

        private String readFrame() throws Exception {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) > 0) {
                buf.write(c);
            }
            return buf.toString(StandardCharsets.UTF_8).replaceFirst("^\n+", "");
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private static Stomp as(BrokerRole role) throws Exception {
        Stomp stomp = new Stomp(secured.login(role));
        assertThat(stomp.connected).startsWith("CONNECTED");
        return stomp;
    }

    /** A SEND with a receipt: RECEIPT when taken, ERROR (the broker then closes the connection) when refused. */
    private static String sendTo(Stomp stomp, String destination) throws Exception {
        return stomp.send("SEND\ndestination:" + destination + "\ndestination-type:ANYCAST\npersistent:true\nreceipt:s\n"
                + "mtaSender:a@example.com\nmtaRecipients:stomp@example.org\n\nSubject: x\r\n\r\nx\r\n");
    }

    private static String subscribe(Stomp stomp, String destination, String type) throws Exception {
        return stomp.send("SUBSCRIBE\nid:1\ndestination:" + destination + "\nsubscription-type:" + type
                + "\nack:auto\nreceipt:sub\n\n");
    }

    @Test
    void anonymousAndWrongPasswordAreRefused() throws Exception {
        try (Stomp anonymous = new Stomp(null)) {
            assertThat(anonymous.connected).startsWith("ERROR");
        }
        BrokerCredentials operator = secured.login(BrokerRole.OPERATOR);
        try (Stomp wrong = new Stomp(new BrokerCredentials(operator.user(), operator.password() + "1"))) {
            assertThat(wrong.connected).startsWith("ERROR");
        }
    }

    @Test
    void submitterSendsToMtaSubmitOnly() throws Exception {
        try (Stomp stomp = as(BrokerRole.SUBMITTER)) {
            assertThat(sendTo(stomp, "mta.submit")).startsWith("RECEIPT");
        }
        try (Stomp stomp = as(BrokerRole.SUBMITTER)) {
            assertThat(sendTo(stomp, "mta.control")).startsWith("ERROR");
        }
        try (Stomp stomp = as(BrokerRole.SUBMITTER)) {
            assertThat(subscribe(stomp, "mta.delivery", "ANYCAST")).startsWith("ERROR");
        }
        try (Stomp stomp = as(BrokerRole.SUBMITTER)) {
            assertThat(subscribe(stomp, "mta.deferred", "ANYCAST")).startsWith("ERROR");
        }
    }

    @Test
    void monitorSubscribesToEventsAndCannotSubmit() throws Exception {
        try (Stomp stomp = as(BrokerRole.MONITOR)) {
            assertThat(subscribe(stomp, "mta.events", "MULTICAST")).startsWith("RECEIPT");
        }
        try (Stomp stomp = as(BrokerRole.MONITOR)) {
            assertThat(sendTo(stomp, "mta.submit")).startsWith("ERROR");
        }
    }

    @Test
    void operatorSendsControlRequestsAndSubscribesToEvents() throws Exception {
        try (Stomp stomp = as(BrokerRole.OPERATOR)) {
            assertThat(subscribe(stomp, "mta.control.replies", "MULTICAST")).startsWith("RECEIPT");
            assertThat(stomp.send("SUBSCRIBE\nid:2\ndestination:mta.events\nsubscription-type:MULTICAST\nreceipt:sub2\n\n"))
                    .startsWith("RECEIPT");
        }
        try (Stomp stomp = as(BrokerRole.OPERATOR)) {
            assertThat(sendTo(stomp, "mta.submit")).startsWith("ERROR");
        }
        try (Stomp stomp = as(BrokerRole.OPERATOR)) {
            assertThat(subscribe(stomp, "mta.dlq", "ANYCAST")).startsWith("ERROR");
        }
        try (Stomp stomp = as(BrokerRole.ENGINE)) {
            assertThat(subscribe(stomp, "mta.dlq", "ANYCAST")).as("the same subscription, with the right").startsWith("RECEIPT");
        }
    }

    @Test
    void nobodyButTheEngineCreatesAddresses() throws Exception {
        for (BrokerRole role : new BrokerRole[] {BrokerRole.SUBMITTER, BrokerRole.MONITOR, BrokerRole.OPERATOR}) {
            try (Stomp stomp = as(role)) {
                assertThat(sendTo(stomp, "stomp.made.up." + role.roleName())).startsWith("ERROR").contains("permission");
            }
            try (Stomp stomp = as(role)) {
                assertThat(subscribe(stomp, "stomp.made.up.topic." + role.roleName(), "MULTICAST"))
                        .startsWith("ERROR").contains("permission");
            }
        }
        assertThat(secured.engine.runtime().broker().broker().getActiveMQServer().getAddressInfo(
                org.apache.activemq.artemis.api.core.SimpleString.of("stomp.made.up.operator"))).isNull();
    }
}
