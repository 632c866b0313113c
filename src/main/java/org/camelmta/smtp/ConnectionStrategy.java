package org.camelmta.smtp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A named way of connecting (Stalwart's {@code queue.connection.<id>}): the EHLO name, the
 * source addresses to send from, per-phase timeouts and the TLS policy. Several can be
 * configured; a message selects one by name, {@code default} otherwise.
 *
 * @param id           the strategy's name
 * @param ehloHostname the EHLO name, unless the chosen source address has its own
 * @param sourceIps    local addresses to bind, IPv4 and IPv6; empty lets the system choose
 * @param ehloBySource per-source EHLO names (Stalwart's {@code queue.source-ip."<ip>".ehlo-hostname})
 * @param timeouts     per-phase timeouts
 * @param tlsPolicy    when to use STARTTLS
 */
public record ConnectionStrategy(String id, String ehloHostname, List<InetAddress> sourceIps,
                                 Map<InetAddress, String> ehloBySource, SmtpTimeouts timeouts, TlsPolicy tlsPolicy) {

    public ConnectionStrategy {
        sourceIps = List.copyOf(sourceIps);
        ehloBySource = Map.copyOf(ehloBySource);
    }

    /**
     * A source address of the destination's family, picked at random for a new connection;
     * null when the strategy has none of that family (the system then chooses).
     */
    public InetAddress pickSource(InetAddress destination) {
        boolean v4 = destination instanceof Inet4Address;
        List<InetAddress> candidates = new ArrayList<>(sourceIps.size());
        for (InetAddress ip : sourceIps) {
            if ((ip instanceof Inet4Address) == v4) {
                candidates.add(ip);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    /** The EHLO name for a connection from {@code source}. */
    public String ehloFor(InetAddress source) {
        if (source != null) {
            String own = ehloBySource.get(source);
            if (own != null) {
                return own;
            }
        }
        return ehloHostname;
    }
}
