package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Timeout;

/**
 * The message normaliser, for any bytes: what follows DATA has only CRLF line ends (no bare CR
 * or LF a receiver could read differently: SMTP smuggling), exactly one line that is a lone
 * "." (the last), undoing the dot-stuffing gives back the message with its line ends made CRLF,
 * and the size announced in SIZE= is that message's size.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the inputs in {@code DataEncoderFuzzTestInputs};
 * {@code mvn -Pfuzz verify} fuzzes it.
 */
class DataEncoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void dataHasOneEndAndUnstuffsToTheMessage(byte[] content) throws SmtpFailure {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DataEncoder.encode(content, (block, length) -> wire.write(block, 0, length));
        byte[] out = wire.toByteArray();

        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\r') {
                assertThat(i + 1 < out.length && out[i + 1] == '\n').as("CR at %d is followed by LF", i).isTrue();
            } else if (out[i] == '\n') {
                assertThat(i > 0 && out[i - 1] == '\r').as("LF at %d follows CR", i).isTrue();
            }
        }
        ByteArrayOutputStream unstuffed = new ByteArrayOutputStream();
        int lineStart = 0;
        boolean ended = false;
        for (int i = 0; i + 1 < out.length; i++) {
            if (out[i] != '\r') {
                continue;
            }
            int length = i - lineStart;
            assertThat(ended).as("nothing after the lone dot").isFalse();
            if (length == 1 && out[lineStart] == '.') {
                ended = true;
            } else {
                int from = out[lineStart] == '.' && length > 0 ? lineStart + 1 : lineStart;
                unstuffed.write(out, from, i - from);
                unstuffed.write('\r');
                unstuffed.write('\n');
            }
            lineStart = i + 2;
            i++;
        }
        assertThat(ended).as("ends with CRLF . CRLF").isTrue();
        assertThat(lineStart).as("the lone dot is the last line").isEqualTo(out.length);

        byte[] normalised = crlf(content);
        assertThat(unstuffed.toByteArray()).isEqualTo(normalised);
        assertThat(DataEncoder.wireSize(content)).isEqualTo(normalised.length);
    }

    /** Every CRLF, bare CR and bare LF as CRLF, and a CRLF at the end of a last line that lacks one. */
    static byte[] crlf(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        byte[] result = out.toByteArray();
        if (result.length > 0 && result[result.length - 1] != '\n') {
            out.write('\r');
            out.write('\n');
            result = out.toByteArray();
        }
        return result;
    }
}
