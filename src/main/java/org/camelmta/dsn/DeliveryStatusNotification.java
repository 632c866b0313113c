package org.camelmta.dsn;

import org.camelmta.submit.Envelope;

/**
 * A notice ready to send: its envelope (the null reverse-path, the original sender as the one
 * recipient, a fresh camel-mta id and Message-ID) and the RFC 5322 message, CRLF line ends.
 * The bounce route submits it through the ordinary pipeline like any other message.
 */
public record DeliveryStatusNotification(Envelope envelope, byte[] message) {
}
