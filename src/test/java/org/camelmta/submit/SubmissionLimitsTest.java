package org.camelmta.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A submission may name at most mta.max-recipients distinct recipients in at most
 * mta.max-recipient-domains distinct domains, from the property or from the headers alike;
 * duplicates count once and are dropped in linear time.
 */
class SubmissionLimitsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final byte[] MAIL = "From: a@x.example\r\nSubject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Submission submission = new Submission(1_000_000, new RecipientLimits(10, 3));

    @Test
    void theLimitItselfIsAccepted() {
        Submission.Accepted a = submission.accept(MAIL, null, list(10, 3), null, NOW);
        assertThat(a.envelope().recipients()).hasSize(10);
        assertThat(a.envelope().splitByDomain()).hasSize(3);
    }

    @Test
    void oneRecipientTooManyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> submission.accept(MAIL, null, list(11, 3), null, NOW))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("too many recipients: more than 10 (mta.max-recipients); submit the list in parts");
    }

    @Test
    void oneDomainTooManyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> submission.accept(MAIL, null, list(4, 4), null, NOW))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessageContaining("more than 3 (mta.max-recipient-domains)");
    }

    @Test
    void headerRecipientsCountToo() {
        String headers = "From: a@x.example\r\nTo: " + list(6, 1) + "\r\nBcc: " + list(5, 1).replace("r", "s") + "\r\n\r\nb\r\n";
        assertThatThrownBy(() -> submission.accept(headers.getBytes(StandardCharsets.US_ASCII), null, null, null, NOW))
                .hasMessageContaining("(mta.max-recipients)");
    }

    @Test
    void duplicatesCountOnce() {
        String same = ("r@d0.example,r@D0.EXAMPLE,").repeat(50) + list(9, 3);
        Submission.Accepted a = submission.accept(MAIL, null, same, null, NOW);
        assertThat(a.envelope().recipients()).hasSize(10);
        assertThat(a.envelope().recipients().get(0).toString()).isEqualTo("r@d0.example");
    }

    // 100,000 distinct addresses compared pairwise would be 5*10^9 comparisons: minutes, not the
    // fraction of a second a hash set takes.
    @Test
    @Timeout(20)
    void dedupingIsLinear() {
        Submission big = new Submission(1_000_000, new RecipientLimits(300_000, 10));
        Submission.Accepted a = big.accept(MAIL, null, list(100_000, 10) + "," + list(100_000, 10), null, NOW);
        assertThat(a.envelope().recipients()).hasSize(100_000);
    }

    /** n recipients r0..r(n-1) spread over d domains d0..d(d-1). */
    private static String list(int n, int domains) {
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < n; i++) {
            j.add("r" + i + "@d" + (i % domains) + ".example");
        }
        return j.toString();
    }
}
