package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camelmta.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry section is read as Exim reads it, and a bad line stops start-up naming the line. */
class RetryRulesParseTest {

    @Test
    void referenceExamplesParseVerbatim() {
        RetryRules rules = RetryRules.parse("""
                # Exim retry rules
                alice@wonderland.fict.example quota_5d F,7d,3h
                wonderland.fict.example quota_5d
                wonderland.fict.example * F,1h,15m; G,2d,1h,2;
                lookingglass.fict.example * F,24h,30m;
                * refused_A F,2h,20m;
                * * F,2h,15m; G,16h,1h,1.5; F,5d,8h
                """);

        assertThat(rules.rules()).extracting(RetryRule::line).containsExactly(2, 3, 4, 5, 6, 7);
        assertThat(rules.rules().get(1).algorithms()).isEmpty();
        RetryRule last = rules.rules().get(5);
        assertThat(last.algorithms()).containsExactly(
                new FixedInterval(Duration.ofHours(2), Duration.ofMinutes(15)),
                new Geometric(Duration.ofHours(16), Duration.ofHours(1), 1500),
                new FixedInterval(Duration.ofDays(5), Duration.ofHours(8)));
        assertThat(last.finalCutoff()).isEqualTo(Duration.ofDays(5));
        assertThat(rules.toString()).contains("* * F,2h,15m; G,16h,1h,1.5; F,5d,8h\n")
                .contains("wonderland.fict.example * F,1h,15m; G,2d,1h,2\n");
    }

    @Test
    void continuationLinesJoinAndCommentsAmongThemAreSkipped() {
        RetryRules rules = RetryRules.parse("""
                begin retry

                   # hosts of our partner
                partner.example  *  F,2h,15m; \\
                # a comment inside the continuation
                     G,16h,1h,1.5; \\
                     H,4d,6h,2
                *  rcpt_45x  senders="xb.dom : yc.dom"  F,1h,10m
                """);

        assertThat(rules.rules()).hasSize(2);
        RetryRule partner = rules.rules().get(0);
        assertThat(partner.line()).isEqualTo(4);
        assertThat(partner.algorithms()).hasSize(3)
                .last().isEqualTo(new RandomizedGeometric(Duration.ofDays(4), Duration.ofHours(6), 2000));
        RetryRule bySender = rules.rules().get(1);
        assertThat(bySender.line()).isEqualTo(8);
        assertThat(bySender.senders()).contains("xb.dom : yc.dom");
        assertThat(bySender.error()).hasToString("rcpt_45x");
    }

    @Test
    void hashInsideALineIsNotAComment() {
        RetryRule rule = RetryRules.parse("^a#b@x\\.example$ * F,1h,5m").rules().get(0);
        assertThat(rule.pattern()).isEqualTo("^a#b@x\\.example$");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            * refused_B F,1h,5m              | A or MX expected after "refused"
            * timeout_dns F,1h,5m            | expected after "timeout"
            * rcpt_5xx F,1h,5m               | unknown or malformed retry error "rcpt_5xx"
            * rcpt_4x2 F,1h,5m               | rcpt_4 must be followed by xx, dx, or dd
            * F,1h,5m                        | unknown or malformed retry error "F,1h,5m"
            example.com                      | missing error type after the pattern
            * * X,1h,5m                      | unknown retry algorithm 'X' (F, G or H expected)
            * * F 1h,5m                      | comma expected after F
            * * F,1h                         | comma expected after F
            * * F,1h,5m G,2h,1h,2            | ';' expected after F,1h,5m
            * * G,16h,1h,0.5                 | bad parameters for retry rule G
            * * F,1.5h,5m                    | comma or semicolon expected, found '.'
            * * F,1x,5m                      | bad time value "1x"
            * * F,0s,5m                      | bad parameters for retry rule F
            * * F,1h,5m; ;                   | unknown retry algorithm ';'
            partial-lsearch;/etc/r * F,1h,5m | lookups are not supported
            +local_domains * F,1h,5m         | named lists are not supported
            ^a(b * F,1h,5m                   | bad regular expression
            "unclosed * F,1h,5m              | missing closing quote
            * quota_1x F,1h,5m               | bad time value in quota_1x
            """)
    void badLineFailsNamingTheLineAndTheProblem(String line, String problem) {
        String text = "# first line is a comment\n* refused_MX F,1h,5m\n\n" + line + "\n* * F,2h,15m\n";
        assertThatThrownBy(() -> RetryRules.parse(text))
                .isInstanceOf(RetryRulesException.class)
                .hasMessageStartingWith("retry rules line 4: ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((RetryRulesException) e).line()).isEqualTo(4));
    }

    @Test
    void otherConfigurationSectionsAreRefused() {
        assertThatThrownBy(() -> RetryRules.parse("* * F,1h,5m\nbegin rewrite\n"))
                .hasMessage("retry rules line 2: only the retry section belongs here, not \"begin rewrite\"");
    }

    @Test
    void loadNamesTheFileInItsErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("retry.conf");
        Files.writeString(file, "* * F,2h,15m\n*  bogus  F,1h,5m\n");
        assertThatThrownBy(() -> RetryRules.load(file))
                .isInstanceOf(RetryRulesException.class)
                .hasMessageStartingWith("retry rules " + file + " line 2: unknown or malformed retry error \"bogus\"");
        assertThatThrownBy(() -> RetryRules.load(dir.resolve("missing.conf")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.conf");
    }

    @Test
    void shippedDefaultIsEximsDefaultRule() {
        RetryRules defaults = RetryRules.defaults();
        assertThat(defaults.rules()).hasSize(1);
        assertThat(defaults.rules().get(0)).hasToString("* * F,2h,15m; G,16h,1h,1.5; F,4d,6h");
    }

    @Test
    void settingsChooseInlineRulesThenTheFileThenTheDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("retry.conf");
        Files.writeString(file, "* * F,1h,1m\n");

        assertThat(RetryRules.from(Settings.of(Map.of())).rules().get(0))
                .hasToString("* * F,2h,15m; G,16h,1h,1.5; F,4d,6h");
        assertThat(RetryRules.from(Settings.of(Map.of(RetryRules.KEY_RULES_FILE, file.toString()))).rules().get(0))
                .hasToString("* * F,1h,1m");
        assertThat(RetryRules.from(Settings.of(Map.of(RetryRules.KEY_RULES_FILE, file.toString(),
                RetryRules.KEY_RULES, "a.example * F,1h,2m\n* * F,3h,3m"))).rules())
                .extracting(RetryRule::toString).containsExactly("a.example * F,1h,2m", "* * F,3h,3m");
        assertThatThrownBy(() -> RetryRules.from(Settings.of(Map.of(RetryRules.KEY_RULES, "* * F,1h"))))
                .hasMessageStartingWith("mta.retry.rules line 1: comma expected after F");
    }
}
