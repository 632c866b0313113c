package org.camelmta.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.camelmta.support.Unstamped;
import org.junit.jupiter.api.Test;

/**
 * A bare CR (or bare LF) ends a header line for camel-mta as it does on the wire, where the DATA
 * encoder sends it as CRLF: a field written after one is a field, seen by Bcc removal and by
 * recipients-from-headers, never smuggled past them to the receiver. The accepted message has
 * its line ends repaired once, so what is queued is what is sent.
 */
class BareCrCannotHideAHeaderFieldTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final Submission submission = new Submission(100_000);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void bccAfterABareCrIsRemovedWhenRecipientsAreGiven() {
        byte[] m = bytes("From: a@x.example\r\nSubject: hi\rBcc: hidden@z.example\r\n\r\nbody\r\n");
        Submission.Accepted a = submission.accept(m, null, "b@y.example", null, NOW);
        assertThat(Unstamped.of(a.content()))
                .isEqualTo("From: a@x.example\r\nSubject: hi\r\n\r\nbody\r\n");
    }

    @Test
    void bccAfterABareCrIsARecipientAndIsRemoved() {
        byte[] m = bytes("From: a@x.example\nTo: b@y.example\rBcc: hidden@z.example\r\rbody\r");
        Submission.Accepted a = submission.accept(m, null, null, null, NOW);
        assertThat(a.envelope().recipients()).extracting(MailAddress::toString)
                .containsExactly("b@y.example", "hidden@z.example");
        assertThat(Unstamped.of(a.content()))
                .isEqualTo("From: a@x.example\r\nTo: b@y.example\r\n\r\nbody\r\n");
    }

    @Test
    void aFoldedBccContinuedAfterABareCrGoesWhole() {
        byte[] m = bytes("From: a@x.example\r\nBcc: one@z.example,\r two@z.example\r\nTo: b@y.example\r\n\r\nx");
        Submission.Accepted a = submission.accept(m, null, null, null, NOW);
        assertThat(a.envelope().recipients()).extracting(MailAddress::toString)
                .containsExactly("b@y.example", "one@z.example", "two@z.example");
        assertThat(Unstamped.of(a.content()))
                .isEqualTo("From: a@x.example\r\nTo: b@y.example\r\n\r\nx\r\n");
    }

    @Test
    void aMessageWithCrlfLineEndsIsKeptAsItIs() {
        byte[] m = bytes("From: a@x.example\r\nTo: b@y.example\r\n\r\nbody\r\n");
        assertThat(Unstamped.of(submission.accept(m, null, null, null, NOW).content()))
                .isEqualTo(new String(m, StandardCharsets.ISO_8859_1));
    }

    @Test
    void headerLinesAreSplitAtEveryKindOfLineEnd() {
        HeaderSection h = HeaderSection.of(bytes("A: 1\rB: 2\nC: 3\r\n\rbody: not a header\r\n"));
        assertThat(h.lines()).containsExactly("A: 1", "B: 2", "C: 3");
        assertThat(h.first("B")).isEqualTo("2");
        assertThat(h.first("body")).isNull();
    }
}
