package org.camelmta.dns;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.lookup.LookupFailedException;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.RedirectLoopException;
import org.xbill.DNS.lookup.RedirectOverflowException;
import org.xbill.DNS.lookup.ServerFailedException;

/**
 * Asynchronous look-ups through dnsjava's {@link LookupSession} (CNAMEs followed, answers
 * cached), each turned into a {@link LookupOutcome}: the one place where dnsjava's exceptions
 * are classified.
 */
final class DnsLookups {

    private final LookupSession session;
    private final DnsCache cache;
    private final Duration timeout;

    /**
     * @param timeout how long one look-up may take, CNAMEs followed and retries included
     * @param cache   null for no caching
     */
    DnsLookups(Resolver resolver, Duration timeout, DnsCache cache, Executor executor) {
        this.timeout = timeout;
        this.cache = cache;
        // builder(), not defaultBuilder(): no hosts file and no search path. Every name asked is
        // absolute, so ndots never applies.
        LookupSession.LookupSessionBuilder builder = LookupSession.builder()
                .resolver(resolver)
                .executor(executor)
                .clearSearchPath();
        if (cache != null) {
            builder.cache(cache);
        }
        this.session = builder.build();
    }

    CompletableFuture<LookupOutcome> lookup(Name absoluteName, int type) {
        LookupOutcome negative = cache == null ? null : cache.cachedNegative(absoluteName, type);
        if (negative != null) {
            return CompletableFuture.completedFuture(negative);
        }
        // dnsjava checks its own timeouts on a selector tick of up to a second
        // (dnsjava.nio.selector_timeout); orTimeout makes the configured timeout exact.
        return session.lookupAsync(absoluteName, type).toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, error) -> error == null ? found(result, type) : classify(error));
    }

    private static LookupOutcome found(LookupResult result, int type) {
        List<Record> records = result.getRecords().stream()
                .filter(r -> r.getType() == type)
                .collect(Collectors.toList());
        // LookupSession returns an empty result for a fresh NODATA answer, and throws
        // NoSuchRRSetException for the same answer once it is cached (which lookup() answers
        // from the cache first, so that is left for an answer cached meanwhile).
        return records.isEmpty() ? new LookupOutcome.NoData() : new LookupOutcome.Found(records);
    }

    static LookupOutcome classify(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof NoSuchDomainException) {
            return new LookupOutcome.NxDomain();
        }
        if (e instanceof NoSuchRRSetException) {
            return new LookupOutcome.NoData();
        }
        if (e instanceof ServerFailedException) {
            return new LookupOutcome.TryAgain("server failure");
        }
        if (e instanceof RedirectLoopException) {
            return new LookupOutcome.TryAgain("CNAME loop");
        }
        if (e instanceof RedirectOverflowException) {
            return new LookupOutcome.TryAgain("too many CNAMEs");
        }
        if (e instanceof LookupFailedException) {
            return new LookupOutcome.TryAgain(e.getMessage());
        }
        if (e instanceof TimeoutException || e instanceof SocketTimeoutException) {
            return new LookupOutcome.TryAgain("timed out");
        }
        if (e instanceof EOFException) {
            // what truncation over UDP followed by a TCP connection closed unanswered looks like
            return new LookupOutcome.TryAgain("connection closed without an answer");
        }
        if (e instanceof IOException) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new LookupOutcome.TryAgain(why);
        }
        return new LookupOutcome.TryAgain(e.toString());
    }
}
