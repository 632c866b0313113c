package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camelmta.smtp.SmtpTestSupport.SENDER;
import static org.camelmta.smtp.SmtpTestSupport.addresses;
import static org.camelmta.smtp.SmtpTestSupport.message;

import java.util.List;
import java.util.Map;
import org.camelmta.submit.AddressException;
import org.camelmta.submit.MailAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing can put a line end inside an SMTP command (the smuggling hole Netty's codec once had):
 * addresses refuse CR/LF when made, ESMTP parameters when the transaction is made, and the
 * connection refuses to write a command line that still has one.
 */
class CrLfNeverReachesACommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"victim@example.com>\r\nRCPT TO:<evil@example.com", "a\nb@example.com",
            "a@exam\rple.com", "a\u0000b@example.com"})
    void anAddressWithALineEndCannotBeMade(String text) {
        assertThatThrownBy(() -> MailAddress.parse(text)).isInstanceOf(AddressException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT TO:<a@example.com>\r\nDATA", "MAIL FROM:<a@example.com>\nRSET",
            "NOOP\r", "NOOP\u0000"})
    void aCommandLineWithALineEndIsNeverWritten(String command) {
        assertThatThrownBy(() -> SmtpConnection.commandBytes(command)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ENVID=x\r\nRSET", "RET=HDRS FULL", "ENVID=a\nb", "NOTIFY=SUCCESS\r", "ENVID=a=b", ""})
    void aBadMailParameterIsRefusedWhenTheTransactionIsMade(String parameter) {
        assertThatThrownBy(() -> new MailTransaction(SENDER, addresses("a@example.com"), message("x"),
                List.of(parameter), Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTIFY=SUCCESS FAILURE", "ORCPT=rfc822;a@example.com\r\nDATA", "NOTIFY=NEVER\n"})
    void aBadRecipientParameterIsRefusedWhenTheTransactionIsMade(String parameter) {
        List<MailAddress> recipients = addresses("a@example.com");
        assertThatThrownBy(() -> new MailTransaction(SENDER, recipients, message("x"), List.of(),
                Map.of(recipients.get(0), List.of(parameter)))).isInstanceOf(IllegalArgumentException.class);
    }
}
