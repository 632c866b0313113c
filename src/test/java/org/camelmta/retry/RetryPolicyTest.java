package org.camelmta.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.camelmta.dns.Hop;
import org.camelmta.retry.RecipientDecision.Outcome;
import org.camelmta.smtp.Cause;
import org.camelmta.smtp.ConnectionAttempt;
import org.camelmta.smtp.DeliveryReport;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.RecipientResult;
import org.camelmta.smtp.SmtpFailure;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;
import org.junit.jupiter.api.Test;

/** The facade the delivery route calls: gates before trying, decisions and hints after. */
class RetryPolicyTest {

    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    static final ReversePath SENDER = ReversePath.parse("sender@example.org");
    static final MailAddress A = MailAddress.parse("a@example.com");
    static final MailAddress B = MailAddress.parse("b@example.com");
    static final Hop MX1 = hop("mx1.example.com", "192.0.2.1");
    static final Hop MX2 = hop("mx2.example.com", "192.0.2.2");
    static final SmtpReply REFUSED = SmtpReply.local(451, "4.4.1", "connection refused");

    final InMemoryRetryHintStore store = new InMemoryRetryHintStore();

    static Hop hop(String name, String ip) {
        try {
            return new Hop(name, 10, InetAddress.getByName(ip), 25, true);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    RetryPolicy policy(String rules) {
        return policy(rules, RetrySettings.defaults());
    }

    RetryPolicy policy(String rules, RetrySettings settings) {
        return new RetryPolicy(RetryRules.parse(rules), store, settings, new SplittableRandom(7));
    }

    static RetryContext message(String id, Instant received) {
        return new RetryContext(id, "example.com", SENDER, received);
    }

    static ConnectionAttempt refused(Hop hop) {
        return ConnectionAttempt.failed(hop, null, new SmtpFailure(REFUSED, Phase.CONNECT, Cause.REFUSED));
    }

    static ConnectionAttempt connected(Hop hop) {
        return ConnectionAttempt.succeeded(hop, null, false);
    }

    static RecipientResult result(MailAddress rcpt, int code, String text, Phase phase, Cause cause, Hop hop) {
        return new RecipientResult(rcpt, SmtpReply.of(code, List.of(text)), phase, cause, hop, null);
    }

    static RecipientResult delivered(MailAddress rcpt, Hop hop) {
        return result(rcpt, 250, "2.0.0 ok", Phase.DATA_END, Cause.REPLY, hop);
    }

    static DeliveryReport allRefused(MailAddress... rcpts) {
        List<RecipientResult> results = java.util.Arrays.stream(rcpts)
                .map(r -> new RecipientResult(r, REFUSED, Phase.CONNECT, Cause.REFUSED, MX2, null)).toList();
        return new DeliveryReport(results, List.of(refused(MX1), refused(MX2)));
    }

    static final String DEFAULT_RULES = "* * F,2h,15m; G,16h,1h,1.5; F,4d,6h";

    @Test
    void refusedHostsAreNotTriedAgainUntilTheirRetryTime() {
        RetryPolicy p = policy(DEFAULT_RULES);
        RetryContext msg = message("MSG1", T0);
        HostGate first = p.checkBeforeConnect(msg, List.of(MX1, MX2), T0);
        assertThat(first.verdict()).isEqualTo(HostGate.Verdict.PROCEED);
        assertThat(first.hops()).containsExactly(MX1, MX2);

        List<RecipientDecision> decisions = p.afterDelivery(msg, allRefused(A, B), first, T0);

        assertThat(decisions).extracting(RecipientDecision::outcome)
                .containsExactly(Outcome.DEFERRED, Outcome.DEFERRED);
        assertThat(decisions).extracting(RecipientDecision::nextAttempt).containsOnly(T0.plus(Duration.ofMinutes(15)));
        assertThat(store.get("T:mx1.example.com:192.0.2.1").orElseThrow().error()).isEqualTo("refused_MX");

        HostGate early = p.checkBeforeConnect(message("MSG2", T0), List.of(MX1, MX2), T0.plus(Duration.ofMinutes(10)));
        assertThat(early.verdict()).isEqualTo(HostGate.Verdict.DEFER);
        assertThat(early.reply().text()).startsWith("4.4.1 retry time not reached for any host");
        List<RecipientDecision> held = early.decisionsFor(List.of(A));
        assertThat(held.get(0).outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(held.get(0).nextAttempt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));

        HostGate due = p.checkBeforeConnect(msg, List.of(MX1, MX2), T0.plus(Duration.ofMinutes(15)));
        assertThat(due.verdict()).isEqualTo(HostGate.Verdict.PROCEED);
        assertThat(due.hops()).containsExactly(MX1, MX2);
    }

    @Test
    void successDeletesTheHostHint() {
        RetryPolicy p = policy(DEFAULT_RULES);
        RetryContext msg = message("MSG1", T0);
        p.afterDelivery(msg, allRefused(A), p.checkBeforeConnect(msg, List.of(MX1, MX2), T0), T0);
        Instant later = T0.plus(Duration.ofMinutes(15));

        DeliveryReport ok = new DeliveryReport(List.of(delivered(A, MX1)), List.of(connected(MX1)));
        HostGate gate = p.checkBeforeConnect(msg, List.of(MX1, MX2), later);
        List<RecipientDecision> d = p.afterDelivery(msg, ok, gate, later);

        assertThat(d.get(0).outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(store.get("T:mx1.example.com:192.0.2.1")).isEmpty();
        assertThat(store.get("T:mx2.example.com:192.0.2.2")).as("not tried, so still failing").isPresent();
    }

    @Test
    void rcpt4xxHoldsBackThatRecipientAndSenderOnly() {
        RetryPolicy p = policy(DEFAULT_RULES);
        RetryContext msg = message("MSG1", T0);
        DeliveryReport report = new DeliveryReport(List.of(delivered(A, MX1),
                result(B, 451, "4.2.1 mailbox busy", Phase.RCPT, Cause.REPLY, MX1)), List.of(connected(MX1)));

        List<RecipientDecision> d = p.afterDelivery(msg, report, p.checkBeforeConnect(msg, List.of(MX1), T0), T0);

        assertThat(d).extracting(RecipientDecision::outcome).containsExactly(Outcome.DELIVERED, Outcome.DEFERRED);
        assertThat(d.get(1).nextAttempt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(store.get("R:b@example.com:<sender@example.org>").orElseThrow().error()).isEqualTo("rcpt_451");

        Instant soon = T0.plus(Duration.ofMinutes(5));
        RecipientGate gate = p.checkRecipients(message("MSG2", soon), List.of(A, B), soon);
        assertThat(gate.proceed()).containsExactly(A);
        assertThat(gate.held()).extracting(RecipientDecision::recipient).containsExactly(B);
        assertThat(gate.held().get(0).reason()).isEqualTo("retry time not reached");
        assertThat(gate.held().get(0).nextAttempt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));

        RetryContext otherSender = new RetryContext("MSG3", "example.com", ReversePath.parse("x@example.net"), soon);
        assertThat(p.checkRecipients(otherSender, List.of(A, B), soon).proceed()).containsExactly(A, B);
        assertThat(p.checkRecipients(msg, List.of(B), T0.plus(Duration.ofMinutes(15))).proceed()).containsExactly(B);
    }

    @Test
    void mail4xxHoldsBackThatMessageAtThatHostOnly() {
        RetryPolicy p = policy(DEFAULT_RULES);
        RetryContext msg = message("MSG1", T0);
        DeliveryReport report = new DeliveryReport(List.of(result(A, 451, "4.3.0 try later", Phase.MAIL, Cause.REPLY,
                MX1)), List.of(connected(MX1)));
        List<RecipientDecision> d = p.afterDelivery(msg, report, p.checkBeforeConnect(msg, List.of(MX1), T0), T0);
        assertThat(d.get(0).outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(store.get("T:mx1.example.com:192.0.2.1:MSG1")).isPresent();
        assertThat(store.get("T:mx1.example.com:192.0.2.1")).as("the host itself is fine").isEmpty();

        Instant soon = T0.plus(Duration.ofMinutes(5));
        HostGate same = p.checkBeforeConnect(msg, List.of(MX1, MX2), soon);
        assertThat(same.hops()).containsExactly(MX2);
        assertThat(same.retrySkipped()).isTrue();
        HostGate other = p.checkBeforeConnect(message("MSG2", soon), List.of(MX1, MX2), soon);
        assertThat(other.hops()).containsExactly(MX1, MX2);
        assertThat(other.retrySkipped()).isFalse();

        DeliveryReport viaMx2 = new DeliveryReport(List.of(delivered(A, MX2)), List.of(connected(MX2)));
        p.afterDelivery(msg, viaMx2, same, soon);
        assertThat(store.get("T:mx1.example.com:192.0.2.1:MSG1")).as("the message is done").isEmpty();
    }

    @Test
    void temporaryErrorNoRuleCoversIsBouncedAsPermanent() {
        RetryPolicy p = policy("other.example * F,1h,5m");
        RetryContext msg = message("MSG1", T0);
        DeliveryReport report = new DeliveryReport(List.of(result(A, 451, "4.2.1 later", Phase.RCPT, Cause.REPLY, MX1)),
                List.of(connected(MX1)));

        RecipientDecision d = p.afterDelivery(msg, report, p.checkBeforeConnect(msg, List.of(MX1), T0), T0).get(0);

        assertThat(d.outcome()).isEqualTo(Outcome.BOUNCED);
        assertThat(d.reason()).startsWith("no retry rule for this error");
        assertThat(d.reply().code()).isEqualTo(451);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void permanentReplyBouncesAndClearsTheAddressHint() {
        RetryPolicy p = policy(DEFAULT_RULES);
        RetryContext msg = message("MSG1", T0);
        p.afterDelivery(msg, new DeliveryReport(List.of(result(A, 451, "4.2.1 later", Phase.RCPT, Cause.REPLY, MX1)),
                List.of(connected(MX1))), null, T0);
        Instant later = T0.plus(Duration.ofMinutes(15));
        RecipientDecision d = p.afterDelivery(msg, new DeliveryReport(List.of(result(A, 550, "5.1.1 no such user",
                Phase.RCPT, Cause.REPLY, MX1)), List.of(connected(MX1))), null, later).get(0);
        assertThat(d.outcome()).isEqualTo(Outcome.BOUNCED);
        assertThat(store.all()).isEmpty();
    }

    /** Fails every host at each retry time until the failure expires; returns when that was. */
    Instant failUntilExpired(RetryPolicy p, RetryContext msg) {
        Instant now = msg.received();
        for (int i = 0; i < 50; i++) {
            HostGate gate = p.checkBeforeConnect(msg, List.of(MX1, MX2), now);
            assertThat(gate.verdict()).isEqualTo(HostGate.Verdict.PROCEED);
            RecipientDecision d = p.afterDelivery(msg, allRefused(A), gate, now).get(0);
            if (d.outcome() == Outcome.EXPIRED) {
                assertThat(d.reason()).isEqualTo("retry timeout exceeded: " + REFUSED);
                return now;
            }
            assertThat(d.outcome()).isEqualTo(Outcome.DEFERRED);
            now = d.nextAttempt();
        }
        throw new AssertionError("never expired");
    }

    @Test
    void pastTheCutoffTheAddressExpiresAndLaterMessagesBounceWithoutTrying() {
        RetryPolicy p = policy("* * F,1h,15m");
        Instant expiredAt = failUntilExpired(p, message("MSG1", T0));
        assertThat(expiredAt).isEqualTo(T0.plus(Duration.ofMinutes(75)));
        assertThat(store.get("T:mx1.example.com:192.0.2.1").orElseThrow().expired()).isTrue();

        Instant next = expiredAt.plus(Duration.ofMinutes(5));
        HostGate gate = p.checkBeforeConnect(message("MSG2", next), List.of(MX1, MX2), next);
        assertThat(gate.verdict()).isEqualTo(HostGate.Verdict.BOUNCE);
        assertThat(gate.reply().toString())
                .startsWith("550 5.4.7 retry time not reached for any host after a long failure period");
        assertThat(gate.decisionsFor(List.of(A))).extracting(RecipientDecision::outcome)
                .containsExactly(Outcome.EXPIRED);

        Instant retryTime = expiredAt.plus(Duration.ofMinutes(15));
        assertThat(p.checkBeforeConnect(message("MSG2", next), List.of(MX1, MX2), retryTime).verdict())
                .as("at the post-cutoff retry time one more try is made").isEqualTo(HostGate.Verdict.PROCEED);
    }

    @Test
    void withoutDelayAfterCutoffHostsNotTriedSinceArrivalAreTried() {
        RetrySettings noDelay = new RetrySettings(Duration.ofHours(24), Duration.ofDays(7), false, true);
        RetryPolicy p = policy("* * F,1h,15m", noDelay);
        Instant expiredAt = failUntilExpired(p, message("MSG1", T0));
        Instant next = expiredAt.plus(Duration.ofMinutes(5));

        HostGate newer = p.checkBeforeConnect(message("MSG2", next), List.of(MX1, MX2), next);
        assertThat(newer.verdict()).isEqualTo(HostGate.Verdict.PROCEED);
        assertThat(newer.hops()).containsExactly(MX1, MX2);

        HostGate older = p.checkBeforeConnect(message("MSG3", expiredAt.minusSeconds(60)), List.of(MX1, MX2), next);
        assertThat(older.verdict()).isEqualTo(HostGate.Verdict.BOUNCE);
        assertThat(older.reply().text()).contains("were last tried after this message arrived");
    }

    @Test
    void skippedHostsKeepTheAddressFromTimingOut() {
        RetryPolicy p = policy("* * F,1h,15m");
        Instant now = T0.plus(Duration.ofHours(3));
        store.put(new RetryRecord("T:mx1.example.com:192.0.2.1", T0, now.minus(Duration.ofMinutes(15)), now, false,
                "refused_MX", "refused"));
        store.put(new RetryRecord("T:mx2.example.com:192.0.2.2", now.minus(Duration.ofMinutes(10)),
                now.minus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(5)), false, "refused_MX", "refused"));
        RetryContext msg = message("MSG1", now.minus(Duration.ofMinutes(10)));

        HostGate gate = p.checkBeforeConnect(msg, List.of(MX1, MX2), now);
        assertThat(gate.hops()).containsExactly(MX1);
        assertThat(gate.retrySkipped()).isTrue();
        DeliveryReport report = new DeliveryReport(
                List.of(new RecipientResult(A, REFUSED, Phase.CONNECT, Cause.REFUSED, MX1, null)),
                List.of(refused(MX1)));

        RecipientDecision d = p.afterDelivery(msg, report, gate, now).get(0);

        assertThat(store.get("T:mx1.example.com:192.0.2.1").orElseThrow().expired()).isTrue();
        assertThat(d.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(d.nextAttempt()).as("when the skipped host comes due").isEqualTo(now.plus(Duration.ofMinutes(5)));
    }

    @Test
    void hintsOlderThanDataExpireAreIgnored() {
        RetrySettings shortExpiry = new RetrySettings(Duration.ofHours(24), Duration.ofHours(1), true, true);
        Instant now = T0.plus(Duration.ofHours(2));
        RetryRecord old = new RetryRecord("T:mx1.example.com:192.0.2.1", T0, T0, T0.plus(Duration.ofHours(3)), false,
                "refused_MX", "refused");
        store.put(old);
        RetryContext msg = message("MSG1", now);

        assertThat(policy(DEFAULT_RULES).checkBeforeConnect(msg, List.of(MX1), now).verdict())
                .isEqualTo(HostGate.Verdict.DEFER);
        RetryPolicy p = policy(DEFAULT_RULES, shortExpiry);
        HostGate gate = p.checkBeforeConnect(msg, List.of(MX1), now);
        assertThat(gate.verdict()).isEqualTo(HostGate.Verdict.PROCEED);

        p.afterDelivery(msg, new DeliveryReport(List.of(new RecipientResult(A, REFUSED, Phase.CONNECT, Cause.REFUSED,
                MX1, null)), List.of(refused(MX1))), gate, now);
        RetryRecord fresh = store.get("T:mx1.example.com:192.0.2.1").orElseThrow();
        assertThat(fresh.firstFailed()).as("failing anew, not since T0").isEqualTo(now);
        assertThat(p.purge(now.plus(Duration.ofHours(2)))).isEqualTo(1);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void failedLookupHoldsTheDomainUntilItsRetryTime() {
        RetryPolicy p = policy(DEFAULT_RULES);
        RetryContext msg = message("MSG1", T0);
        SmtpReply servfail = SmtpReply.local(451, "4.4.3", "DNS lookup for example.com failed: SERVFAIL");
        DeliveryReport lookupFailed = new DeliveryReport(List.of(
                new RecipientResult(A, servfail, Phase.LOOKUP, Cause.LOCAL, null, null),
                new RecipientResult(B, servfail, Phase.LOOKUP, Cause.LOCAL, null, null)), List.of());

        List<RecipientDecision> d = p.afterDelivery(msg, lookupFailed, null, T0);

        assertThat(d).extracting(RecipientDecision::outcome).containsOnly(Outcome.DEFERRED);
        assertThat(store.get("R:example.com").orElseThrow().error()).isEqualTo("lookup");
        Instant soon = T0.plus(Duration.ofMinutes(5));
        assertThat(p.checkRecipients(message("MSG2", soon), List.of(A, B), soon).held()).hasSize(2);
        Instant due = T0.plus(Duration.ofMinutes(15));
        assertThat(p.checkRecipients(msg, List.of(A, B), due).proceed()).containsExactly(A, B);

        p.afterDelivery(msg, new DeliveryReport(List.of(delivered(A, MX1), delivered(B, MX1)),
                List.of(connected(MX1))), null, due);
        assertThat(store.get("R:example.com")).as("resolving worked").isEmpty();
    }

    @Test
    void messageOlderThanTheLastCutoffMayTryAHostWhoseRetryTimeHasNotCome() {
        RetryPolicy p = policy(DEFAULT_RULES);
        Instant now = T0.plus(Duration.ofDays(5));
        store.put(new RetryRecord("T:mx1.example.com:192.0.2.1", now.minus(Duration.ofHours(1)),
                now.minus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(5)), false, "refused_MX", "refused"));

        assertThat(p.checkBeforeConnect(message("OLD", T0), List.of(MX1), now).verdict())
                .isEqualTo(HostGate.Verdict.PROCEED);
        assertThat(p.checkBeforeConnect(message("NEW", now.minus(Duration.ofHours(1))), List.of(MX1), now).verdict())
                .isEqualTo(HostGate.Verdict.DEFER);
    }

    @Test
    void failureOnAReusedConnectionWritesNoHostHint() {
        RetryPolicy p = policy(DEFAULT_RULES);
        RetryContext msg = message("MSG1", T0);
        ConnectionAttempt reusedLost = new ConnectionAttempt(MX1, null, true,
                SmtpReply.local(451, "4.4.2", "connection lost"), Phase.MAIL, Cause.LOST_CONNECTION);
        DeliveryReport report = new DeliveryReport(List.of(result(A, 451, "4.4.2 connection lost", Phase.MAIL,
                Cause.LOST_CONNECTION, MX1)), List.of(reusedLost));

        RecipientDecision d = p.afterDelivery(msg, report, null, T0).get(0);

        assertThat(d.outcome()).isEqualTo(Outcome.DEFERRED);
        assertThat(d.nextAttempt()).isEqualTo(T0);
        assertThat(store.all()).isEmpty();
    }
}
