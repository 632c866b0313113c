package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5321 §2.4: EHLO keywords are case-insensitive; a server that writes them in lower case is understood. */
class EhloKeywordsAreCaseInsensitiveTest {

    @Test
    void lowerCaseKeywordsAreRead() {
        EhloCapabilities c = EhloCapabilities.parse(SmtpReply.of(250, List.of("mx.example greets you", "pipelining",
                "size 1000", "8bitmime", "smtputf8", "dsn", "enhancedstatuscodes", "starttls", "auth plain login",
                "Auth=Cram-Md5")));
        assertThat(c.pipelining() && c.eightBitMime() && c.smtpUtf8() && c.dsn() && c.enhancedStatusCodes()
                && c.startTls()).isTrue();
        assertThat(c.maxSize()).isEqualTo(1000);
        assertThat(c.authMechanisms()).containsExactlyInAnyOrder("PLAIN", "LOGIN", "CRAM-MD5");
    }
}
