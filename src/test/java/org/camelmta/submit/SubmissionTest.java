package org.camelmta.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.camelmta.support.Unstamped;
import org.junit.jupiter.api.Test;

class SubmissionTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final Submission submission = new Submission(10_000);

    private static byte[] mail(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void propertiesGiveTheEnvelopeAndOnlyBccLeavesTheMessage() {
        byte[] m = mail("From: a@x.example\nTo: b@y.example\nBcc: hidden@z.example\nMessage-ID: <m1@x>\n\nbody\n");
        Submission.Accepted a = submission.accept(m, "bounce@x.example", "r1@y.example,r2@z.example", null, NOW);
        assertThat(a.envelope().sender().toString()).isEqualTo("bounce@x.example");
        assertThat(a.envelope().recipients()).extracting(MailAddress::toString).containsExactly("r1@y.example", "r2@z.example");
        assertThat(a.envelope().messageId()).isEqualTo("m1@x");
        // Bcc never reaches a receiver, even when the recipients were given explicitly.
        assertThat(Unstamped.of(a.content()))
                .isEqualTo("From: a@x.example\r\nTo: b@y.example\r\nMessage-ID: <m1@x>\r\n\r\nbody\r\n");
        assertThat(a.envelope().id()).matches("[0-9A-Z]{22}");
    }

    @Test
    void withoutPropertiesItReadsHeadersLikeSendmailDashTAndRemovesBcc() {
        byte[] m = mail("From: \"Al\" <al@x.example>\nTo: b@y.example, Group: c@y.example, d@z.example;\n"
                + "Cc: <e@w.example>\nBcc: f@v.example,\n  g@v.example\nSubject: hi\n\nBcc: not a header\n");
        Submission.Accepted a = submission.accept(m, null, null, null, NOW);
        assertThat(a.envelope().sender().toString()).isEqualTo("al@x.example");
        assertThat(a.envelope().recipients()).extracting(MailAddress::toString).containsExactly(
                "b@y.example", "c@y.example", "d@z.example", "e@w.example", "f@v.example", "g@v.example");
        assertThat(Unstamped.of(a.content())).isEqualTo(
                "From: \"Al\" <al@x.example>\r\nTo: b@y.example, Group: c@y.example, d@z.example;\r\n"
                        + "Cc: <e@w.example>\r\nSubject: hi\r\n\r\nBcc: not a header\r\n");
    }

    @Test
    void emptySenderPropertyIsTheNullSender() {
        Submission.Accepted a = submission.accept(mail("Subject: x\n\nb\n"), "", "r@y.example", null, NOW);
        assertThat(a.envelope().sender().isNull()).isTrue();
    }

    @Test
    void refusalsSayWhy() {
        assertThatThrownBy(() -> submission.accept(new byte[0], "a@x.example", "b@y.example", null, NOW))
                .hasMessage("empty message");
        assertThatThrownBy(() -> submission.accept(mail("Subject: x\n\nb\n"), "a@x.example", "", null, NOW))
                .hasMessage("no recipients");
        assertThatThrownBy(() -> submission.accept(mail("Subject: x\n\nb\n"), null, "b@y.example", null, NOW))
                .hasMessageContaining("no sender");
        assertThatThrownBy(() -> submission.accept(mail("Subject: x\n\nb\n"), "a@x.example", "b@@y.example", null, NOW))
                .hasMessageContaining("bad recipient 'b@@y.example'");
        assertThatThrownBy(() -> submission.accept(mail("Subject: x\n\nb\n"), "a@x.example", "b@y.example\r\nRCPT TO:<c@z>", null, NOW))
                .hasMessageContaining("bad recipient 'b@y.example\\r\\nRCPT TO:<c@z>'").hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> submission.accept(new byte[10_001], "a@x.example", "b@y.example", null, NOW))
                .hasMessageContaining("exceeds the limit of 10000 octets");
        assertThatThrownBy(() -> submission.accept(mail("Subject: x\n\nb\n"), "a@x.example", "b@y.example", "../etc", NOW))
                .hasMessageContaining("bad mtaId");
    }

    @Test
    void splitByDomainKeepsOrderAndSharesTheId() {
        Submission.Accepted a = submission.accept(mail("Subject: x\n\nb\n"), "a@x.example",
                "1@y.example,2@z.example,3@y.example", "ID1", NOW);
        assertThat(a.envelope().splitByDomain()).satisfiesExactly(
                e -> {
                    assertThat(e.domain()).isEqualTo("y.example");
                    assertThat(e.recipientList()).isEqualTo("1@y.example,3@y.example");
                    assertThat(e.id()).isEqualTo("ID1");
                },
                e -> assertThat(e.recipientList()).isEqualTo("2@z.example"));
    }
}
