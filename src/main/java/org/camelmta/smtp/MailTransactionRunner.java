package org.camelmta.smtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.camelmta.submit.MailAddress;

/**
 * One mail transaction on a ready session: MAIL, RCPT for every recipient, DATA, the message,
 * and the reply to its end — pipelined in one write when the server offers PIPELINING (RFC 2920),
 * one command at a time otherwise. Every reply is read and checked, and every recipient leaves
 * with its own outcome.
 */
final class MailTransactionRunner {

    /**
     * The most octets of pipelined commands written before their replies are read: about 100
     * RCPT commands, well under the smallest TCP send buffer in use (Linux starts one at 16 KiB),
     * so a group is written without waiting for the server (RFC 2920 §3.1).
     */
    static final int GROUP_OCTETS = 4096;

    private static final Pattern TOO_MANY = Pattern.compile("too many recipients", Pattern.CASE_INSENSITIVE);

    private final SmtpSession session;
    private final SmtpConnection connection;
    private final MailTransaction tx;
    private final SmtpTimeouts timeouts;
    private final EhloCapabilities caps;
    /** The size the server will count (CRLF line ends), not the submitted byte count. */
    private final long size;
    private final List<RecipientResult> decided = new ArrayList<>();
    private final List<MailAddress> retryNow = new ArrayList<>();
    private final List<MailAddress> accepted = new ArrayList<>();
    /** The recipients whose RCPT fits its line limit, and those lines, index for index. */
    private final List<MailAddress> recipients = new ArrayList<>();
    private final List<String> rcptLines = new ArrayList<>();
    private String mailLine;

    MailTransactionRunner(SmtpSession session, MailTransaction tx) {
        this.session = session;
        this.connection = session.connection();
        this.tx = tx;
        this.timeouts = session.options().timeouts();
        this.caps = session.capabilities();
        this.size = DataEncoder.wireSize(tx.content());
    }

    TransactionResult run() {
        SmtpReply refusal = localRefusal();
        if (refusal != null) {
            decided.addAll(session.resultsFor(tx.recipients(), refusal, Phase.MAIL, Cause.LOCAL));
            return result(null);
        }
        mailLine = mailCommand();
        if (mailLine == null) {
            decided.addAll(session.resultsFor(tx.recipients(), tooLong("MAIL FROM"),
                    Phase.MAIL, Cause.LOCAL));
            return result(null);
        }
        for (MailAddress r : tx.recipients()) {
            String line = rcptCommand(r);
            if (line == null) {
                decided.add(new RecipientResult(r, tooLong("RCPT TO:<" + r.toSmtpString(true) + ">"), Phase.RCPT, Cause.LOCAL,
                        session.hop(), session.localAddress()));
            } else {
                recipients.add(r);
                rcptLines.add(line);
            }
        }
        if (recipients.isEmpty()) {
            return result(null);
        }
        try {
            if (caps.pipelining()) {
                pipelined();
            } else {
                if (session.needsReset()) {
                    connection.writeCommand(Phase.RSET, "RSET", timeouts.rset());
                    expectNot421(connection.read(Phase.RSET, timeouts.rset()), Phase.RSET);
                }
                oneAtATime();
            }
            return result(null);
        } catch (SmtpFailure f) {
            return result(f);
        }
    }

    /** Refusals decided here, before a byte is sent, from what the server advertised. */
    private SmtpReply localRefusal() {
        if (caps.maxSize() > 0 && size > caps.maxSize()) {
            return SmtpReply.local(552, "5.3.4", "message size " + size + " exceeds size limit "
                    + caps.maxSize() + " of server " + session.hop());
        }
        if (tx.requiresSmtpUtf8() && !caps.smtpUtf8()) {
            return SmtpReply.local(553, "5.6.7", "SMTPUTF8 is required, but was not offered by host " + session.hop());
        }
        if (tx.hasUtf8Headers() && !caps.smtpUtf8()) {
            // RFC 6531 §3.5 X.6.9: no downgrade (RFC 6857 rewrites the message); never raw 8-bit headers.
            return SmtpReply.local(554, "5.6.9", "message has UTF-8 header fields, but host " + session.hop()
                    + " does not offer SMTPUTF8");
        }
        if (!caps.eightBitMime() && tx.isEightBit()) {
            // Chosen over 7-bit conversion: re-encoding MIME bodies changes the message (and breaks
            // signatures); a server without 8BITMIME is rare enough that a clear bounce serves better.
            return SmtpReply.local(554, "5.6.3", "message has 8-bit content, but host " + session.hop()
                    + " does not support 8BITMIME");
        }
        return null;
    }

