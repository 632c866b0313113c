package org.camelmta.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class XtextTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "alice@example.com => alice@example.com",
            "bob+tag@example.com => bob+2Btag@example.com",
            "a=b => a+3Db",
            "'with space' => with+20space",
            "'tab\there' => tab+09here",
            "'~!\"#' => ~!\"#",
    })
    void encodesOnlyWhatXtextMustAndDecodesBack(String plain, String xtext) {
        assertThat(Xtext.encode(plain)).isEqualTo(xtext);
        assertThat(Xtext.decode(xtext)).isEqualTo(plain);
    }

    @Test
    void lineBreaksBecomeHexchars() {
        assertThat(Xtext.encode("cr\rlf\n")).isEqualTo("cr+0Dlf+0A");
        assertThat(Xtext.decode("cr+0Dlf+0A")).isEqualTo("cr\rlf\n");
    }

    @Test
    void encodedTextNeverContainsSpaceCrOrLf() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        String encoded = Xtext.encode(all.toString());
        assertThat(encoded).doesNotContain(" ", "\r", "\n", "=").matches("[\\x21-\\x7e]+");
        assertThat(Xtext.decode(encoded)).isEqualTo(all.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+", "a+4", "a+G1", "a b", "a\r\nb", "a=b", "caf\u00e9", "+FF"})
    void malformedXtextIsRejected(String bad) {
        assertThatThrownBy(() -> Xtext.decode(bad)).isInstanceOf(DsnSyntaxException.class);
    }

    @Test
    void lowerCaseHexIsAcceptedOnInput() {
        assertThat(Xtext.decode("bob+2btag")).isEqualTo("bob+tag");
    }

    @Test
    void nonAsciiCannotBeWrittenAsPlainXtext() {
        assertThatThrownBy(() -> Xtext.encode("j\u00f6rg@example.com")).isInstanceOf(DsnSyntaxException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "j\u00f6rg@example.com => j\\x{F6}rg@example.com",
            "\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a => \\x{7528}\\x{6237}@\\x{4F8B}\\x{5B50}.\\x{5E7F}\\x{544A}",
            "a+b=c\\d@x => a\\x{2B}b\\x{3D}c\\x{5C}d@x",
            "\ud83d\ude00@x => \\x{1F600}@x",
    })
    void utf8AddressesRoundTripThroughRfc6533Escapes(String address, String escaped) {
        assertThat(Xtext.encodeUtf8Address(address)).isEqualTo(escaped);
        assertThat(Xtext.decodeUtf8Address(escaped)).isEqualTo(address);
        // The escaped form is valid xtext as it stands: the ORCPT parameter can carry it.
        assertThat(Xtext.decode(Xtext.encode(escaped))).isEqualTo(escaped);
        assertThat(Xtext.encode(escaped)).isEqualTo(escaped);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\x{}b", "a\\x{41}", "a\\x{0F6}", "a\\x{f6}", "a\\x{D800}", "a\\x{110000}", "a\\b",
            "a\\x{F6", "a b"})
    void malformedUtf8EscapesAreRejected(String bad) {
        assertThatThrownBy(() -> Xtext.decodeUtf8Address(bad)).isInstanceOf(DsnSyntaxException.class);
    }
}
