package org.camelmta.loopback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.camelmta.loopback.SinkSession.Step;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.SmtpReply;
import org.camelmta.submit.AddressException;
import org.camelmta.submit.MailAddress;

/**
 * MAIL, RCPT, DATA and RSET for one connection, and the transaction they build. Every method
 * returns false when the connection is over.
 */
final class SinkMailCommands {

    private final SinkSession session;
    private final SinkSettings settings;
    private SinkDraft draft;
    private int nextIndex;
    /** Transactions on this connection that reached the final dot, for closeAfterMessages. */
    private int messages;

    SinkMailCommands(SinkSession session) {
        this.session = session;
        this.settings = session.settings;
    }

    boolean inTransaction() {
        return draft != null;
    }

    /** The index of the transaction under way, or of the next one. */
    int messageIndex() {
        return draft != null ? draft.index : nextIndex;
    }

    /** The transaction so far, or null outside one. */
    SinkTransaction snapshot() {
        return draft == null ? null : draft.snapshot();
    }

    /** Ends the transaction under way, if any, without a final reply. */
    void abandon() {
        session.records.tellListener(end(null));
    }

    boolean mail(String arg) throws IOException {
        if (session.helo() == null) {
            return reply(503, "5.5.1", "Error: send HELO/EHLO first");
        }
        if (draft != null) {
            return reply(503, "5.5.1", "Error: nested MAIL command");
        }
        SinkCommand.Path path;
        try {
            path = SinkCommand.path(arg, "FROM:");
        } catch (IllegalArgumentException e) {
            return reply(501, "5.5.4", "Syntax: MAIL FROM:<address>");
        }
        String address = path.address();
        if (!address.isEmpty() && !isMailbox(address)) {
            return reply(501, "5.1.7", "Bad sender address syntax");
        }
        SmtpReply refusal = SinkEsmtpParams.checkMail(path.params(), settings, session.esmtp());
        if (refusal != null) {
            return session.send(session.own(refusal), false);
        }
        if (!isAscii(address) && !path.params().containsKey("SMTPUTF8")) {
            return reply(553, "5.6.7", "Non-ASCII address needs SMTPUTF8");
        }
        SinkAction action = session.decide(Phase.MAIL, address);
        Step step = session.intervene(action);
        if (step != Step.GO) {
            return step == Step.ANSWERED;
        }
        if (settings.closeAfterMessages() > 0 && messages >= settings.closeAfterMessages()) {
            return session.send(session.own(421, "4.7.0", settings.hostname() + " closing: too many messages on one connection"), true);
        }
        String size = path.params().get("SIZE");
        if (size != null && settings.maxMessageSize() > 0 && Long.parseLong(size) > settings.maxMessageSize()) {
            return reply(552, "5.3.4", "Message size exceeds fixed maximum message size");
        }
        draft = new SinkDraft(session.connection, nextIndex++, address, path.params());
        return session.answer(action, session.own(250, "2.1.0", "Ok"));
    }

    boolean rcpt(String arg) throws IOException {
        if (draft == null) {
            return reply(503, "5.5.1", "Error: need MAIL command");
        }
        SinkCommand.Path path;
        try {
            path = SinkCommand.path(arg, "TO:");
        } catch (IllegalArgumentException e) {
            return reply(501, "5.5.4", "Syntax: RCPT TO:<address>");
        }
        String address = path.address();
        // RFC 5321 §4.5.1: "postmaster" without a domain must be accepted.
        if (!address.equalsIgnoreCase("postmaster") && !isMailbox(address)) {
            return reply(501, "5.1.3", "Bad recipient address syntax");
        }
        SmtpReply refusal = SinkEsmtpParams.checkRcpt(path.params(), settings, session.esmtp());
        if (refusal != null) {
            return session.send(session.own(refusal), false);
        }
        if (!isAscii(address) && !draft.mailParams.containsKey("SMTPUTF8")) {
            return reply(553, "5.6.7", "Non-ASCII address needs SMTPUTF8");
        }
        SinkAction action = session.decide(Phase.RCPT, address);
        if (action.kind() == SinkAction.Kind.PROCEED && settings.keyedRecipients()) {
            action = session.own(SinkRecipientKeys.atRcpt(address));
        }
        Step step = session.intervene(action);
        if (step != Step.GO) {
            return step == Step.ANSWERED;
        }
        if (draft.recipients.size() >= settings.maxRecipients()) {
            return reply(452, "4.5.3", "Error: too many recipients");
        }
        draft.recipients.add(new SinkRecipient(address, path.params()));
        return session.answer(action, session.own(250, "2.1.5", "Ok"));
    }