    /**
     * RFC 2920 §3.1: commands go out in groups, and the replies to one group are all read before
     * the next is written. A group is at most {@link #GROUP_OCTETS}, far less than any TCP send
     * buffer holds, so writing it never waits for the server to read; and as the server has
     * answered everything before it, nothing it has not read is still in the way. A server that
     * stops reading until its replies are read (§3.1's deadlock) therefore cannot block the
     * client, whatever the number of recipients.
     */
    private void pipelined() throws SmtpFailure {
        boolean reset = session.needsReset();
        List<byte[]> rcpts = new ArrayList<>(recipients.size());
        for (String line : rcptLines) {
            rcpts.add(SmtpConnection.commandBytes(line));
        }
        ByteArrayOutputStream group = new ByteArrayOutputStream(GROUP_OCTETS + 512);
        if (reset) {
            group.writeBytes(SmtpConnection.commandBytes("RSET"));
        }
        group.writeBytes(SmtpConnection.commandBytes(mailLine));
        int written = addRcpts(group, rcpts, 0);
        boolean dataWritten = addDataIfRoom(group, written == rcpts.size());
        connection.write(reset ? Phase.RSET : Phase.MAIL, group.toByteArray(), timeouts.mailFrom());
        if (reset) {
            // Anything but 250 and the session is not in a known state: it ends here, and the
            // rest of the group's replies are never read.
            SmtpReply rset = connection.read(Phase.RSET, timeouts.rset());
            if (!rset.isPositive()) {
                throw new SmtpFailure(rset, Phase.RSET, Cause.REPLY);
            }
            session.transactionLeftOpen(false);
        }

        SmtpReply mail = expectNot421(connection.read(Phase.MAIL, timeouts.mailFrom()), Phase.MAIL);
        int answered = 0;
        while (true) {
            for (; answered < written; answered++) {
                SmtpReply reply = expectNot421(connection.read(Phase.RCPT, timeouts.rcptTo()), Phase.RCPT);
                if (mail.isPositive()) {
                    classifyRcpt(recipients.get(answered), reply);
                }
            }
            if (dataWritten) {
                break;
            }
            if (!mail.isPositive() || !retryNow.isEmpty()) {
                // No use asking for more: the transaction failed, or the server is out of room
                // (the rest go in the next transaction, as oneAtATime does).
                if (mail.isPositive()) {
                    retryNow.addAll(recipients.subList(written, recipients.size()));
                }
                break;
            }
            group.reset();
            int from = written;
            written = addRcpts(group, rcpts, from);
            dataWritten = addDataIfRoom(group, written == rcpts.size());
            connection.write(written > from ? Phase.RCPT : Phase.DATA, group.toByteArray(),
                    written > from ? timeouts.rcptTo() : timeouts.data());
        }
        SmtpReply data = dataWritten ? expectNot421(connection.read(Phase.DATA, timeouts.data()), Phase.DATA) : null;
        if (!mail.isPositive()) {
            decided.addAll(session.resultsFor(recipients, mail, Phase.MAIL, Cause.REPLY));
            retryNow.clear();
            finishWithoutMessage(data);
            return;
        }
        settleRetryNowWhenNothingAccepted();
        if (accepted.isEmpty()) {
            finishWithoutMessage(data); // RFC 2920 §3.1: a 354 here is answered with a lone "."
            return;
        }
        if (data == null) {
            connection.writeCommand(Phase.DATA, "DATA", timeouts.data());
            data = expectNot421(connection.read(Phase.DATA, timeouts.data()), Phase.DATA);
        }
        sendMessage(data);
    }

    /** Adds RCPT commands from {@code from} on while the group has room; returns the index after the last added. */
    private static int addRcpts(ByteArrayOutputStream group, List<byte[]> rcpts, int from) {
        int i = from;
        // A group holds at least one command, however long (an address with DSN parameters).
        while (i < rcpts.size() && (group.size() == 0 || group.size() + rcpts.get(i).length <= GROUP_OCTETS)) {
            group.writeBytes(rcpts.get(i++));
        }
        return i;
    }

    /** DATA ends the last group (RFC 2920 §3.1 allows it only there) when every RCPT is in and it fits. */
    private static boolean addDataIfRoom(ByteArrayOutputStream group, boolean allRcptsWritten) {
        byte[] data = SmtpConnection.commandBytes("DATA");
        if (!allRcptsWritten || (group.size() > 0 && group.size() + data.length > GROUP_OCTETS)) {
            return false;
        }
        group.writeBytes(data);
        return true;
    }

