package org.camelmta.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;

/**
 * The addresses found for one host, and the temporary failure of its A or AAAA look-up, if any
 * (so that "no usable host" can say "try again" when DNS, not the zone, was the problem).
 *
 * @param addresses IPv4 and IPv6 addresses, as DNS gave them
 * @param temporary the failure of a look-up that may succeed later, else null
 */
record HostAddresses(List<InetAddress> addresses, PlanFailure temporary) {

    HostAddresses {
        addresses = List.copyOf(addresses);
    }

    static HostAddresses of(MxHost host, LookupOutcome a, LookupOutcome aaaa) {
        List<InetAddress> found = new ArrayList<>();
        addTo(found, a);
        addTo(found, aaaa);
        PlanFailure temporary = null;
        if (a instanceof LookupOutcome.TryAgain t) {
            temporary = DnsFailures.tryAgain(host.name(), "A", t.reason());
        } else if (aaaa instanceof LookupOutcome.TryAgain t) {
            temporary = DnsFailures.tryAgain(host.name(), "AAAA", t.reason());
        }
        return new HostAddresses(found, temporary);
    }

    private static void addTo(List<InetAddress> found, LookupOutcome outcome) {
        if (outcome instanceof LookupOutcome.Found f) {
            for (Record r : f.records()) {
                InetAddress named = r instanceof ARecord a ? a.getAddress()
                        : r instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
                if (named != null) {
                    found.add(plain(named));
                }
            }
        }
    }

    // dnsjava attaches the owner name to the address; plans and logs want the bare address.
    private static InetAddress plain(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
