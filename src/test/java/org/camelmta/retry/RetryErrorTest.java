package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.camelmta.dns.Hop;
import org.camelmta.smtp.Cause;
import org.camelmta.smtp.ConnectionAttempt;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.smtp.SmtpFailure;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.MailAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** SMTP outcomes become Exim's error classes and hint scopes. */
class RetryErrorTest {

    static Hop hop(boolean fromMx) throws Exception {
        return new Hop("mx1.example.com", 10, InetAddress.getByName("192.0.2.1"), 25, fromMx);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} mx={4} -> {5} {6}")
    @CsvSource(delimiter = '|', textBlock = """
            CONNECT  | REFUSED         | 0   |       | true  | refused_MX         | HOST
            CONNECT  | REFUSED         | 0   |       | false | refused_A          | HOST
            CONNECT  | TIMEOUT         | 0   |       | true  | timeout_connect_MX | HOST
            CONNECT  | TIMEOUT         | 0   |       | false | timeout_connect_A  | HOST
            GREETING | TIMEOUT         | 0   |       | false | timeout_A          | HOST
            EHLO     | LOST_CONNECTION | 0   |       | true  | lost_connection    | HOST
            STARTTLS | TLS             | 0   |       | true  | tls_required       | HOST
            STARTTLS | REPLY           | 454 | 4.7.0 | true  | tls_required       | HOST
            AUTH     | REPLY           | 454 | 4.7.0 | true  | auth_failed        | HOST
            GREETING | REPLY           | 421 | 4.3.2 | true  | other              | HOST
            EHLO     | REPLY           | 451 |       | true  | other              | HOST
            GREETING | PROTOCOL        | 0   |       | true  | other              | HOST
            LOOKUP   | LOCAL           | 451 | 4.4.3 | true  | lookup             | DOMAIN
            MAIL     | REPLY           | 451 | 4.3.0 | true  | mail_451           | MESSAGE
            MAIL     | REPLY           | 421 | 4.3.2 | true  | mail_421           | HOST
            MAIL     | TIMEOUT         | 0   |       | true  | timeout_MX         | MESSAGE
            MAIL     | LOST_CONNECTION | 0   |       | true  | lost_connection    | HOST
            RCPT     | REPLY           | 450 | 4.2.1 | true  | rcpt_450           | ADDRESS
            RCPT     | REPLY           | 452 | 4.2.2 | true  | quota(rcpt_452)    | ADDRESS
            RCPT     | REPLY           | 452 | 4.5.3 | true  | rcpt_452           | ADDRESS
            RCPT     | REPLY           | 552 | 5.2.2 | true  | other              | ADDRESS
            RCPT     | TIMEOUT         | 0   |       | false | timeout_A          | ADDRESS
            RCPT     | LOST_CONNECTION | 0   |       | true  | lost_connection    | HOST
            DATA     | REPLY           | 451 | 4.3.0 | true  | data_451           | MESSAGE
            DATA     | TIMEOUT         | 0   |       | true  | timeout_MX         | HOST
            DATA_END | REPLY           | 452 | 4.2.2 | true  | quota(data_452)    | MESSAGE
            DATA_END | REPLY           | 451 | 4.3.0 | true  | data_451           | MESSAGE
            DATA_END | TIMEOUT         | 0   |       | true  | timeout_MX         | MESSAGE
            DATA_END | LOST_CONNECTION | 0   |       | true  | lost_connection    | MESSAGE
            """)
    void outcomeIsClassifiedAsExim(Phase phase, Cause cause, int code, String enhanced, boolean fromMx, String name,
                                   HintScope scope) throws Exception {
        SmtpReply reply = code == 0 ? SmtpReply.local(451, "4.4.2", cause.name().toLowerCase())
                : SmtpReply.of(code, List.of((enhanced == null ? "" : enhanced + " ") + "text"));
        RecipientResult result = new RecipientResult(MailAddress.parse("a@example.com"), reply, phase, cause,
                phase == Phase.LOOKUP ? null : hop(fromMx), null);

        RetryError e = RetryError.of(result);

        assertThat(e.name()).isEqualTo(name);
        assertThat(e.scope()).isEqualTo(scope);
        assertThat(e.text()).isEqualTo(reply.toString());
        RetryError back = RetryError.fromName(e.name(), scope);
        assertThat(back.name()).as("the stored name reads back as the same error").isEqualTo(name);
        assertThat(back.kind()).isEqualTo(e.kind());
        assertThat(back.quota()).isEqualTo(e.quota());
    }

    @Test
    void failedConnectionAttemptIsClassified() throws Exception {
        ConnectionAttempt refused = ConnectionAttempt.failed(hop(true), null,
                new SmtpFailure(SmtpReply.local(451, "4.4.1", "connection refused"), Phase.CONNECT, Cause.REFUSED));
        assertThat(RetryError.of(refused).name()).isEqualTo("refused_MX");

        ConnectionAttempt ok = ConnectionAttempt.succeeded(hop(true), null, false);
        assertThatThrownBy(() -> RetryError.of(ok)).isInstanceOf(IllegalArgumentException.class);
    }
}
