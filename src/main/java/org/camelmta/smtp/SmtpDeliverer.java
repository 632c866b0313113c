package org.camelmta.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.Hop;
import org.camelmta.dns.RelayCredentials;
import org.camelmta.submit.MailAddress;

/**
 * Delivers one message to one destination by walking its connection plan (OkHttp's route
 * planner, James' MX walker): take a cached session for the next hop, else connect; run the
 * transaction; on a failure while connecting go to the next hop; on a failure in the middle
 * of the message do what the {@link ReconnectStrategy} says. Returns a result for every
 * recipient, never an exception for anything the network or the server does.
 */
public final class SmtpDeliverer {

    /** How long a delivery waits for a connection slot to a busy destination, by default. */
    public static final Duration DEFAULT_SLOT_WAIT = Duration.ofSeconds(30);
    /**
     * While waiting for a slot, how often to look in the cache again: a session released by
     * another delivery keeps its slot, so it is taken from the cache, not waited for.
     */
    private static final Duration SLOT_POLL = Duration.ofMillis(20);
    /**
     * Recipients per transaction, by default: RFC 5321 §4.5.3.1.8's minimum a server must take
     * (so no honest server refuses it), and Exim's {@code max_rcpt}. Postfix's 50
     * ({@code smtp_destination_recipient_limit}) is a scheduler's choice, not a protocol one.
     */
    public static final int DEFAULT_RCPT_PER_TRANSACTION = 100;

    private final ConnectionCache cache;
    private final DestinationLimiter limiter;
    private final Duration slotWait;
    private final SmtpObserver observer;
    private final int rcptPerTransaction;

    public SmtpDeliverer(ConnectionCache cache, DestinationLimiter limiter) {
        this(cache, limiter, DEFAULT_SLOT_WAIT);
    }

    public SmtpDeliverer(ConnectionCache cache, DestinationLimiter limiter, Duration slotWait) {
        this(cache, limiter, slotWait, SmtpObserver.NONE);
    }

    /**
     * @param slotWait how long a delivery waits for a connection to a destination that has as
     *                 many open as the limiter allows; past it, that hop fails with
     *                 {@code 451 4.4.5} and delivery goes on to the next
     * @param observer told how long each phase of every session this deliverer opens takes
     */
    public SmtpDeliverer(ConnectionCache cache, DestinationLimiter limiter, Duration slotWait, SmtpObserver observer) {
        this(cache, limiter, slotWait, observer, DEFAULT_RCPT_PER_TRANSACTION);
    }

    /**
     * @param rcptPerTransaction most recipients in one mail transaction; the rest go in the
     *                           next one on the same connection, as after a 452 "too many
     *                           recipients" (RFC 5321 §4.5.3.1.10)
     */
    public SmtpDeliverer(ConnectionCache cache, DestinationLimiter limiter, Duration slotWait, SmtpObserver observer,
                         int rcptPerTransaction) {
        if (rcptPerTransaction < 1) {
            throw new IllegalArgumentException("recipients per transaction must be at least 1: " + rcptPerTransaction);
        }
        this.cache = cache;
        this.limiter = limiter;
        this.slotWait = slotWait;
        this.observer = observer;
        this.rcptPerTransaction = rcptPerTransaction;
    }

    public ConnectionCache cache() {
        return cache;
    }

    public DestinationLimiter limiter() {
        return limiter;
    }

    public DeliveryReport deliver(ConnectionPlan plan, MailTransaction tx, DeliveryOptions options) {
        return new Walk(plan, tx, options).run();
    }

    /** The state of one walk along one plan. */
    private final class Walk {
        private final ConnectionPlan plan;
        private final MailTransaction tx;
        private final DeliveryOptions options;
        private final List<RecipientResult> results = new ArrayList<>();
        private final List<ConnectionAttempt> attempts = new ArrayList<>();
        private List<MailAddress> pending;
        /** The whole attempt ends by this, however many hosts and phases it takes. */
        private final Deadline cap;
        private SmtpFailure lastFailure;
        private Hop lastHop;
        private InetAddress lastSource;

        Walk(ConnectionPlan plan, MailTransaction tx, DeliveryOptions options) {
            this.plan = plan;
            this.tx = tx;
            this.options = options;
            this.pending = new ArrayList<>(tx.recipients());
            this.cap = Deadline.after(options.strategy().timeouts().attempt());
        }

