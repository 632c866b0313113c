package org.camelmta.submit;

/**
 * The envelope sender: a mailbox, or the null reverse-path {@code <>} that bounces and other
 * notifications carry (RFC 5321 §4.5.5) and that must never be bounced to.
 */
public record ReversePath(MailAddress mailbox) {

    public static final ReversePath NULL = new ReversePath(null);

    /** Parses a sender; an empty string (or {@code <>}) is the null sender. */
    public static ReversePath parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty() || s.equals("<>")) {
            return NULL;
        }
        return new ReversePath(MailAddress.parse(s));
    }

    public boolean isNull() {
        return mailbox == null;
    }

    /** The sender as carried in the {@code mtaSender} property: empty for the null sender. */
    @Override
    public String toString() {
        return isNull() ? "" : mailbox.toString();
    }
}
