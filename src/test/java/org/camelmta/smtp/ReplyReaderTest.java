package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyReaderTest {

    /** Hands out the bytes a few at a time, as a slow network would. */
    static InputStream fragmented(String s, int chunk) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, chunk), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 64})
    void multiLineRepliesSurviveAnyFragmentation(int chunk) throws IOException {
        ReplyReader r = new ReplyReader(fragmented("250-mx.example Hello\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n"
                + "550 5.1.1 <x@y>: User unknown\r\n", chunk));
        SmtpReply ehlo = r.read();
        assertThat(ehlo.code()).isEqualTo(250);
        assertThat(ehlo.lines()).containsExactly("mx.example Hello", "PIPELINING", "SIZE 1000", "8BITMIME");
        SmtpReply rcpt = r.read();
        assertThat(rcpt.code()).isEqualTo(550);
        assertThat(rcpt.enhancedStatus()).isEqualTo("5.1.1");
        assertThat(rcpt.isPermanent()).isTrue();
        assertThat(rcpt.toString()).isEqualTo("550 5.1.1 <x@y>: User unknown");
    }

    @Test
    void bareLfAndCodeOnlyLinesAreAccepted() throws IOException {
        ReplyReader r = new ReplyReader(new ByteArrayInputStream("354\n250 ok\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.read()).isEqualTo(new SmtpReply(354, "", List.of("")));
        assertThat(r.read().text()).isEqualTo("ok");
    }

    @Test
    void enhancedCodeMustAgreeWithTheReplyClass() throws IOException {
        ReplyReader r = new ReplyReader(new ByteArrayInputStream("451 5.1.1 odd\r\n452 4.2.2 full\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.read().enhancedStatus()).isEmpty();
        assertThat(r.read().enhancedStatus()).isEqualTo("4.2.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello\r\n", "25\r\n", "250-a\r\n251 b\r\n", "250xok\r\n", "650 no\r\n", "199 no\r\n"})
    void garbageIsAProtocolError(String s) {
        ReplyReader r = new ReplyReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(r::read).isInstanceOf(ReplyReader.MalformedReplyException.class);
    }

    @Test
    void overlongLinesAndEndlessRepliesAreRefused() {
        ReplyReader longLine = new ReplyReader(new ByteArrayInputStream(("250 " + "x".repeat(5000) + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(longLine::read).hasMessageContaining("longer than");
        ReplyReader endless = new ReplyReader(new ByteArrayInputStream("250-x\r\n".repeat(500).getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(endless::read).hasMessageContaining("lines");
    }

    @Test
    void endOfStreamMidReplyIsEof() {
        ReplyReader r = new ReplyReader(new ByteArrayInputStream("250-first\r\n250".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(r::read).isInstanceOf(EOFException.class);
    }

    @Test
    void bytesReadAheadCanBeDiscardedBeforeTls() throws IOException {
        ReplyReader r = new ReplyReader(new ByteArrayInputStream("220 go ahead\r\n250 injected\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.read().code()).isEqualTo(220);
        assertThat(r.hasBuffered()).isTrue();
        assertThat(r.discardBuffered()).isEqualTo("250 injected\r\n".length());
        assertThat(r.hasBuffered()).isFalse();
    }
}
