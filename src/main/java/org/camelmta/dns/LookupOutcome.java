package org.camelmta.dns;

import java.util.List;
import org.xbill.DNS.Record;

/** What one DNS look-up (name, type) gave, with dnsjava's exceptions already classified. */
sealed interface LookupOutcome {

    /** Records of the asked type, CNAMEs already followed. */
    record Found(List<Record> records) implements LookupOutcome {
        public Found {
            records = List.copyOf(records);
        }
    }

    /** The name exists but has no records of the type (NODATA). */
    record NoData() implements LookupOutcome {
    }

    /** The name does not exist (NXDOMAIN). */
    record NxDomain() implements LookupOutcome {
    }

    /** No answer that can be trusted now: SERVFAIL, timeout, truncation with TCP failing. */
    record TryAgain(String reason) implements LookupOutcome {
    }
}
