package org.camelmta.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MailAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice@example.com | alice | example.com",
            "<alice@example.com> | alice | example.com",
            "Alice.Smith+tag@Example.COM | Alice.Smith+tag | example.com",
            "\"john doe\"@example.com | \"john doe\" | example.com",
            "\"a@b\"@example.com | \"a@b\" | example.com",
            "x@[192.0.2.1] | x | [192.0.2.1]",
            "x@[IPv6:2001:db8::1] | x | [IPv6:2001:db8::1]",
            "postmaster@localhost | postmaster | localhost",
            "josé@exämple.de | josé | exämple.de",
    })
    void acceptsRfc5321Mailboxes(String text, String local, String domain) {
        MailAddress a = MailAddress.parse(text);
        assertThat(a.localPart()).isEqualTo(local);
        assertThat(a.domain()).isEqualTo(domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a@@b.example", "no-at-sign", "@example.com", "alice@", "alice@example..com", ".alice@example.com",
            "alice.@example.com", "al..ice@example.com", "alice@-example.com", "alice@example-.com",
            "alice@exa_mple.com", "ali ce@example.com", "alice@example.com.", "\"unterminated@example.com",
            "x@[300.1.1.1]", "x@[IPv6:zz::1]", "a(b)@example.com", "a,b@example.com", "<>", "",
    })
    void rejectsBadSyntax(String text) {
        assertThatThrownBy(() -> MailAddress.parse(text)).isInstanceOf(AddressException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ali\rce@example.com", "alice@exa\nmple.com", "alice\u0000@example.com",
            "alice@example.com\r\nRCPT TO:<evil@example.net>", "\"a\r\nb\"@example.com", "a\tb@example.com"})
    void rejectsControlCharactersSoNothingCanBeSmuggledIntoACommand(String text) {
        assertThatThrownBy(() -> MailAddress.parse(text)).isInstanceOf(AddressException.class);
    }

    @Test
    void enforcesRfc5321Lengths() {
        String local64 = "a".repeat(64);
        assertThat(MailAddress.parse(local64 + "@example.com").localPart()).hasSize(64);
        assertThatThrownBy(() -> MailAddress.parse("a".repeat(65) + "@example.com"))
                .hasMessageContaining("local part is 65 octets");
        // 64 + 1 + 190 + 2 (brackets) = 257 > 256
        String domain190 = ("b".repeat(62) + ".").repeat(3) + "b";
        assertThat(domain190).hasSize(190);
        assertThatThrownBy(() -> MailAddress.parse(local64 + "@" + domain190)).hasMessageContaining("path is 257 octets");
        assertThatThrownBy(() -> MailAddress.parse("a@" + "b".repeat(64) + ".com")).hasMessageContaining("63 octets");
    }

    @Test
    void nonAsciiLocalPartNeedsSmtpUtf8ButIdnDomainDoesNot() {
        assertThat(MailAddress.parse("josé@example.com").requiresSmtpUtf8()).isTrue();
        MailAddress idn = MailAddress.parse("jose@bücher.example");
        assertThat(idn.requiresSmtpUtf8()).isFalse();
        assertThat(idn.asciiDomain()).isEqualTo("xn--bcher-kva.example");
        assertThat(idn.toSmtpString(false)).isEqualTo("jose@xn--bcher-kva.example");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "\"john\"@example.com | john@example.com",
            "\"john.smith\"@example.com | john.smith@example.com",
            "\"j\\ohn\"@example.com | john@example.com",
            "\"o'hara+tag\"@example.com | o'hara+tag@example.com",
            "\"jörg\"@example.com | jörg@example.com",
            "john@example.com | john@example.com",
            "\"john smith\"@example.com | \"john smith\"@example.com",
            "\"a@b\"@example.com | \"a@b\"@example.com",
            "\".john\"@example.com | \".john\"@example.com",
            "\"john.\"@example.com | \"john.\"@example.com",
            "\"jo..hn\"@example.com | \"jo..hn\"@example.com",
            "\"\"@example.com | \"\"@example.com",
            "\"a\\ b\"@example.com | \"a b\"@example.com",
            "\"a\\\"b\"@example.com | \"a\\\"b\"@example.com",
            "\"a\\\\b\"@example.com | \"a\\\\b\"@example.com",
    })
    void localPartsGoOutWithTheLeastQuotingPossible(String text, String wire) {
        // RFC 5321 §4.1.2: "a sending system SHOULD transmit the form that uses the minimum quoting possible".
        MailAddress a = MailAddress.parse(text);
        assertThat(a.toSmtpString(true)).isEqualTo(wire);
        assertThat(MailAddress.parse(a.toSmtpString(true)).toSmtpString(true)).as("stable").isEqualTo(wire);
        assertThat(a.toString()).as("as submitted").isEqualTo(text);
    }

    @Test
    void nullSenderIsEmptyOrAngleBrackets() {
        assertThat(ReversePath.parse("").isNull()).isTrue();
        assertThat(ReversePath.parse("<>").isNull()).isTrue();
        assertThat(ReversePath.parse("a@b.example").mailbox()).isEqualTo(MailAddress.parse("a@b.example"));
    }

    @Test
    void recipientListSplitsOnCommasOutsideQuotesAndDropsDuplicates() {
        assertThat(Envelope.parseRecipients("a@x.example, \"c,d\"@x.example ,a@X.EXAMPLE,,b@y.example"))
                .extracting(MailAddress::toString)
                .containsExactly("a@x.example", "\"c,d\"@x.example", "b@y.example");
    }
}