    private void oneAtATime() throws SmtpFailure {
        connection.writeCommand(Phase.MAIL, mailLine, timeouts.mailFrom());
        SmtpReply mail = expectNot421(connection.read(Phase.MAIL, timeouts.mailFrom()), Phase.MAIL);
        if (!mail.isPositive()) {
            decided.addAll(session.resultsFor(recipients, mail, Phase.MAIL, Cause.REPLY));
            return;
        }
        for (int i = 0; i < recipients.size(); i++) {
            MailAddress r = recipients.get(i);
            connection.writeCommand(Phase.RCPT, rcptLines.get(i), timeouts.rcptTo());
            SmtpReply reply = expectNot421(connection.read(Phase.RCPT, timeouts.rcptTo()), Phase.RCPT);
            classifyRcpt(r, reply);
            if (!retryNow.isEmpty()) {
                retryNow.addAll(recipients.subList(i + 1, recipients.size())); // no use asking for more
                break;
            }
        }
        settleRetryNowWhenNothingAccepted();
        if (accepted.isEmpty()) {
            session.transactionLeftOpen(true);
            return;
        }
        connection.writeCommand(Phase.DATA, "DATA", timeouts.data());
        sendMessage(expectNot421(connection.read(Phase.DATA, timeouts.data()), Phase.DATA));
    }

    private void sendMessage(SmtpReply data) throws SmtpFailure {
        if (data.code() != 354) {
            decided.addAll(session.resultsFor(accepted, data, Phase.DATA, Cause.REPLY));
            session.transactionLeftOpen(true);
            return;
        }
        // Each block within the data-transfer timeout, the whole body within that per started MiB.
        Deadline body = Deadline.after(timeouts.dataTransferFor(size));
        DataEncoder.encode(tx.content(), (block, length) ->
                connection.writeBody(block, 0, length, timeouts.dataTransfer(), body));
        connection.startPhase(); // RFC 5321 §4.5.3.2.6: the wait for the final reply starts at the dot
        SmtpReply end = expectNot421(connection.read(Phase.DATA_END, timeouts.dataEnd()), Phase.DATA_END);
        decided.addAll(session.resultsFor(accepted, end, Phase.DATA_END, Cause.REPLY));
        session.transactionLeftOpen(false);
        session.transactionCompleted();
    }

    /** Ends a transaction that sends no message, after the reply to DATA (null when DATA was not sent). */
    private void finishWithoutMessage(SmtpReply data) throws SmtpFailure {
        if (data != null && data.code() == 354) {
            connection.write(Phase.DATA, new byte[] {'.', '\r', '\n'}, timeouts.data());
            expectNot421(connection.read(Phase.DATA_END, timeouts.dataEnd()), Phase.DATA_END);
            session.transactionLeftOpen(false);
        } else {
            session.transactionLeftOpen(true);
        }
    }

    private void classifyRcpt(MailAddress r, SmtpReply reply) {
        if (reply.isPositive()) {
            accepted.add(r);
        } else if (isTooManyRecipients(reply)) {
            retryNow.add(r);
        } else {
            decided.add(new RecipientResult(r, reply, Phase.RCPT, Cause.REPLY, session.hop(), session.localAddress()));
        }
    }

    /**
     * RFC 5321 §4.5.3.1.10: a server out of room for recipients answers 452; older ones answer
     * 552 (RFC 821's code for it), which clients "SHOULD treat ... as a temporary, rather than
     * permanent, failure". Both codes also mean a full mailbox (4.2.2, 5.2.2), so without an
     * enhanced code a reply counts as a recipient limit when it says so ("too many
     * recipients") or once the server has accepted someone in this transaction.
     */
    private boolean isTooManyRecipients(SmtpReply reply) {
        if (reply.code() != 452 && reply.code() != 552) {
            return false;
        }
        String status = reply.enhancedStatus();
        if (status.equals("4.5.3") || status.equals("5.5.3")) {
            return true;
        }
        return status.isEmpty() && (!accepted.isEmpty() || TOO_MANY.matcher(reply.text()).find());
    }

    /** With nobody accepted, "too many recipients" cannot be cured by another transaction now. */
    private void settleRetryNowWhenNothingAccepted() {
        if (accepted.isEmpty() && !retryNow.isEmpty()) {
            SmtpReply later = SmtpReply.local(452, "4.5.3", "host " + session.hop()
                    + " accepted no recipients: too many recipients");
            decided.addAll(session.resultsFor(retryNow, later, Phase.RCPT, Cause.REPLY));
            retryNow.clear();
        }
    }

    /** A 421 means the server is closing the session: it ends the transaction like a lost connection. */
    private static SmtpReply expectNot421(SmtpReply reply, Phase phase) throws SmtpFailure {
        if (reply.code() == 421) {
            throw new SmtpFailure(reply, phase, Cause.REPLY);
        }
        return reply;
    }