    boolean data(String arg) throws IOException {
        if (!arg.isEmpty()) {
            return reply(501, "5.5.4", "Syntax: DATA");
        }
        if (draft == null) {
            return reply(503, "5.5.1", "Error: need RCPT command");
        }
        if (draft.recipients.isEmpty()) {
            // RFC 2920 §3.1: the answer to a pipelined DATA after only refused recipients.
            return reply(554, "5.5.1", "Error: no valid recipients");
        }
        SinkAction action = session.decide(Phase.DATA, "");
        if (action.kind() == SinkAction.Kind.PROCEED && settings.keyedRecipients()) {
            action = session.own(SinkRecipientKeys.atData(draft.recipients));
        }
        Step step = session.intervene(action);
        if (step != Step.GO) {
            return step == Step.ANSWERED;
        }
        if (!session.answer(action, new SmtpReply(354, "", List.of("End data with <CR><LF>.<CR><LF>")))) {
            return false;
        }
        SinkChannel.SinkData data = session.channel().readData(session.records.wantsContent(), settings.maxMessageSize());
        draft.content = data.content();
        draft.size = data.size();
        draft.longLines = data.longLines();
        draft.dataReceived = true;
        messages++;
        return endOfData(data.tooBig());
    }

    /** Decides and sends the reply to the final dot, recording the transaction first. */
    private boolean endOfData(boolean tooBig) throws IOException {
        SinkAction action = session.decide(Phase.DATA_END, "");
        if (action.kind() == SinkAction.Kind.PROCEED && settings.keyedRecipients()) {
            action = session.own(SinkRecipientKeys.atDataEnd(draft.recipients));
        }
        if (action.kind() == SinkAction.Kind.CLOSE || action.kind() == SinkAction.Kind.STALL) {
            session.records.tellListener(end(null));
            session.intervene(action);
            return false;
        }
        SmtpReply reply;
        boolean close = false;
        if (action.kind() == SinkAction.Kind.REPLY) {
            reply = action.reply();
            close = action.closeAfter();
        } else if (tooBig) {
            reply = session.own(552, "5.3.4", "Message size exceeds fixed maximum message size");
        } else {
            reply = session.own(250, "2.0.0", "Ok: queued as " + session.connection.index() + "." + draft.index);
        }
        // Recorded before the reply (whoever reads the 250 finds the transaction), but the
        // onMessage listener is told only once the reply has left: `sink --count N` closes as
        // soon as its listener has seen the N-th message, and must not cut off that 250.
        SinkTransaction ended = end(reply);
        try {
            return session.send(reply, close, true);
        } finally {
            session.records.tellListener(ended);
        }
    }

    boolean rset(String arg) throws IOException {
        if (!arg.isEmpty()) {
            return reply(501, "5.5.4", "Syntax: RSET");
        }
        SinkAction action = session.decide(Phase.RSET, "");
        Step step = session.intervene(action);
        if (step != Step.GO) {
            return step == Step.ANSWERED;
        }
        abandon();
        return session.answer(action, session.own(250, "2.0.0", "Ok"));
    }

    /** Records the transaction's end; returns it when the onMessage listener is owed it, else null. */
    private SinkTransaction end(SmtpReply finalReply) {
        if (draft == null) {
            return null;
        }
        SinkDraft ended = draft;
        draft = null;
        return session.records.transactionEnded(session.connection, ended, finalReply);
    }

    private boolean reply(int code, String enhanced, String text) throws IOException {
        return session.send(session.own(code, enhanced, text), false);
    }

    private static boolean isMailbox(String address) {
        try {
            MailAddress.parse(address);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    private static boolean isAscii(String text) {
        return text.length() == text.getBytes(StandardCharsets.UTF_8).length;
    }
}
