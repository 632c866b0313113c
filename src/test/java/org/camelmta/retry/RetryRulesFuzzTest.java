package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever an operator writes as retry rules, the engine either takes them or refuses them with
 * a {@link RetryRulesException} naming a line of the text (the start-up error says where to
 * look), never with another exception; rules it takes, written out again, read back the same.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the inputs in {@code RetryRulesFuzzTestInputs};
 * {@code mvn -Pfuzz verify} fuzzes it.
 */
class RetryRulesFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void rulesAreTakenOrRefusedNamingALine(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        RetryRules rules;
        try {
            rules = RetryRules.parse(text);
        } catch (RetryRulesException e) {
            int lines = text.split("\r\n|\r|\n", -1).length;
            assertThat(e.line()).as("the line named").isBetween(1, lines);
            assertThat(e.getMessage()).contains("line " + e.line() + ": ");
            return;
        }
        String written = rules.toString();
        assertThat(RetryRules.parse(written).toString()).as("read back from\n%s", written).isEqualTo(written);
    }
}