    /*
     * RFC 5321 §4.5.3.1.4: a command line is at most 512 octets, plus the allowance of each
     * extension whose parameter it carries (CommandLines). A line that would still be longer
     * first loses its optional RFC 3461 value (ENVID on MAIL, ORCPT on RCPT; RFC 3461 already caps
     * them at 100 and 500 characters, so only a value past those caps gets here): a DSN then names
     * the recipient as given in RCPT and carries no envelope id, so the mail goes and only that
     * detail is lost — better than a line the server may cut or refuse, and better
     * than failing the mail for a courtesy parameter. (What Postfix does here could not be
     * checked; it does not send an over-long line either.) Longer even then means an address
     * beyond RFC 5321's own limits: that recipient (or, for MAIL, the whole transaction) fails
     * permanently with a local 5.5.4 reply, as no server could be sent it correctly.
     */

    /** The MAIL command within its limit, or null when it cannot be made to fit. */
    private String mailCommand() {
        List<String> dsn = caps.dsn() ? tx.dsnMailParameters() : List.of();
        String line = mailCommand(dsn);
        if (!CommandLines.fits(line, mailLimit(dsn))) {
            dsn = without(dsn, "ENVID=");
            line = mailCommand(dsn);
        }
        return CommandLines.fits(line, mailLimit(dsn)) ? line : null;
    }

    private int mailLimit(List<String> dsn) {
        int limit = CommandLines.BASE_OCTETS;
        if (caps.size()) {
            limit += CommandLines.SIZE_ALLOWANCE;
        }
        if (caps.eightBitMime() && tx.isEightBit()) {
            limit += CommandLines.BODY_ALLOWANCE;
        }
        if (tx.requiresSmtpUtf8() || tx.hasUtf8Headers()) {
            limit += CommandLines.SMTPUTF8_ALLOWANCE;
        }
        return dsn.isEmpty() ? limit : limit + CommandLines.DSN_MAIL_ALLOWANCE;
    }

    private String mailCommand(List<String> dsn) {
        StringBuilder sb = new StringBuilder(64).append("MAIL FROM:<");
        boolean utf8 = tx.requiresSmtpUtf8();
        if (!tx.sender().isNull()) {
            sb.append(tx.sender().mailbox().toSmtpString(utf8));
        }
        sb.append('>');
        if (caps.size()) {
            sb.append(" SIZE=").append(size);
        }
        if (caps.eightBitMime() && tx.isEightBit()) {
            sb.append(" BODY=8BITMIME");
        }
        if (utf8 || tx.hasUtf8Headers()) {
            sb.append(" SMTPUTF8");
        }
        dsn.forEach(p -> sb.append(' ').append(p));
        return sb.toString();
    }

    /** The RCPT command for {@code r} within its limit, or null when it cannot be made to fit. */
    private String rcptCommand(MailAddress r) {
        List<String> dsn = caps.dsn() ? tx.dsnRcptParameters().getOrDefault(r, List.of()) : List.of();
        String line = rcptCommand(r, dsn);
        if (!CommandLines.fits(line, rcptLimit(dsn))) {
            dsn = without(dsn, "ORCPT=");
            line = rcptCommand(r, dsn);
        }
        return CommandLines.fits(line, rcptLimit(dsn)) ? line : null;
    }

    private static int rcptLimit(List<String> dsn) {
        return dsn.isEmpty() ? CommandLines.BASE_OCTETS : CommandLines.BASE_OCTETS + CommandLines.DSN_RCPT_ALLOWANCE;
    }

    private String rcptCommand(MailAddress r, List<String> dsn) {
        StringBuilder sb = new StringBuilder(48).append("RCPT TO:<").append(r.toSmtpString(tx.requiresSmtpUtf8())).append('>');
        dsn.forEach(p -> sb.append(' ').append(p));
        return sb.toString();
    }

    private static List<String> without(List<String> parameters, String keyword) {
        return parameters.stream().filter(p -> !p.regionMatches(true, 0, keyword, 0, keyword.length())).toList();
    }

    private SmtpReply tooLong(String command) {
        String shown = command.length() > 80 ? command.substring(0, 80) + "..." : command;
        return SmtpReply.local(501, "5.5.4", "command line would exceed RFC 5321's limit even without optional"
                + " parameters; not sent to " + session.hop() + ": " + shown);
    }

    private TransactionResult result(SmtpFailure broken) {
        if (broken == null) {
            return new TransactionResult(decided, retryNow, List.of(), null);
        }
        List<MailAddress> undecided = new ArrayList<>(tx.recipients());
        for (RecipientResult d : decided) {
            undecided.remove(d.recipient());
        }
        return new TransactionResult(decided, List.of(), undecided, broken);
    }
}
