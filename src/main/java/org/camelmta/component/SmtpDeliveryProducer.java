package org.camelmta.component;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.camelmta.dns.ConnectionPlan;
import org.camelmta.dns.PlanFailure;
import org.camelmta.dns.PlanResult;
import org.camelmta.smtp.Cause;
import org.camelmta.smtp.ConnectionStrategy;
import org.camelmta.smtp.DeliveryOptions;
import org.camelmta.smtp.DeliveryReport;
import org.camelmta.smtp.MailTransaction;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.ReconnectStrategy;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.smtp.TlsPolicy;
import org.camelmta.submit.DsnRequest;
import org.camelmta.submit.Envelope;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;

/**
 * Delivers the exchange's message and puts the {@link DeliveryReport} in a header. Declared
 * synchronous: the SMTP client blocks on its socket, and the JMS consumer thread that called us
 * holds the transaction the outcome must be committed in.
 */
public class SmtpDeliveryProducer extends DefaultProducer {

    public SmtpDeliveryProducer(SmtpDeliveryEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SmtpDeliveryEndpoint getEndpoint() {
        return (SmtpDeliveryEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        byte[] content = in.getMandatoryBody(byte[].class);
        ReversePath sender = ReversePath.parse(in.getHeader(SmtpDeliveryConstants.SENDER, "", String.class));
        List<MailAddress> recipients = Envelope.parseRecipients(
                in.getHeader(SmtpDeliveryConstants.RECIPIENTS, "", String.class));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients in header " + SmtpDeliveryConstants.RECIPIENTS);
        }
        PlanResult plan = in.getHeader(SmtpDeliveryConstants.CONNECTION_PLAN, PlanResult.class);
        if (plan == null) {
            throw new IllegalStateException("no " + SmtpDeliveryConstants.CONNECTION_PLAN
                    + " header: the route must resolve the destination before smtp-delivery");
        }
        MailTransaction tx = transaction(in, sender, recipients, content);
        in.setHeader(SmtpDeliveryConstants.DELIVERY_REPORT, deliver(exchange, plan, tx));
    }

    private DeliveryReport deliver(Exchange exchange, PlanResult plan, MailTransaction tx) {
        if (plan instanceof PlanFailure failure) {
            return DeliveryReport.allFailed(tx.recipients(),
                    SmtpReply.local(failure.code(), failure.enhancedStatus(), failure.text()), Phase.LOOKUP, Cause.LOCAL);
        }
        ConnectionPlan connectionPlan = (ConnectionPlan) plan;
        DeliveryOptions options;
        try {
            options = options(exchange, connectionPlan.domain());
        } catch (IllegalArgumentException e) {
            // A configuration mistake, not the recipients' fault: keep the mail until it is fixed.
            return DeliveryReport.allFailed(tx.recipients(), SmtpReply.local(451, "4.3.5", e.getMessage()),
                    Phase.CONNECT, Cause.LOCAL);
        }
        return getEndpoint().getComponent().getDeliverer().deliver(connectionPlan, tx, options);
    }

    /** How this message is delivered; an IllegalArgumentException names a bad strategy or header. */
    private DeliveryOptions options(Exchange exchange, String domain) {
        SmtpDeliveryComponent component = getEndpoint().getComponent();
        String strategyId = exchange.getMessage().getHeader(SmtpDeliveryConstants.CONNECTION_STRATEGY,
                getEndpoint().getConfiguration().getConnectionStrategy(), String.class);
        ConnectionStrategy strategy = component.getStrategies().find(strategyId).orElseThrow(
                () -> new IllegalArgumentException("unknown connection strategy '" + strategyId + "'"));
        return DeliveryOptions.of(strategy)
                .withReconnect(reconnectStrategy(exchange))
                .withTls(tlsPolicy(exchange, strategy, domain))
                .withTrust(component.serverTrustOrDefault());
    }

    /** Message header, then endpoint option, then the route's policy, then the component default. */
    private ReconnectStrategy reconnectStrategy(Exchange exchange) {
        String fromHeader = exchange.getMessage().getHeader(SmtpDeliveryConstants.RECONNECT_STRATEGY, String.class);
        if (fromHeader != null && !fromHeader.isBlank()) {
            return parse(SmtpDeliveryConstants.RECONNECT_STRATEGY, fromHeader, ReconnectStrategy::parse);
        }
        String fromEndpoint = getEndpoint().getConfiguration().getReconnectStrategy();
        if (fromEndpoint != null && !fromEndpoint.isBlank()) {
            return ReconnectStrategy.parse(fromEndpoint);
        }
        ReconnectRoutePolicy policy = ReconnectRoutePolicy.of(exchange);
        if (policy != null) {
            return policy.strategy();
        }
        return ReconnectStrategy.parse(getEndpoint().getComponent().getDefaultReconnectStrategy());
    }

    /** Message header, then endpoint option, then the destination's, then the strategy's. */
    private TlsPolicy tlsPolicy(Exchange exchange, ConnectionStrategy strategy, String domain) {
        String fromHeader = exchange.getMessage().getHeader(SmtpDeliveryConstants.TLS_POLICY, String.class);
        if (fromHeader != null && !fromHeader.isBlank()) {
            return parse(SmtpDeliveryConstants.TLS_POLICY, fromHeader, TlsPolicy::parse);
        }
        String fromEndpoint = getEndpoint().getConfiguration().getTlsPolicy();
        if (fromEndpoint != null && !fromEndpoint.isBlank()) {
            return TlsPolicy.parse(fromEndpoint);
        }
        TlsPolicy forDomain = getEndpoint().getComponent().tlsPolicyFor(domain);
        return forDomain != null ? forDomain : strategy.tlsPolicy();
    }

    private static <T> T parse(String header, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("header " + header + ": " + e.getMessage(), e);
        }
    }

    /** The message with its RFC 3461 parameters: from the DsnRequest header, else from the plain ones. */
    private static MailTransaction transaction(Message in, ReversePath sender, List<MailAddress> recipients,
                                               byte[] content) {
        DsnRequest dsn = in.getHeader(SmtpDeliveryConstants.DSN_REQUEST, DsnRequest.class);
        if (dsn != null) {
            Map<MailAddress, List<String>> rcpt = new HashMap<>();
            for (MailAddress r : recipients) {
                List<String> params = dsn.forRecipient(r).toRcptParameters();
                if (!params.isEmpty()) {
                    rcpt.put(r, params);
                }
            }
            return new MailTransaction(sender, recipients, content, dsn.toMailParameters(), rcpt);
        }
        return new MailTransaction(sender, recipients, content,
                words(in.getHeader(SmtpDeliveryConstants.DSN_MAIL_PARAMETERS, String.class)),
                rcptParameters(recipients, in.getHeader(SmtpDeliveryConstants.DSN_RCPT_PARAMETERS, String.class)));
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.strip().split("\\s+"));
    }

    private static Map<MailAddress, List<String>> rcptParameters(List<MailAddress> recipients, String parameters) {
        List<String> params = words(parameters);
        if (params.isEmpty()) {
            return Map.of();
        }
        Map<MailAddress, List<String>> map = new HashMap<>();
        recipients.forEach(r -> map.put(r, params));
        return map;
    }
}
