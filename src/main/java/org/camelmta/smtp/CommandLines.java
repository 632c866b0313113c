package org.camelmta.smtp;

/**
 * How long a command line may be. RFC 5321 §4.5.3.1.4: 512 octets, counting the command word and
 * the CRLF; each extension whose parameters a command carries raises that command's limit by the
 * allowance its RFC grants, and only then.
 */
final class CommandLines {

    /** RFC 5321 §4.5.3.1.4, CRLF included. */
    static final int BASE_OCTETS = 512;
    /** RFC 1870: "increased by 26 characters by the possible addition of the SIZE keyword and value". */
    static final int SIZE_ALLOWANCE = 26;
    /** RFC 6152 (as RFC 1652): 16 characters for the BODY keyword and value. */
    static final int BODY_ALLOWANCE = 16;
    /** RFC 6531 §3.4: 10 characters for the SMTPUTF8 parameter on MAIL. */
    static final int SMTPUTF8_ALLOWANCE = 10;
    /** RFC 3461 §4: MAIL "increased by 100 characters by the possible addition of the RET and ENVID keywords". */
    static final int DSN_MAIL_ALLOWANCE = 100;
    /** RFC 3461 §4: RCPT "increased by 500 characters by the possible addition of the NOTIFY and ORCPT keywords". */
    static final int DSN_RCPT_ALLOWANCE = 500;

    private CommandLines() {
    }

    /** The octets {@code command} takes on the wire, CRLF included (UTF-8 for SMTPUTF8 addresses). */
    static int octets(String command) {
        return SmtpConnection.commandBytes(command).length;
    }

    static boolean fits(String command, int limit) {
        return octets(command) <= limit;
    }
}
