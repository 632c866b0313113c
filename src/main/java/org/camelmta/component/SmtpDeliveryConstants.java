package org.camelmta.component;

import org.apache.camel.spi.Metadata;

/** The message headers the {@code smtp-delivery} producer reads and writes. */
public final class SmtpDeliveryConstants {

    @Metadata(description = "The envelope sender (MAIL FROM); an empty string is the null sender.",
              javaType = "String", required = true)
    public static final String SENDER = "mtaSender";

    @Metadata(description = "The recipients (RCPT TO), comma-separated; all must be of one domain.",
              javaType = "String", required = true)
    public static final String RECIPIENTS = "mtaRecipients";

    @Metadata(description = "The connection plan for the recipients' domain, as the MX resolution step made it"
            + " (org.camelmta.dns.ConnectionPlan), or the failure to make one (org.camelmta.dns.PlanFailure).",
              javaType = "org.camelmta.dns.PlanResult", required = true)
    public static final String CONNECTION_PLAN = "CamelMtaConnectionPlan";

    @Metadata(description = "The connection strategy (mta.connection.NAME) to deliver with; overrides the"
            + " endpoint's connectionStrategy option. An unknown name defers the message with 451 4.3.5.", javaType = "String")
    public static final String CONNECTION_STRATEGY = "mtaConnection";

    @Metadata(description = "The reconnect strategy for this message (TerminateSession, ReconnectSameHost,"
            + " ConnectNextHost); overrides the endpoint option and the route policy. A value that is none of"
            + " these defers the message with 451 4.3.5.", javaType = "String")
    public static final String RECONNECT_STRATEGY = "mtaReconnectStrategy";

    @Metadata(description = "The STARTTLS policy for this message (opportunistic, require, disabled; require"
            + " also verifies the certificate); overrides the endpoint's, the destination's and the connection"
            + " strategy's. A value that is none of these defers the message with 451 4.3.5.", javaType = "String")
    public static final String TLS_POLICY = "mtaTlsPolicy";

    @Metadata(description = "What the submitter asked in the way of delivery status notifications (RFC 3461:"
            + " RET and ENVID, NOTIFY and ORCPT for each recipient), passed on to servers that advertise DSN."
            + " When set, mtaDsnMail and mtaDsnRcpt are not read.", javaType = "org.camelmta.submit.DsnRequest")
    public static final String DSN_REQUEST = "CamelMtaDsnRequest";

    @Metadata(description = "RFC 3461 MAIL parameters to pass on to servers that advertise DSN,"
            + " space-separated (RET=HDRS ENVID=...).", javaType = "String")
    public static final String DSN_MAIL_PARAMETERS = "mtaDsnMail";

    @Metadata(description = "RFC 3461 RCPT parameters for every recipient alike, space-separated (NOTIFY=...).",
              javaType = "String")
    public static final String DSN_RCPT_PARAMETERS = "mtaDsnRcpt";

    @Metadata(description = "Output: what the delivery attempt did, a result per recipient and the connections"
            + " used (org.camelmta.smtp.DeliveryReport).", javaType = "org.camelmta.smtp.DeliveryReport")
    public static final String DELIVERY_REPORT = "CamelMtaDeliveryReport";

    private SmtpDeliveryConstants() {
    }
}
