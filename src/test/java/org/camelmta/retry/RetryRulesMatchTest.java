package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which rule applies: by error type, by pattern, by sender, first match wins. */
class RetryRulesMatchTest {

    private static final ReversePath SENDER = ReversePath.parse("s@example.org");

    private static int lineFound(RetryRules rules, String key, String alternate, RetryError e, ReversePath sender) {
        return rules.find(key, alternate, e, sender).map(RetryRule::line).orElse(0);
    }

    @ParameterizedTest(name = "rule {0} vs error {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            *                  | other              | true
            *                  | quota(rcpt_452)    | true
            refused            | refused_MX         | true
            refused            | refused_A          | true
            refused_MX         | refused_MX         | true
            refused_MX         | refused_A          | false
            refused_A          | refused_A          | true
            REFUSED_mx         | refused_MX         | true
            refused            | timeout_connect_MX | false
            timeout            | timeout_connect_A  | true
            timeout            | timeout_MX         | true
            timeout_connect    | timeout_connect_MX | true
            timeout_connect    | timeout_MX         | false
            timeout_connect_MX | timeout_connect_MX | true
            timeout_connect_MX | timeout_connect_A  | false
            timeout_connect_A  | timeout_connect_A  | true
            timeout_MX         | timeout_connect_MX | true
            timeout_MX         | timeout_MX         | true
            timeout_MX         | timeout_A          | false
            timeout_A          | timeout_connect_A  | true
            lost_connection    | lost_connection    | true
            lost_connection    | timeout_MX         | false
            auth_failed        | auth_failed        | true
            auth_failed        | other              | false
            tls_required       | tls_required       | true
            lookup             | lookup             | true
            lookup             | refused_MX         | false
            mail_4xx           | mail_451           | true
            mail_4xx           | rcpt_451           | false
            mail_45x           | mail_452           | true
            mail_45x           | mail_421           | false
            rcpt_4xx           | rcpt_421           | true
            rcpt_452           | rcpt_452           | true
            rcpt_452           | rcpt_451           | false
            rcpt_4xx           | quota(rcpt_452)    | true
            data_4xx           | data_421           | true
            data_42x           | data_451           | false
            data_452           | quota(data_452)    | true
            quota              | quota(rcpt_452)    | true
            quota              | quota(data_452)    | true
            quota              | rcpt_452           | false
            quota_5d           | quota(rcpt_452)    | false
            """)
    void errorTypeMatchesAsExim(String field, String errorName, boolean matches) {
        RetryRules rules = RetryRules.parse("example.com " + field + " F,1h,15m");
        RetryError error = RetryError.fromName(errorName, HintScope.HOST);
        assertThat(rules.find("example.com", null, error, SENDER)).as(field + " vs " + errorName)
                .isEqualTo(matches ? Optional.of(rules.rules().get(0)) : Optional.empty());
    }

    @Test
    void quotaWithTimeMatchesOnlyAMailboxIdleThatLong() {
        RetryRules rules = RetryRules.parse("* quota_5d F,1h,15m");
        RetryError full = RetryError.fromName("quota(rcpt_452)", HintScope.ADDRESS);
        assertThat(rules.find("a@example.com", null, full.withMailboxIdle(Duration.ofDays(6)), SENDER)).isPresent();
        assertThat(rules.find("a@example.com", null, full.withMailboxIdle(Duration.ofDays(5)), SENDER)).isPresent();
        assertThat(rules.find("a@example.com", null, full.withMailboxIdle(Duration.ofDays(4)), SENDER)).isEmpty();
    }

    @ParameterizedTest(name = "{0} matches {1} (alternate {2}): {3}")
    @CsvSource(delimiter = '|', textBlock = """
            alice@wonderland.fict.example   | alice@wonderland.fict.example | | true
            alice@wonderland.fict.example   | Alice@Wonderland.Fict.Example | | true
            alice@wonderland.fict.example   | bob@wonderland.fict.example   | | false
            alice@wonderland.fict.example   | wonderland.fict.example       | | false
            *@wonderland.fict.example       | bob@wonderland.fict.example   | | true
            *@wonderland.fict.example       | wonderland.fict.example       | | true
            wonderland.fict.example         | bob@wonderland.fict.example   | | true
            wonderland.fict.example         | mx.wonderland.fict.example    | | false
            *.fict.example                  | mx.wonderland.fict.example    | | true
            *.fict.example                  | fict.example                  | | false
            *                               | anything.example              | | true
            *-request@lists.example         | owner-request@lists.example   | | true
            *-request@lists.example         | owner@lists.example           | | false
            ^\\*@mx\\d+\\.example\\.net$    | mx12.example.net              | | true
            ^\\*@mx\\d+\\.example\\.net$    | www.example.net               | | false
            *@^mx\\d+\\.example\\.net$      | mx3.example.net               | | true
            ^[a-c]+@example\\.com$          | abc@example.com               | | true
            ^[a-c]+@example\\.com$          | abd@example.com               | | false
            !bad.example                    | good.example                  | | true
            !bad.example                    | bad.example                   | | false
            "a.example : b.example"         | b.example                     | | true
            a.b.c.example                   | x.y.z.example                 | a.b.c.example | true
            a.b.c.example                   | x.y.z.example                 | q.example     | false
            """)
    void patternMatchesAsAnEximAddressListItem(String pattern, String key, String alternate, boolean matches) {
        RetryRules rules = RetryRules.parse(pattern + " * F,1h,15m");
        RetryError e = RetryError.fromName("refused_MX", HintScope.HOST);
        assertThat(rules.find(key, alternate, e, SENDER)).as(pattern + " vs " + key).isEqualTo(
                matches ? Optional.of(rules.rules().get(0)) : Optional.empty());
    }

    @Test
    void hostNameIsTriedBeforeTheDomainOnEachLine() {
        // Exim's own example (spec "Retry rules for host and message errors").
        RetryRules rules = RetryRules.parse("""
                p.q.r.example    *      F,24h,30m;
                a.b.c.example    *      F,4d,45m;
                """);
        RetryError refused = RetryError.fromName("refused_MX", HintScope.HOST);
        assertThat(lineFound(rules, "x.y.z.example", "a.b.c.example", refused, SENDER)).isEqualTo(2);
        assertThat(lineFound(rules, "p.q.r.example", "a.b.c.example", refused, SENDER)).isEqualTo(1);
        RetryError lookup = RetryError.fromName("lookup", HintScope.DOMAIN);
        assertThat(rules.findFor(lookup, null, "a.b.c.example", null, SENDER).map(RetryRule::line)).contains(2);

        // Each line is tried with both keys before the next: an earlier domain line wins.
        RetryRules domainFirst = RetryRules.parse("a.b.c.example * F,4d,45m\np.q.r.example * F,24h,30m\n");
        assertThat(lineFound(domainFirst, "p.q.r.example", "a.b.c.example", refused, SENDER)).isEqualTo(1);
    }

    @Test
    void firstMatchingRuleWinsAndTheErrorTypeNarrowsIt() {
        RetryRules rules = RetryRules.parse("""
                example.com  refused_A  F,2h,20m
                example.com  rcpt_452   F,1h,10m
                *            *          F,2h,15m; G,16h,1h,1.5; F,4d,6h
                """);
        assertThat(lineFound(rules, "mx.example.com", "example.com", RetryError.fromName("refused_A", HintScope.HOST),
                SENDER)).isEqualTo(1);
        assertThat(lineFound(rules, "mx.example.com", "example.com", RetryError.fromName("refused_MX", HintScope.HOST),
                SENDER)).isEqualTo(3);
        assertThat(lineFound(rules, "a@example.com", null, RetryError.fromName("rcpt_452", HintScope.ADDRESS),
                SENDER)).isEqualTo(2);
        assertThat(lineFound(rules, "a@example.org", null, RetryError.fromName("rcpt_452", HintScope.ADDRESS),
                SENDER)).isEqualTo(3);
    }

    @Test
    void sendersOptionSelectsRulesByEnvelopeSender() {
        RetryRules rules = RetryRules.parse("""
                *  rcpt_4xx  senders=:  F,1h,30m
                *  *  senders="*@partner.example : vip@other.example"  F,3d,1h
                *  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h
                """);
        RetryError rcpt451 = RetryError.fromName("rcpt_451", HintScope.ADDRESS);
        RetryError refused = RetryError.fromName("refused_MX", HintScope.HOST);

        assertThat(lineFound(rules, "a@x.example", null, rcpt451, ReversePath.NULL)).as("bounce").isEqualTo(1);
        assertThat(lineFound(rules, "a@x.example", null, rcpt451, ReversePath.parse("alice@partner.example")))
                .isEqualTo(2);
        assertThat(lineFound(rules, "a@x.example", null, rcpt451, ReversePath.parse("VIP@other.example")))
                .isEqualTo(2);
        assertThat(lineFound(rules, "a@x.example", null, rcpt451, ReversePath.parse("bob@other.example")))
                .isEqualTo(3);
        assertThat(lineFound(rules, "mx.x.example", "x.example", refused, ReversePath.NULL)).isEqualTo(3);
        assertThat(lineFound(rules, "a@x.example", null, rcpt451, null)).as("unknown sender skips senders= rules")
                .isEqualTo(3);
    }

    @Test
    void noMatchingRuleFindsNothing() {
        RetryRules rules = RetryRules.parse("lookingglass.fict.example * F,24h,30m;");
        assertThat(rules.find("mx.wonderland.fict.example", "wonderland.fict.example",
                RetryError.fromName("refused_MX", HintScope.HOST), SENDER)).isEmpty();
        assertThat(RetryRules.parse("# nothing\n").find("x.example", null,
                RetryError.fromName("lookup", HintScope.DOMAIN), SENDER)).isEmpty();
    }

    @Test
    void findForUsesTheKeysTheScopeCallsFor() {
        RetryRules rules = RetryRules.parse("""
                alice@x.example  *  F,1h,1m
                mx.x.example     *  F,2h,2m
                x.example        *  F,3h,3m
                """);
        MailAddress alice = MailAddress.parse("alice@x.example");
        MailAddress bob = MailAddress.parse("bob@x.example");
        assertThat(rules.findFor(RetryError.fromName("rcpt_451", HintScope.ADDRESS), "mx.x.example", "x.example",
                alice, SENDER).map(RetryRule::line)).contains(1);
        assertThat(rules.findFor(RetryError.fromName("rcpt_451", HintScope.ADDRESS), "mx.x.example", "x.example",
                bob, SENDER).map(RetryRule::line)).contains(3);
        assertThat(rules.findFor(RetryError.fromName("refused_MX", HintScope.HOST), "mx.x.example", "x.example",
                alice, SENDER).map(RetryRule::line)).contains(2);
        assertThat(rules.findFor(RetryError.fromName("mail_451", HintScope.MESSAGE), "other.example", "x.example",
                alice, SENDER).map(RetryRule::line)).contains(3);
    }
}
