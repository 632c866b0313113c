package org.camelmta.submit;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.support.DefaultMessage;

/**
 * The submit route's bean ({@code mtaSubmission}): validates what arrived on {@code mta.submit}
 * and splits it into one message per recipient domain for {@code mta.delivery}.
 */
public class SubmissionProcessor {

    /** Exchange property holding the accepted {@link Submission.Accepted}. */
    public static final String ACCEPTED = "mtaAccepted";

    /**
     * Exchange property, true when the submit route should attempt delivery itself rather than
     * queue the message on {@code mta.delivery} ({@code mta.submit.deliver-directly}).
     */
    public static final String DELIVER_HERE = "mtaDeliverHere";

    private final Submission submission;
    private final Clock clock;
    private final boolean deliverDirectly;

    /**
     * @param deliverDirectly whether a submission for a single domain is delivered by the submit
     *                        route in its own transaction, saving the broker one hop; one for
     *                        several domains is always split onto {@code mta.delivery}, so that
     *                        its domains are delivered in parallel
     */
    public SubmissionProcessor(Submission submission, Clock clock, boolean deliverDirectly) {
        this.submission = submission;
        this.clock = clock;
        this.deliverDirectly = deliverDirectly;
    }

    /**
     * Validates the submission in the exchange and keeps the result in a property, with
     * {@link #DELIVER_HERE} saying whether the submit route delivers it itself.
     *
     * @throws InvalidSubmissionException when it cannot be accepted; the route parks the
     *                                    original on {@code mta.invalid}
     */
    public void accept(Exchange exchange) {
        Message in = exchange.getMessage();
        checkSizeBeforeReading(in);
        Submission.Accepted accepted = submission.accept(body(in), in.getHeader(MtaHeaders.SENDER, String.class),
                in.getHeader(MtaHeaders.RECIPIENTS, String.class), in.getHeader(MtaHeaders.ID, String.class),
                new Submission.DsnOptions(in.getHeader(MtaHeaders.DSN_RET, String.class),
                        in.getHeader(MtaHeaders.DSN_ENVID, String.class), in.getHeader(MtaHeaders.DSN_NOTIFY, String.class)),
                submitter(in), clock.instant());
        exchange.setProperty(ACCEPTED, accepted);
        exchange.setProperty(DELIVER_HERE, deliverDirectly && accepted.envelope().singleDomain());
    }

    /** One message per recipient domain, carrying only camel-mta's own properties. */
    public List<Message> split(Exchange exchange) {
        Submission.Accepted accepted = exchange.getProperty(ACCEPTED, Submission.Accepted.class);
        List<Envelope> parts = accepted.envelope().splitByDomain();
        List<Message> messages = new ArrayList<>(parts.size());
        for (Envelope part : parts) {
            Message m = new DefaultMessage(exchange.getContext());
            m.setBody(accepted.content());
            DeliveryHeaders.write(part, m);
            m.setHeader(MtaHeaders.ATTEMPT, 0);
            if (!accepted.dsn().toMailParameters().isEmpty()) {
                m.setHeader(MtaHeaders.DSN_MAIL, String.join(" ", accepted.dsn().toMailParameters()));
            }
            if (!accepted.recipientDsn().toRcptParameters().isEmpty()) {
                m.setHeader(MtaHeaders.DSN_RCPT, String.join(" ", accepted.recipientDsn().toRcptParameters()));
            }
            passOn(exchange.getMessage(), m, MtaHeaders.CONNECTION);
            if (accepted.loop() != null) {
                m.setHeader(MtaHeaders.LOOP, accepted.loop());
            }
            messages.add(m);
        }
        return messages;
    }

    /** The reason an exchange was refused, for the {@code mtaError} property. */
    public String reason(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e == null) {
            return "refused";
        }
        return e instanceof InvalidSubmissionException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Refuses an oversized submission from what JMS says of its size, before camel-mta reads or
     * copies the body: a BytesMessage knows its length ({@code getBodyLength()}), and a
     * TextMessage of more characters than the limit has at least as many octets in UTF-8, so
     * neither is encoded, repaired or split. What this does not avoid: the JMS client has the
     * message in memory when it hands it over (Artemis streams only large messages), and Camel
     * reads the body into an array when the exchange starts, because the poison-message handler
     * keeps the original ({@code useOriginalMessage}, routes/poison.yaml) to park it unchanged.
     */
    private void checkSizeBeforeReading(Message in) {
        if (!(in instanceof JmsMessage jms)) {
            return;
        }
        try {
            if (jms.getJmsMessage() instanceof BytesMessage bytes) {
                submission.checkSize(bytes.getBodyLength());
            } else if (jms.getJmsMessage() instanceof TextMessage text && text.getText() != null) {
                submission.checkSize(text.getText().length());
            }
        } catch (JMSException e) {
            // The size is checked again on the bytes; a JMS error here must not refuse the message.
        }
    }

    /**
     * The JMS user the broker authenticated for the submitting connection: Artemis writes it
     * into JMSXUserID when the address has {@code populate-validated-user}; a submitter cannot
     * forge it then. Null when the broker does not say.
     */
    private static String submitter(Message in) {
        if (in instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            try {
                return jms.getJmsMessage().getStringProperty("JMSXUserID");
            } catch (JMSException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] body(Message in) {
        Object body = in.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            // A TextMessage is Unicode; the wire form of mail is UTF-8 (RFC 6532 for raw headers).
            return utf8(text);
        }
        throw new InvalidSubmissionException("unsupported JMS message type (body is " + body.getClass().getSimpleName()
                + "); send a BytesMessage or a TextMessage");
    }

    /**
     * A TextMessage's text as UTF-8, refused when that cannot be the message meant: text that is
     * not Unicode (an unpaired surrogate, which getBytes would silently turn into '?'), or
     * non-ASCII text in a message that declares another charset (its bytes would not be what it
     * says they are). Such a message must be sent as a BytesMessage, already encoded.
     */
    static byte[] utf8(String text) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer encoded;
        try {
            encoded = encoder.encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new InvalidSubmissionException("TextMessage text is not valid Unicode (an unpaired surrogate);"
                    + " send the message as a BytesMessage");
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (bytes.length != text.length()) { // some text is not ASCII
            Matcher m = DECLARED_CHARSET.matcher(text);
            while (m.find()) {
                String charset = m.group(1).toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("us-ascii")) {
                    throw new InvalidSubmissionException("TextMessage with non-ASCII text declares charset=" + charset
                            + ", but text is sent as UTF-8; send the message encoded as declared, as a BytesMessage");
                }
            }
        }
        return bytes;
    }

    /** A charset parameter in a Content-Type header field (of the message or of a MIME part). */
    private static final Pattern DECLARED_CHARSET = Pattern.compile(
            "(?im)^content-type:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*?charset\\s*=\\s*\"?([^\";\\s]+)");

    private static void passOn(Message from, Message to, String header) {
        Object value = from.getHeader(header);
        if (value != null) {
            to.setHeader(header, value);
        }
    }
}
