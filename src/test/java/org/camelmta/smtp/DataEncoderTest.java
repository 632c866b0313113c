package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DataEncoderTest {

    static String encode(String s) throws SmtpFailure {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataEncoder.encode(s.getBytes(StandardCharsets.ISO_8859_1), (block, length) -> out.write(block, 0, length));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "crlf kept                | a\\r\\nb\\r\\n         | a\\r\\nb\\r\\n.\\r\\n",
            "bare LF becomes CRLF     | a\\nb\\n             | a\\r\\nb\\r\\n.\\r\\n",
            "bare CR becomes CRLF     | a\\rb                | a\\r\\nb\\r\\n.\\r\\n",
            "missing final line end   | abc                  | abc\\r\\n.\\r\\n",
            "empty message            | ''                   | .\\r\\n",
            "leading dot stuffed      | .hidden\\r\\n        | ..hidden\\r\\n.\\r\\n",
            "lone dot line stuffed    | a\\r\\n.\\r\\nb\\r\\n  | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
            "LF dot CRLF smuggling    | a\\n.\\r\\nMAIL FROM | a\\r\\n..\\r\\nMAIL FROM\\r\\n.\\r\\n",
            "CR dot CR smuggling      | a\\r.\\rX            | a\\r\\n..\\r\\nX\\r\\n.\\r\\n",
            "dot not at line start    | a.b\\r\\n            | a.b\\r\\n.\\r\\n",
    })
    void normalisesLineEndsAndDotStuffs(String name, String in, String expected) throws SmtpFailure {
        assertThat(encode(unescape(in))).isEqualTo(unescape(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a\r\nb\r\n", "a\nb", "a\rb\r", ".x\r\n..\r\n.", "a\r\r\n", "\n\n"})
    void wireSizeIsTheCrlfSizeWithoutStuffingOrFinalDot(String in) {
        String crlf = in.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        if (!crlf.isEmpty() && !crlf.endsWith("\r\n")) {
            crlf += "\r\n";
        }
        assertThat(DataEncoder.wireSize(in.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(crlf.length());
    }

    @Test
    void largeMessageIsWrittenInBlocksAndArrivesWhole() throws SmtpFailure {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append(i % 7 == 0 ? ".line " : "line ").append(i).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] blocks = {0};
        DataEncoder.encode(sb.toString().getBytes(StandardCharsets.US_ASCII), (block, length) -> {
            blocks[0]++;
            assertThat(length).isLessThanOrEqualTo(DataEncoder.BLOCK + 8);
            out.write(block, 0, length);
        });
        assertThat(blocks[0]).isGreaterThan(1);
        String expected = sb.toString().replace("\n.", "\n..").replace("\n", "\r\n");
        expected = (expected.startsWith(".") ? "." : "") + expected + ".\r\n";
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(expected);
    }

    static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
