package org.camelmta.component;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.camelmta.dns.IpStrategy;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.PlanFailure;
import org.camelmta.dns.PlanResult;
import org.camelmta.submit.MtaHeaders;

/**
 * The delivery route's MX resolution step ({@code mtaResolver}): turns the message's domain
 * into a connection plan for {@code smtp-delivery}. The route may choose the IP strategy per
 * message by setting {@code mtaIpStrategy} first (Stalwart's "IPv6 on the first try, IPv4
 * after" is a Simple expression on {@code mtaAttempt}).
 */
public class MxResolutionProcessor {

    /** Header: the IP strategy for this message ({@code ipv4_only}, {@code ipv6_then_ipv4}, ...). */
    public static final String IP_STRATEGY = "mtaIpStrategy";

    private final MxResolver resolver;

    public MxResolutionProcessor(MxResolver resolver) {
        this.resolver = resolver;
    }

    public void resolve(Exchange exchange) {
        Message in = exchange.getMessage();
        String domain = in.getHeader(MtaHeaders.DOMAIN, String.class);
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("message has no " + MtaHeaders.DOMAIN + " property");
        }
        String strategy = in.getHeader(IP_STRATEGY, String.class);
        String loop = in.getHeader(MtaHeaders.LOOP, String.class);
        PlanResult plan;
        if (loop != null) {
            // Postfix's hopcount_limit: a looping message bounces instead of going round again,
            // with the status of a routing loop (RFC 3463 X.4.6), as an MX pointing at us does.
            plan = new PlanFailure(554, "5.4.6", loop);
            in.setHeader(SmtpDeliveryConstants.CONNECTION_PLAN, plan);
            return;
        }
        try {
            plan = resolver.plan(domain, strategy == null || strategy.isBlank() ? null : IpStrategy.parse(strategy));
        } catch (IllegalArgumentException e) {
            plan = new PlanFailure(451, "4.3.5", "bad " + IP_STRATEGY + " for " + domain + ": " + e.getMessage());
        }
        in.setHeader(SmtpDeliveryConstants.CONNECTION_PLAN, plan);
    }

    public MxResolver resolver() {
        return resolver;
    }
}
