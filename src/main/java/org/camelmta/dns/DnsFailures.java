package org.camelmta.dns;

import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;

/**
 * Every {@link PlanFailure} the resolver can give, worded the way Postfix words DNS failures
 * ("Host or domain name not found. Name service error for name=... type=MX: Host not found,
 * try again") and coded the way KumoMTA codes local failures (null MX 556 5.1.10, no hosts 4.4.4).
 */
final class DnsFailures {

    private DnsFailures() {
    }

    /** NXDOMAIN: the domain does not exist, so it never will accept mail. */
    static PlanFailure notFound(Name name, String type) {
        return new PlanFailure(550, "5.1.2", nameServiceError(name, type) + "Host not found");
    }

    /** SERVFAIL, timeout, truncation with TCP failing, and the like: worth another try. */
    static PlanFailure tryAgain(Name name, String type, String reason) {
        String detail = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        return new PlanFailure(451, "4.4.3", nameServiceError(name, type) + "Host not found, try again" + detail);
    }

    /** RFC 7505: the domain says it accepts no mail. */
    static PlanFailure nullMx(String domain) {
        return new PlanFailure(556, "5.1.10", "Domain " + domain + " does not accept mail (nullMX)");
    }

    /** MX records (or the implicit MX) lead to no address this engine may use. */
    static PlanFailure noUsableHost(String domain, List<MxHost> hosts, IpStrategy strategy) {
        String names = hosts.stream().map(MxHost::host).distinct().collect(Collectors.joining(", "));
        String families = switch (strategy) {
            case IPV4_ONLY -> "IPv4 address";
            case IPV6_ONLY -> "IPv6 address";
            default -> "address";
        };
        return new PlanFailure(451, "4.4.4", "No usable host for " + domain + ": no " + families
                + " for " + names + " (ip-strategy " + strategy.spelling() + ")");
    }

    /**
     * Every address the domain's MX hosts (or its address literal) lead to is non-public and
     * not in {@code mta.outbound.allowed-networks}. Permanent, as KumoMTA fails
     * {@code prohibited_hosts} with 550 5.4.4: public DNS pointing mail at private space is a
     * misconfiguration or an attempt to reach the engine's own network, and neither is fixed by
     * trying again for days while the attempt repeats; the sender learns of it at once, and an
     * operator who does mean to deliver there lists the network (or sets a static route) and
     * resends.
     */
    static PlanFailure nonPublic(String domain, String host, java.net.InetAddress address, String kind) {
        String via = host.equals(address.getHostAddress()) ? "" : " (MX host " + host + ")";
        return new PlanFailure(550, "5.4.4", "Mail for " + domain + via + " resolves to a non-public address "
                + address.getHostAddress() + " (" + kind + "), which " + AllowedNetworks.KEY + " does not allow");
    }

    /** The best MX host is this engine itself (RFC 5321 §5.1). */
    static PlanFailure loopsBack(String domain) {
        return new PlanFailure(554, "5.4.6", "mail for " + domain + " loops back to myself");
    }

    /** A domain no DNS query can be made for. */
    static PlanFailure badDomain(String domain, String why) {
        return new PlanFailure(550, "5.1.2", "Bad destination domain " + domain + ": " + why);
    }

    /**
     * A static route names a host the operator chose, not the recipient's domain: a typo there
     * must defer mail until it is fixed, never bounce it.
     */
    static PlanResult viaRoute(PlanResult result, StaticRoute route) {
        if (!(result instanceof PlanFailure failure) || !failure.isPermanent()) {
            return result;
        }
        return new PlanFailure(451, "4" + failure.enhancedStatus().substring(1),
                failure.text() + " (static route " + route + ")");
    }

    private static String nameServiceError(Name name, String type) {
        return "Host or domain name not found. Name service error for name=" + name.toString(true)
                + " type=" + type + ": ";
    }
}
