package org.camelmta.submit;

/**
 * The JMS message properties camel-mta reads and writes. The first three are the submission
 * contract of DESIGN.md; the rest travel with a message between the engine's own queues and
 * are listed here so that every stage spells them the same way.
 */
public final class MtaHeaders {

    /** Submission: the envelope sender; an empty string is the null sender {@code <>}. */
    public static final String SENDER = "mtaSender";
    /** Submission: comma-separated recipients. Between queues: the recipients still pending. */
    public static final String RECIPIENTS = "mtaRecipients";
    /** On {@code mta.invalid}: why the submission was refused. */
    public static final String ERROR = "mtaError";

    /** camel-mta's id for the submission; a submitter may propose one. */
    public static final String ID = "mtaId";
    /** The recipient domain of a message on {@code mta.delivery} / {@code mta.deferred}. */
    public static final String DOMAIN = "mtaDomain";
    /** The Message-ID header, without angle brackets. */
    public static final String MESSAGE_ID = "mtaMessageId";
    /** When the submission was accepted, epoch milliseconds. */
    public static final String SUBMITTED = "mtaSubmitted";
    /** How many delivery attempts have been made. */
    public static final String ATTEMPT = "mtaAttempt";
    /** When the first attempt for these recipients failed temporarily, epoch milliseconds. */
    public static final String FIRST_FAILURE = "mtaFirstFailure";
    /** When the next attempt is due, epoch milliseconds (deferred mail only). */
    public static final String NEXT_ATTEMPT = "mtaNextAttempt";
    /** The last temporary error, as a reply line ({@code 451 4.3.0 try later}). */
    public static final String LAST_ERROR = "mtaLastError";
    /** Submission, optional: RFC 3461 RET, {@code FULL} or {@code HDRS}. */
    public static final String DSN_RET = "mtaRet";
    /** Submission, optional: RFC 3461 ENVID, the submitter's id for the message, echoed in notices. */
    public static final String DSN_ENVID = "mtaEnvId";
    /** Submission, optional: RFC 3461 NOTIFY for every recipient ({@code NEVER}, or {@code SUCCESS,FAILURE,DELAY}). */
    public static final String DSN_NOTIFY = "mtaNotify";
    /** Between queues: the MAIL parameters of the DSN request ({@code RET=HDRS ENVID=...}). */
    public static final String DSN_MAIL = "mtaDsnMail";
    /** Between queues: the RCPT parameters of the DSN request ({@code NOTIFY=...}). */
    public static final String DSN_RCPT = "mtaDsnRcpt";
    /** On {@code mta.deferred}: a delay warning has been sent for this message. */
    public static final String DELAY_WARNED = "mtaDelayWarned";
    /** Optional: the connection strategy ({@code mta.connection.<id>}) to deliver with. */
    public static final String CONNECTION = "mtaConnection";

    /** Between queues: why the message is a mail loop (too many Received fields); it bounces with 5.4.6. */
    public static final String LOOP = "mtaLoop";

    private MtaHeaders() {
    }
}
