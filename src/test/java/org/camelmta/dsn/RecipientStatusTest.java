package org.camelmta.dsn;

import org.camelmta.submit.RecipientDsn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.camelmta.smtp.Cause;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipientStatusTest {

    private static final MailAddress BOB = MailAddress.parse("bob@example.com");
    private static final Instant WHEN = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiterString = " | ", value = {
            "FAILED    | 550 5.1.1 User unknown     | 5.1.1",
            "FAILED    | 550 User unknown           | 5.0.0",
            "FAILED    | 554 6.1.1 not a status     | 5.0.0",
            "FAILED    | 452 4.2.2 Mailbox full     | 4.2.2",
            "DELAYED   | 451 4.3.0 try later        | 4.3.0",
            "DELAYED   | 421 closing                | 4.0.0",
            "DELAYED   | 550 5.1.1 odd for a delay  | 4.0.0",
            "DELIVERED | 250 2.0.0 Ok: queued as 1  | 2.0.0",
            "RELAYED   | 250 Ok                     | 2.0.0",
    })
    void statusComesFromTheEnhancedCodeWhenItFitsTheAction(DsnAction action, String replyLine, String status) {
        int code = Integer.parseInt(replyLine.substring(0, 3));
        SmtpReply reply = SmtpReply.of(code, List.of(replyLine.substring(4)));
        RecipientStatus s = RecipientStatus.of(action, BOB, reply, Cause.REPLY, Phase.RCPT, "mx.example.com", WHEN);
        assertThat(s.status()).isEqualTo(status);
        assertThat(s.diagnosticCode()).isEqualTo("smtp; " + replyLine);
    }

    @Test
    void aLocallyMadeReplyHasNoRemoteMtaAndItsOwnDiagnosticType() {
        RecipientStatus s = RecipientStatus.of(DsnAction.FAILED, BOB, SmtpReply.local(556, "5.1.10", "null MX"),
                Cause.LOCAL, Phase.LOOKUP, "example.com", WHEN);
        assertThat(s.remoteMta()).isNull();
        assertThat(s.phase()).isNull();
        assertThat(s.diagnosticCode()).isEqualTo("X-camel-mta; 556 5.1.10 null MX");
        assertThat(s.status()).isEqualTo("5.1.10");
    }

    @Test
    void anInternationalisedRemoteHostIsWrittenInAscii() {
        RecipientStatus s = RecipientStatus.of(DsnAction.FAILED,
                new RecipientResult(BOB, SmtpReply.of(550, List.of("no")), Phase.RCPT, Cause.REPLY,
                        DsnBuilderTest.hop("mx.b\u00fccher.example."), null), WHEN);
        assertThat(s.remoteMta()).isEqualTo("mx.xn--bcher-kva.example");
    }

    @Test
    void noReplyAtAllStillGivesAValidStatus() {
        RecipientStatus s = RecipientStatus.of(DsnAction.FAILED, BOB, null, null, null, null, WHEN);
        assertThat(s.status()).isEqualTo("5.0.0");
        assertThat(s.diagnosticCode()).isNull();
    }

    @Test
    void fieldsThatCouldBreakTheStatusPartAreRefused() {
        assertThatThrownBy(() -> new RecipientStatus(BOB, null, DsnAction.FAILED, "2.0.0", null, null, null, null, null))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> new RecipientStatus(BOB, null, DsnAction.FAILED, "5.1.1", null,
                "smtp; 550 x\r\nAction: delivered", null, null, null)).hasMessageContaining("diagnostic");
        assertThatThrownBy(() -> new RecipientStatus(BOB, null, DsnAction.FAILED, "5.1.1", "mx.example.com\r\nX: y",
                null, null, null, null)).hasMessageContaining("remote MTA");
        assertThatThrownBy(() -> new RecipientStatus(BOB, null, DsnAction.FAILED, "5.1.1", null, null, null, WHEN, null))
                .hasMessageContaining("Will-Retry-Until");
        assertThatThrownBy(() -> new RecipientStatus(BOB, null, DsnAction.FAILED, "5.1", null, null, null, null, null))
                .hasMessageContaining("x.y.z");
    }

    @Test
    void anEndlessWordInAReplyIsBrokenSoNoLinePassesTheLimit() {
        SmtpReply reply = SmtpReply.of(550, List.of("5.7.1 " + "x".repeat(1500)));
        RecipientStatus s = RecipientStatus.of(DsnAction.FAILED, BOB, reply, Cause.REPLY, Phase.DATA_END, "mx.example.com", WHEN);
        OriginalMessage m = DsnPolicyTest.message("alice@example.org", "Subject: x\r\n\r\nbody\r\n", RecipientDsn.NONE);
        String part = StatusPart.render("mta.example.net", m, List.of(s));
        for (String line : part.split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(998);
        }
        assertThat(part.replace("\r\n ", " ")).contains("x".repeat(900));
    }
}
