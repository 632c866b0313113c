package org.camelmta.app;

import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;

/**
 * The routes' poison-message check ({@code mtaPoison}). A message whose processing throws is
 * rolled back and redelivered by the broker; once it has failed {@code mta.poison.attempts}
 * times the route moves it to {@code mta.dlq} with the error, instead of retrying forever or
 * letting the broker's own limit dead-letter it without a reason.
 */
public class PoisonMessages {

    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private final int attempts;

    public PoisonMessages(int attempts) {
        this.attempts = Math.max(1, attempts);
    }

    /** Whether the message in the exchange has had its last attempt. */
    public boolean exhausted(Exchange exchange) {
        return deliveryCount(exchange) >= attempts;
    }

    /** The error, for the {@code mtaError} property of the dead-lettered copy. */
    public String reason(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e == null) {
            e = exchange.getException();
        }
        String error = e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
        return "failed " + deliveryCount(exchange) + " times: " + error;
    }

    private static int deliveryCount(Exchange exchange) {
        Integer count = exchange.getIn().getHeader(DELIVERY_COUNT, Integer.class);
        if (count == null && exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            try {
                count = jms.getJmsMessage().getIntProperty(DELIVERY_COUNT);
            } catch (JMSException | NumberFormatException e) {
                count = null;
            }
        }
        return count == null ? 0 : count;
    }
}
