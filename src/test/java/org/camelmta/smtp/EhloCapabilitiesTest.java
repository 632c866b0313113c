package org.camelmta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EhloCapabilitiesTest {

    @Test
    void readsTheExtensionsThisClientUses() {
        EhloCapabilities c = EhloCapabilities.parse(SmtpReply.of(250, List.of("mx.example greets you", "PIPELINING",
                "SIZE 35882577", "8BITMIME", "SMTPUTF8", "DSN", "ENHANCEDSTATUSCODES", "STARTTLS", "AUTH PLAIN LOGIN",
                "AUTH=CRAM-MD5", "CHUNKING")));
        assertThat(c.pipelining()).isTrue();
        assertThat(c.maxSize()).isEqualTo(35882577);
        assertThat(c.eightBitMime() && c.smtpUtf8() && c.dsn() && c.enhancedStatusCodes() && c.startTls()).isTrue();
        assertThat(c.authMechanisms()).containsExactlyInAnyOrder("PLAIN", "LOGIN", "CRAM-MD5");
    }

    @Test
    void aBareSizeMeansNoDeclaredLimitAndTheGreetingLineIsNotAnExtension() {
        EhloCapabilities c = EhloCapabilities.parse(SmtpReply.of(250, List.of("PIPELINING", "SIZE")));
        assertThat(c.pipelining()).isFalse();
        assertThat(c.size()).isTrue();
        assertThat(c.maxSize()).isZero();
    }
}
