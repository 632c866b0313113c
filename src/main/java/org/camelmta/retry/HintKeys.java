package org.camelmta.retry;

import java.util.Locale;
import org.camelmta.dns.Hop;
import org.camelmta.submit.MailAddress;
import org.camelmta.submit.ReversePath;

/**
 * Retry hint keys, in the form Exim writes them (so that anyone who has read {@code exinext}
 * output recognises them): {@code T:host:ip} with {@code :port} when not 25 for a host,
 * that and {@code :messageId} for a message at a host, {@code R:local@domain:<sender>} for a
 * recipient, {@code R:domain} for a domain whose lookup failed.
 */
public final class HintKeys {

    private static final int SMTP_PORT = 25;

    private HintKeys() {
    }

    public static String host(Hop hop) {
        return "T:" + hop.host().toLowerCase(Locale.ROOT) + ":" + hop.address().getHostAddress()
                + (hop.port() == SMTP_PORT ? "" : ":" + hop.port());
    }

    public static String message(Hop hop, String messageId) {
        return host(hop) + ":" + messageId;
    }

    /**
     * @param includeSender Exim's {@code address_retry_include_sender} (default true): hold back
     *                      the sender and recipient pair rather than the recipient for everyone
     */
    public static String address(MailAddress recipient, ReversePath sender, boolean includeSender) {
        return "R:" + recipient + (includeSender ? ":<" + sender + ">" : "");
    }

    public static String domain(String domain) {
        return "R:" + domain.toLowerCase(Locale.ROOT);
    }
}
