package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camelmta.smtp.SmtpTestSupport.deliverer;
import static org.camelmta.smtp.SmtpTestSupport.message;
import static org.camelmta.smtp.SmtpTestSupport.options;
import static org.camelmta.smtp.SmtpTestSupport.plan;
import static org.camelmta.smtp.SmtpTestSupport.relayPlan;
import static org.camelmta.smtp.SmtpTestSupport.sinkTrust;
import static org.camelmta.smtp.SmtpTestSupport.tx;
import static org.camelmta.smtp.SmtpTestSupport.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.loopback.SinkBuilder;
import org.camelmta.loopback.SinkTls;
import org.camelmta.loopback.SmtpSink;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 5321 §4.5.3.1.4: no command line the server reads is longer than 512 octets (CRLF
 * included) plus the allowances of the extensions it carries — MAIL with SIZE (RFC 1870, 26),
 * BODY (RFC 6152, 16), SMTPUTF8 (RFC 6531, 10), RET/ENVID (RFC 3461, 100); RCPT with NOTIFY/ORCPT
 * (RFC 3461, 500). An over-long ENVID or ORCPT is left off rather than sent, and the mail still
 * goes. RFC 4954 §4: an AUTH initial response that would make the line too long is sent after
 * the 334 instead.
 */
class CommandLinesStayWithinTheirLimitsTest {

    private static final int MAIL_LIMIT = 512 + 26 + 16 + 10 + 100;
    private static final int RCPT_LIMIT = 512 + 500;

    private final SmtpDeliverer deliverer = deliverer();

    @AfterEach
    void closeCache() {
        deliverer.cache().close();
    }

    /** A path of 255 octets, near RFC 5321's 256: a 58-octet local part and three 60-octet labels. */
    private static String longAddress(char c) {
        String label = String.valueOf(c).repeat(60);
        return label.substring(2) + "@" + label + "." + label + "." + label + ".example.com";
    }

    @ParameterizedTest(name = "pipelining: {0}")
    @ValueSource(booleans = {true, false})
    void longAddressesAndOverLongDsnValuesKeepEveryLineWithinItsLimit(boolean pipelining) throws IOException {
        MailAddress bob = MailAddress.parse(longAddress('b'));
        MailAddress carol = MailAddress.parse(longAddress('c'));
        String envid = "E".repeat(400);                        // RFC 3461 allows 100; the line then overflows
        String orcpt = "ORCPT=rfc822;" + "o".repeat(800) + "@example.com";
        MailTransaction tx = new MailTransaction(ReversePath.parse(longAddress('s')), List.of(bob, carol),
                message(SmtpTestSupport.SIMPLE), List.of("RET=HDRS", "ENVID=" + envid),
                Map.of(bob, List.of("NOTIFY=SUCCESS,FAILURE", orcpt),
                        carol, List.of("NOTIFY=FAILURE", "ORCPT=rfc822;" + longAddress('c'))));
        SinkBuilder builder = SmtpSink.builder();
        if (!pipelining) {
            builder.without("PIPELINING");
        }
        try (SmtpSink sink = builder.start()) {
            DeliveryReport report = deliverer.deliver(plan(sink), tx, options(TlsPolicy.OPPORTUNISTIC));

            assertThat(report.delivered()).hasSize(2);
            assertEveryLineWithinItsLimit(wire(sink));
            assertThat(sink.delivered()).singleElement().satisfies(t -> {
                assertThat(t.mailParams()).containsEntry("RET", "HDRS").doesNotContainKey("ENVID");
                assertThat(t.recipients().get(0).params()).containsEntry("NOTIFY", "SUCCESS,FAILURE")
                        .doesNotContainKey("ORCPT");
                // The ORCPT that fits is kept.
                assertThat(t.recipients().get(1).params()).containsEntry("ORCPT", "rfc822;" + longAddress('c'));
            });
        }
    }

    @Test
    void longCredentialsAuthenticateWithoutAnInitialResponse() throws IOException {
        String password = "p".repeat(450);                    // base64 of "\0alice\0ppp..." is over 600 octets
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext()).credentials("alice", password).start()) {
            DeliveryReport report = deliverer.deliver(relayPlan(sink, new RelayCredentials("alice", password)),
                    tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC).withTrust(sinkTrust()));

            assertThat(report.delivered()).hasSize(1);
            assertThat(sink.connections().get(0).authenticatedUser()).isEqualTo("alice");
            assertThat(wire(sink)).contains("AUTH PLAIN\r\n");
            assertEveryLineWithinItsLimit(wire(sink));
        }
    }

    @Test
    void shortCredentialsStillUseTheInitialResponse() throws IOException {
        try (SmtpSink sink = SmtpSink.builder().tls(SinkTls.serverContext()).credentials("alice", "s3cret").start()) {
            DeliveryReport report = deliverer.deliver(relayPlan(sink, new RelayCredentials("alice", "s3cret")),
                    tx("rcpt@example.com"), options(TlsPolicy.OPPORTUNISTIC).withTrust(sinkTrust()));

            assertThat(report.delivered()).hasSize(1);
            assertThat(wire(sink)).contains("AUTH PLAIN A").doesNotContain("AUTH PLAIN\r\n");
        }
    }

    /** Command lines are held to their verb's limit; AUTH's 334 answers (not commands) are skipped. */
    private static void assertEveryLineWithinItsLimit(String wire) {
        for (String line : wire.split("\r\n")) {
            int octets = line.getBytes(StandardCharsets.UTF_8).length + 2;
            String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
            int limit = switch (verb) {
                case "MAIL" -> MAIL_LIMIT;
                case "RCPT" -> RCPT_LIMIT;
                case "EHLO", "HELO", "AUTH", "DATA", "RSET", "QUIT", "STAR", "NOOP" -> 512;
                default -> Integer.MAX_VALUE; // an AUTH response line (RFC 4954 §4 allows 12288)
            };
            assertThat(octets).as("%s... (%d octets)", line.substring(0, Math.min(30, line.length())), octets)
                    .isLessThanOrEqualTo(limit);
        }
    }
}
