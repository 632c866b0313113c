package org.camelmta.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns ordered hosts and their addresses into a {@link ConnectionPlan}: the one place where
 * loop avoidance, the IP strategy and the limits apply. Pure: no DNS, randomness passed in.
 */
final class PlanBuilder {

    private final ResolverSettings settings;

    PlanBuilder(ResolverSettings settings) {
        this.settings = settings;
    }

    /**
     * @param domain     the destination the plan is for
     * @param hosts      the hosts in the order to try them (MX order already applied)
     * @param addresses  what each host's look-ups found; a host missing here was not looked up
     * @param port       the port every hop uses
     * @param strategy   the address families to use, and their order
     * @param checkLoops whether to drop this engine and every host not better than it
     * @param route      the static route the hosts came from, carried by every hop; null for MX.
     *                   A route's hosts are the operator's choice, so their addresses are not held
     *                   to {@link ResolverSettings#allowedNetworks()}
     */
    PlanResult build(String domain, List<MxHost> hosts, Map<MxHost, HostAddresses> addresses, int port,
                     IpStrategy strategy, boolean checkLoops, StaticRoute route, Random random) {
        List<MxHost> candidates = checkLoops ? betterThanSelf(hosts, addresses) : hosts;
        if (candidates.isEmpty()) {
            return DnsFailures.loopsBack(domain);
        }
        List<Hop> hops = new ArrayList<>();
        PlanFailure temporary = null;
        PlanFailure refused = null;
        int hostsUsed = 0;
        for (MxHost host : candidates) {
            if (hostsUsed == settings.mxLimit() || hops.size() == settings.addressLimit()) {
                break;
            }
            HostAddresses found = addresses.get(host);
            if (found == null) {
                continue;
            }
            List<InetAddress> usable = ordered(found.addresses(), strategy, random);
            if (route == null) {
                List<InetAddress> allowed = new ArrayList<>(usable.size());
                for (InetAddress a : usable) {
                    var why = settings.allowedNetworks().refusal(a);
                    if (why.isEmpty()) {
                        allowed.add(a);
                    } else if (refused == null) {
                        refused = DnsFailures.nonPublic(domain, host.host(), a, why.get());
                    }
                }
                if (allowed.isEmpty() && !usable.isEmpty()) {
                    continue; // like KumoMTA's skip_hosts: the other hosts may still be public
                }
                usable = allowed;
            }
            if (usable.isEmpty()) {
                // RFC 5321 §5.1: a host without usable addresses is skipped, not fatal.
                temporary = temporary != null ? temporary : found.temporary();
                continue;
            }
            hostsUsed++;
            for (InetAddress address : usable.subList(0, Math.min(usable.size(), settings.multihomedLimit()))) {
                if (hops.size() == settings.addressLimit()) {
                    break;
                }
                hops.add(new Hop(host.host(), host.preference(), address, port, host.fromMx(), route));
            }
        }
        if (hops.isEmpty()) {
            if (temporary != null) {
                return temporary; // the host not yet resolved may yet prove public
            }
            return refused != null ? refused : DnsFailures.noUsableHost(domain, candidates, strategy);
        }
        return new ConnectionPlan(domain, hops);
    }

    // RFC 5321 §5.1: if this engine is among the MX hosts, drop it and every host of equal or
    // worse preference, so mail only ever moves to a better MX.
    private List<MxHost> betterThanSelf(List<MxHost> hosts, Map<MxHost, HostAddresses> addresses) {
        int selfPreference = Integer.MAX_VALUE;
        for (MxHost host : hosts) {
            HostAddresses found = addresses.get(host);
            List<InetAddress> known = found == null ? List.of() : found.addresses();
            if (settings.isLocal(host.host(), known)) {
                selfPreference = Math.min(selfPreference, host.preference());
            }
        }
        if (selfPreference == Integer.MAX_VALUE) {
            return hosts;
        }
        List<MxHost> better = new ArrayList<>();
        for (MxHost host : hosts) {
            if (host.preference() < selfPreference) {
                better.add(host);
            }
        }
        return better;
    }

    // The strategy's families only, its preferred family first. Within a family the order is
    // random, as Postfix's smtp_randomize_addresses, so the multihomed cap does not always pick
    // the same addresses of a host.
    private static List<InetAddress> ordered(List<InetAddress> addresses, IpStrategy strategy, Random random) {
        List<InetAddress> usable = new ArrayList<>();
        for (InetAddress a : new LinkedHashSet<>(addresses)) {
            if (a instanceof Inet4Address ? strategy.usesIpv4() : strategy.usesIpv6()) {
                usable.add(a);
            }
        }
        Collections.shuffle(usable, random);
        usable.sort(Comparator.comparing(a -> !strategy.prefers(a)));
        return usable;
    }
}
