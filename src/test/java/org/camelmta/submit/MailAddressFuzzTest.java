package org.camelmta.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever a submitter writes as an address, parsing either refuses it with an
 * {@link AddressException} or gives an address that is safe to put in a command line: no CR,
 * LF, NUL or other control character, within RFC 5321's limits, the same address when parsed
 * again from what it writes, and an ASCII form for servers without SMTPUTF8 that is as safe.
 * The same holds for a comma-separated recipient list and a reverse path.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the inputs in {@code MailAddressFuzzTestInputs};
 * {@code mvn -Pfuzz verify} fuzzes it.
 */
class MailAddressFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void everyParsedAddressIsSafeOnTheWire(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        MailAddress address;
        try {
            address = MailAddress.parse(text);
        } catch (AddressException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            checkListAndReversePath(text);
            return;
        }
        safe(address.toString());
        safe(address.toSmtpString(false));
        if (!address.requiresSmtpUtf8()) {
            assertThat(MailAddress.isAscii(address.toSmtpString(false))).as("all ASCII for a server without SMTPUTF8")
                    .isTrue();
        }
        assertThat(address.localPart().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(MailAddress.MAX_LOCAL_PART_OCTETS);
        assertThat(address.toString().getBytes(StandardCharsets.UTF_8).length + 2)
                .isLessThanOrEqualTo(MailAddress.MAX_PATH_OCTETS);
        assertThat(MailAddress.parse(address.toString())).as("parses back to itself").isEqualTo(address);
        assertThat(MailAddress.parse("<" + address + ">")).isEqualTo(address);
        checkListAndReversePath(text);
    }

    private static void checkListAndReversePath(String text) {
        try {
            for (MailAddress a : Envelope.parseRecipients(text)) {
                safe(a.toString());
            }
        } catch (InvalidSubmissionException | AddressException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        try {
            safe(ReversePath.parse(text).toString());
        } catch (AddressException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static void safe(String wire) {
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            assertThat(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
                    .as("control character %04x in '%s'", (int) c, wire).isFalse();
        }
    }
}