        DeliveryReport run() {
            List<Hop> hops = plan.hops();
            int sameHostReconnects = 0;
            boolean mayReuse = true;
            int i = 0;
            while (!pending.isEmpty() && i < hops.size()) {
                if (cap.passed()) {
                    attemptTimedOut();
                    break;
                }
                Hop hop = hops.get(i);
                Opened opened = open(hop, mayReuse);
                mayReuse = true;
                if (opened == null) {
                    i = skipAfterConnectFailure(hops, i);
                    continue;
                }
                InetAddress source = opened.session().localAddress(); // a closed socket forgets it
                Broken broke = transact(opened);
                if (broke == null) {
                    continue; // everything settled; the loop ends on empty pending
                }
                if (broke.diedWhileIdle()) {
                    // A cached connection the server had closed while it idled: not a delivery
                    // failure, and no reason to leave this hop. Connect afresh.
                    mayReuse = false;
                    continue;
                }
                lastFailure = broke.failure();
                lastHop = hop;
                lastSource = source;
                switch (options.reconnect()) {
                    case TERMINATE_SESSION -> i = hops.size();
                    case RECONNECT_SAME_HOST -> {
                        if (sameHostReconnects++ >= 1) {
                            i = hops.size(); // once per attempt; a host that keeps failing waits for the retry
                        }
                    }
                    case CONNECT_NEXT_HOST -> i++;
                }
            }
            settlePending();
            return new DeliveryReport(inRecipientOrder(), attempts);
        }

        /**
         * Runs transactions on a session until its recipients are settled (null) or it breaks
         * in the middle of a message; gives the session back to the cache either way.
         */
        private Broken transact(Opened opened) {
            SmtpSession session = opened.session();
            session.capAt(cap);
            try {
                while (!pending.isEmpty() && !cap.passed()) {
                    List<MailAddress> batch = pending.subList(0, Math.min(pending.size(), rcptPerTransaction));
                    List<MailAddress> later = new ArrayList<>(pending.subList(batch.size(), pending.size()));
                    TransactionResult r = session.send(tx.withRecipients(List.copyOf(batch)));
                    results.addAll(r.decided());
                    if (r.broken() != null) {
                        pending = new ArrayList<>(r.undecided());
                        pending.addAll(later);
                        boolean diedWhileIdle = opened.reused() && r.decided().isEmpty() && diedOnReuse(r.broken());
                        if (diedWhileIdle) {
                            cache.countDeadOnReuse(session);
                        }
                        return new Broken(r.broken(), diedWhileIdle);
                    }
                    pending = new ArrayList<>(r.retryNow());
                    pending.addAll(later);
                }
                return null;
            } finally {
                session.capAt(Deadline.NONE); // the next attempt to take it from the cache sets its own
                cache.release(opened.key(), session);
            }
        }

        private Opened open(Hop hop, boolean mayReuse) {
            Opened opened = open(hop, options.tls(), mayReuse);
            if (opened == null && options.tls() == TlsPolicy.OPPORTUNISTIC && hop.credentials() == null
                    && lastFailure != null
                    && lastFailure.phase() == Phase.STARTTLS
                    && (lastFailure.cause() == Cause.TLS || lastFailure.cause() == Cause.TIMEOUT)) {
                // TLS failed (or hung) on a host that is there: try it again in clear, on a new
                // connection, never on the one that started TLS. Not a relay with credentials:
                // they are never sent in clear, so the handshake failure is the answer.
                opened = open(hop, TlsPolicy.DISABLED, true);
            }
            return opened;
        }

        /** A session to {@code hop}: from the cache when {@code mayReuse}, else newly connected. */
        private Opened open(Hop hop, TlsPolicy tls, boolean mayReuse) {
            ConnectionStrategy strategy = options.strategy();
            // Credentials come with the hop (its static route), never with the recipient's
            // domain; where they go, or where TLS is required, the certificate is checked.
            RelayCredentials cred = hop.credentials();
            SessionOptions.Verification verification = cred != null || tls == TlsPolicy.REQUIRE
                    ? new SessionOptions.Verification(options.trust(), ServerIdentity.of(hop)) : null;
            SessionKey key = new SessionKey(hop.socketAddress(), strategy.id(), tls, cred == null ? null : cred.username(),
                    verification == null ? null : verification.identity().toString());
            InetAddress source = strategy.pickSource(hop.address());
            long deadline = System.nanoTime() + Math.min(slotWait.toNanos(), cap.remainingNanos());
            DestinationLimiter.Slot slot;
            for (boolean first = true; ; first = false) {
                if (mayReuse) {
                    SmtpSession cached = first ? cache.take(key) : cache.takeAgain(key);
                    if (cached != null) {
                        attempts.add(ConnectionAttempt.succeeded(hop, cached.localAddress(), true));
                        return new Opened(key, cached, true);
                    }
                }
                slot = acquire(hop, Duration.ZERO);
                if (slot != null) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    fail(hop, source, new SmtpFailure(SmtpReply.local(451, "4.4.5", "too many concurrent connections to "
                            + hop), Phase.CONNECT, Cause.LOCAL));
                    return null;
                }
                // Every slot is held. An idle session of another kind (another strategy, TLS
                // state or user) gives its slot up; otherwise wait a little and look again.
                cache.evictOneFor(hop.socketAddress(), key);
                slot = acquire(hop, Duration.ofNanos(Math.min(left, SLOT_POLL.toNanos())));
                if (slot != null) {
                    break;
                }
            }
            SessionOptions so = new SessionOptions(strategy.ehloFor(source), strategy.timeouts(), tls,
                    InsecureTls.socketFactory(), cred, verification);
            try {
                SmtpSession session = SmtpSession.open(hop, source, so, observer, cap);
                session.onClose(slot::release);
                attempts.add(ConnectionAttempt.succeeded(hop, session.localAddress(), false));
                return new Opened(key, session, false);
            } catch (SmtpFailure f) {
                slot.release();
                fail(hop, source, f);
                return null;
            } catch (RuntimeException e) {
                slot.release();
                throw e;
            }
        }

