package org.camelmta.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DsnRequestTest {

    @Test
    void mailParametersCarryRetAndXtextEnvid() {
        DsnRequest request = new DsnRequest(Ret.HDRS, "QQ 314+159=x", null);
        assertThat(request.toMailParameters()).containsExactly("RET=HDRS", "ENVID=QQ+20314+2B159+3Dx");
        DsnRequest back = DsnRequest.fromMailParameters(List.of("SIZE=1000", "RET=HDRS", "ENVID=QQ+20314+2B159+3Dx"));
        assertThat(back.ret()).isEqualTo(Ret.HDRS);
        assertThat(back.envelopeId()).isEqualTo("QQ 314+159=x");
    }

    @Test
    void nothingAskedWritesNoParameters() {
        assertThat(DsnRequest.NONE.toMailParameters()).isEmpty();
        assertThat(RecipientDsn.NONE.toRcptParameters()).isEmpty();
        assertThat(DsnRequest.NONE.effectiveRet()).isEqualTo(Ret.FULL);
    }

    @Test
    void retIsFullOrHdrsInAnyCase() {
        assertThat(DsnRequest.parse("full", null).ret()).isEqualTo(Ret.FULL);
        assertThat(DsnRequest.parse("Hdrs", null).ret()).isEqualTo(Ret.HDRS);
        assertThatThrownBy(() -> DsnRequest.parse("HEADERS", null)).isInstanceOf(DsnSyntaxException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nRCPT TO:<x@y>", "tab\tid", "caf\u00e9", ""})
    void envelopeIdWithControlsOrNonAsciiIsRefused(String envid) {
        assertThatThrownBy(() -> new DsnRequest(null, envid, null)).isInstanceOf(DsnSyntaxException.class);
    }

    @Test
    void envelopeIdIsAtMostOneHundredCharactersAsXtext() {
        new DsnRequest(null, "x".repeat(100), null);
        assertThatThrownBy(() -> new DsnRequest(null, "x".repeat(101), null)).isInstanceOf(DsnSyntaxException.class);
        // 34 '+' become 102 characters of xtext.
        assertThatThrownBy(() -> new DsnRequest(null, "+".repeat(34), null)).isInstanceOf(DsnSyntaxException.class);
        assertThatThrownBy(() -> DsnRequest.parse(null, "x".repeat(101))).isInstanceOf(DsnSyntaxException.class);
    }

    @Test
    void decodedEnvidCannotSmuggleALineBreak() {
        assertThatThrownBy(() -> DsnRequest.parse(null, "abc+0D+0ARCPT")).isInstanceOf(DsnSyntaxException.class);
    }

    @Test
    void duplicateMailParameterIsRefused() {
        assertThatThrownBy(() -> DsnRequest.fromMailParameters(List.of("RET=FULL", "ret=HDRS")))
                .isInstanceOf(DsnSyntaxException.class).hasMessageContaining("twice");
    }

    @Test
    void notifyListsFollowRfc3461() {
        assertThat(Notify.parseList("success, failure")).containsExactlyInAnyOrder(Notify.SUCCESS, Notify.FAILURE);
        assertThat(Notify.parseList("NEVER")).containsExactly(Notify.NEVER);
        assertThat(Notify.parseList("DELAY,SUCCESS,FAILURE")).hasSize(3);
        for (String bad : List.of("NEVER,SUCCESS", "FAILURE,NEVER", "SUCCESS,SUCCESS", "", "SUCCESS,", "ALWAYS",
                "SUCCESS FAILURE")) {
            assertThatThrownBy(() -> Notify.parseList(bad)).as(bad).isInstanceOf(DsnSyntaxException.class);
        }
        assertThatThrownBy(() -> new RecipientDsn(EnumSet.of(Notify.NEVER, Notify.DELAY), null))
                .isInstanceOf(DsnSyntaxException.class);
    }

    @Test
    void rcptParametersCarryNotifyInRfcOrderAndXtextOrcpt() {
        RecipientDsn request = new RecipientDsn(EnumSet.of(Notify.DELAY, Notify.FAILURE, Notify.SUCCESS),
                OriginalRecipient.parse("rfc822;bob+tag@example.com"));
        assertThat(request.toRcptParameters())
                .containsExactly("NOTIFY=SUCCESS,FAILURE,DELAY", "ORCPT=rfc822;bob+2Btag@example.com");
        RecipientDsn back = RecipientDsn.fromRcptParameters(request.toRcptParameters());
        assertThat(back).isEqualTo(request);
        assertThat(back.originalRecipient().address()).isEqualTo("bob+tag@example.com");
    }

    @Test
    void orcptTypeIsCaseInsensitiveAndKeptLowerCase() {
        OriginalRecipient orcpt = OriginalRecipient.fromParameter("RFC822;Alice@Example.COM");
        assertThat(orcpt.addressType()).isEqualTo("rfc822");
        assertThat(orcpt.address()).isEqualTo("Alice@Example.COM");
        assertThat(orcpt.fieldValue()).isEqualTo("rfc822; Alice@Example.COM");
    }

    @Test
    void utf8OrcptTravelsAsSevenBitXtext() {
        OriginalRecipient orcpt = OriginalRecipient.of(MailAddress.parse("j\u00f6rg@b\u00fccher.example"));
        assertThat(orcpt.addressType()).isEqualTo("utf-8");
        assertThat(orcpt.toParameter()).isEqualTo("utf-8;j\\x{F6}rg@b\\x{FC}cher.example");
        assertThat(OriginalRecipient.fromParameter(orcpt.toParameter())).isEqualTo(orcpt);
        assertThat(orcpt.fieldValue()).isEqualTo("utf-8; j\\x{F6}rg@b\\x{FC}cher.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc822;a+0D+0Ab@example.com", "rfc822;caf\u00e9@x", "rfc822;", ";a@b", "a@b",
            "rfc 822;a@b", "utf-8;a\\x{0A}b@x"})
    void malformedOrcptIsRefused(String value) {
        assertThatThrownBy(() -> OriginalRecipient.fromParameter(value)).isInstanceOf(DsnSyntaxException.class);
    }

    @Test
    void nonAsciiRfc822OrcptIsRefusedInReadableFormToo() {
        assertThatThrownBy(() -> OriginalRecipient.parse("rfc822;j\u00f6rg@example.com"))
                .isInstanceOf(DsnSyntaxException.class).hasMessageContaining("utf-8");
        assertThat(OriginalRecipient.parse(" utf-8 ; j\u00f6rg@example.com ").address()).isEqualTo("j\u00f6rg@example.com");
    }

    @Test
    void orcptIsAtMostFiveHundredCharacters() {
        String local = "a".repeat(480);
        new OriginalRecipient("rfc822", local + "@example.com");
        assertThatThrownBy(() -> new OriginalRecipient("rfc822", local + "@example.example.com"))
                .isInstanceOf(DsnSyntaxException.class);
    }

    @Test
    void perRecipientRequestsAreLookedUpByAddress() {
        MailAddress bob = MailAddress.parse("bob@example.com");
        DsnRequest request = DsnRequest.NONE.withRecipient(bob, RecipientDsn.parse("NEVER", null));
        assertThat(request.forRecipient(bob).notifyKeywords()).isEqualTo(Set.of(Notify.NEVER));
        assertThat(request.forRecipient(MailAddress.parse("carol@example.com"))).isEqualTo(RecipientDsn.NONE);
    }
}
