package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever a server sends, the reply reader gives whole replies or says the bytes are not SMTP
 * (a {@link ReplyReader.MalformedReplyException}) or ended early: never another exception,
 * never a hang, never a reply code out of range or a reply line with an LF in it. And how the
 * bytes were split across reads never changes what is read. (A CR the server put inside a line,
 * or before its CRLF, stays in the text: reply text never goes into a command, and where it
 * goes, the events are JSON-escaped and bounces keep printable ASCII only.)
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the inputs in {@code ReplyReaderFuzzTestInputs}
 * (the test command); {@code mvn -Pfuzz verify} fuzzes it (docs/reliability.md).
 */
class ReplyReaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void anyBytesGiveRepliesOrAProtocolError(FuzzedDataProvider data) {
        int[] splits = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = data.consumeInt(1, 64);
        }
        byte[] input = data.consumeRemainingAsBytes();

        List<String> whole = readAll(new ByteArrayInputStream(input), input.length);
        List<String> fragmented = readAll(new Fragmenting(input, splits), input.length);
        assertThat(fragmented).as("the same replies whatever the reads").isEqualTo(whole);
    }

    /** Every reply, as code and lines, then how reading ended. */
    private static List<String> readAll(InputStream in, int length) {
        ReplyReader reader = new ReplyReader(in);
        List<String> seen = new ArrayList<>();
        // Each reply takes at least four octets ("250\n"), so this bound is never the one that ends a good read.
        for (int i = 0; i <= length; i++) {
            SmtpReply reply;
            try {
                reply = reader.read();
            } catch (EOFException e) {
                seen.add("end of stream");
                return seen;
            } catch (ReplyReader.MalformedReplyException e) {
                seen.add("malformed: " + e.getMessage());
                return seen;
            } catch (IOException e) {
                throw new AssertionError("only end of stream or a protocol error may be thrown", e);
            }
            assertThat(reply.code()).isBetween(200, 599);
            assertThat(reply.lines()).isNotEmpty().hasSizeLessThanOrEqualTo(ReplyReader.MAX_LINES);
            for (String line : reply.lines()) {
                assertThat(line.indexOf('\n')).as("LF in a reply line").isNegative();
                assertThat(line.length()).isLessThanOrEqualTo(ReplyReader.MAX_LINE);
            }
            seen.add(reply.code() + " " + reply.enhancedStatus() + " " + reply.lines());
        }
        throw new AssertionError("more replies than octets: the reader is not consuming its input");
    }

    /** Gives the bytes back in reads of the given sizes, in turn. */
    private static final class Fragmenting extends InputStream {
        private final byte[] bytes;
        private final int[] sizes;
        private int position;
        private int turn;

        Fragmenting(byte[] bytes, int[] sizes) {
            this.bytes = bytes;
            this.sizes = sizes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= bytes.length) {
                return -1;
            }
            int size = sizes.length == 0 ? len : Math.min(len, sizes[turn++ % sizes.length]);
            int n = Math.min(size, bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