        private DestinationLimiter.Slot acquire(Hop hop, Duration wait) {
            try {
                return limiter.acquire(hop.socketAddress(), wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        private void fail(Hop hop, InetAddress source, SmtpFailure f) {
            attempts.add(ConnectionAttempt.failed(hop, source, f));
            lastFailure = f;
            lastHop = hop;
            lastSource = source;
        }

        /**
         * After a failed connection, the next hop; but a host that greeted (or answered EHLO)
         * with 5xx is skipped at all its addresses, as Postfix's {@code smtp_skip_5xx_greeting}.
         */
        private int skipAfterConnectFailure(List<Hop> hops, int i) {
            boolean refusedToTalk = lastFailure.cause() == Cause.REPLY && lastFailure.reply().isPermanent()
                    && (lastFailure.phase() == Phase.GREETING || lastFailure.phase() == Phase.EHLO);
            int next = i + 1;
            while (refusedToTalk && next < hops.size() && hops.get(next).host().equals(hops.get(i).host())) {
                next++;
            }
            return next;
        }

        /**
         * The attempt's time is up between two steps (a step under way ends itself at the cap):
         * what is left waits for the next attempt, unless a failure already says why.
         */
        private void attemptTimedOut() {
            if (lastFailure == null || lastFailure.cause() != Cause.TIMEOUT) {
                lastFailure = new SmtpFailure(SmtpReply.local(451, "4.4.7", "delivery attempt for " + plan.domain()
                        + " took longer than " + options.strategy().timeouts().attempt()
                        + " (the delivery attempt's time limit was reached)"), Phase.CONNECT, Cause.TIMEOUT);
            }
        }

        /** Recipients nobody answered: they get the last failure, always as a temporary one. */
        private void settlePending() {
            if (pending.isEmpty()) {
                return;
            }
            SmtpReply reply;
            Phase phase;
            Cause cause;
            if (lastFailure == null) {
                reply = SmtpReply.local(451, "4.4.4", "no usable host for " + plan.domain());
                phase = Phase.CONNECT;
                cause = Cause.LOCAL;
            } else {
                reply = lastFailure.reply();
                phase = lastFailure.phase();
                cause = lastFailure.cause();
                if (reply.isPermanent()) {
                    // A server that will not talk to us says nothing about the recipients:
                    // defer, as Postfix does when it skips 5xx greetings.
                    reply = SmtpReply.local(451, "4.3.0", "host " + lastHop + " refused to talk to me: " + reply);
                }
            }
            for (MailAddress r : pending) {
                results.add(new RecipientResult(r, reply, phase, cause, lastHop, lastSource));
            }
            pending = List.of();
        }

        private List<RecipientResult> inRecipientOrder() {
            Map<MailAddress, RecipientResult> byRecipient = new HashMap<>();
            for (RecipientResult r : results) {
                byRecipient.put(r.recipient(), r);
            }
            List<RecipientResult> ordered = new ArrayList<>(tx.recipients().size());
            for (MailAddress r : tx.recipients()) {
                ordered.add(byRecipient.get(r));
            }
            return ordered;
        }
    }

    /**
     * How a reused session that settled nobody shows it had died while it idled: it failed at
     * the RSET heading its transaction (in any way: lost, timed out, refused), or the connection
     * was lost at the first command after an answered RSET.
     */
    private static boolean diedOnReuse(SmtpFailure broken) {
        return broken.phase() == Phase.RSET
                || (broken.phase() == Phase.MAIL && broken.cause() == Cause.LOST_CONNECTION);
    }

    private record Opened(SessionKey key, SmtpSession session, boolean reused) {
    }

    /** A session that broke mid-message, and whether it was a cached one found dead on its first command. */
    private record Broken(SmtpFailure failure, boolean diedWhileIdle) {
    }
}
