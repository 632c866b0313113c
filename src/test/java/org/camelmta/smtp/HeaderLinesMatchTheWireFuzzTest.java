package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.camelmta.submit.HeaderSection;
import org.camelmta.submit.LineEnds;
import org.junit.jupiter.api.Timeout;

/**
 * For any bytes, the header parser ({@link HeaderSection}) splits the header section into the
 * lines the receiving server reads after the DATA encoder: same lines, same end of the section.
 * So what camel-mta decides from headers (Bcc, recipients, the notice-loop checks) is about the
 * headers that are sent. And after Bcc removal, no Bcc field reaches the wire, however line ends
 * are mixed; the line-end repair at acceptance ({@link LineEnds#toCrlf}) changes no line.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the inputs in
 * {@code HeaderLinesMatchTheWireFuzzTestInputs}; {@code mvn -Pfuzz verify} fuzzes it.
 */
class HeaderLinesMatchTheWireFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void headerLinesAreTheWireLinesAndBccNeverReachesIt(byte[] content) throws SmtpFailure {
        List<String> wire = wireHeaderLines(content);
        assertThat(HeaderSection.of(content).lines()).as("header lines as parsed").isEqualTo(wire);

        byte[] repaired = LineEnds.toCrlf(content);
        assertThat(LineEnds.isCrlf(repaired)).isTrue();
        assertThat(HeaderSection.of(repaired).lines()).as("header lines after the line-end repair").isEqualTo(wire);

        for (String line : wireHeaderLines(HeaderSection.of(repaired).withoutBcc())) {
            assertThat(isBcc(line)).as("Bcc on the wire: '%s'", line).isFalse();
        }
    }

    /** The lines the server reads before the first empty one: DATA undone (dot-stuffing, final dot). */
    private static List<String> wireHeaderLines(byte[] content) throws SmtpFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataEncoder.encode(content, (block, length) -> out.write(block, 0, length));
        byte[] wire = out.toByteArray();
        List<String> lines = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i + 1 < wire.length; i++) {
            if (wire[i] != '\r' || wire[i + 1] != '\n') {
                continue;
            }
            int length = i - lineStart;
            boolean finalDot = i + 2 == wire.length && length == 1 && wire[lineStart] == '.';
            if (length == 0 || finalDot) {
                break; // the end of the header section, or of the data when it has no body
            }
            int from = wire[lineStart] == '.' ? lineStart + 1 : lineStart;
            lines.add(new String(wire, from, i - from, StandardCharsets.ISO_8859_1));
            lineStart = i + 2;
            i++;
        }
        return lines;
    }

    private static boolean isBcc(String line) {
        return line.toLowerCase(Locale.ROOT).matches("(?s)bcc[ \t]*:.*");
    }
}
