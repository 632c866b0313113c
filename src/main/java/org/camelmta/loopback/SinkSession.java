package org.camelmta.loopback;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.camelmta.smtp.Phase;
import org.camelmta.smtp.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one SMTP connection, run on its own thread: reads commands, checks their
 * sequence and syntax, asks the scripted faults and the behaviour, then applies the sink's own
 * rules. The connection-level commands are here; MAIL, RCPT, DATA and RSET are in
 * {@link SinkMailCommands}.
 */
final class SinkSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkSession.class);
    /** Command lines up to 1000 octets with CRLF: RFC 5321's 512 plus room for ESMTP parameters. */
    static final int MAX_COMMAND_LINE = 1000;

    /** Where a command stands after an action: go on with it, it has been answered, or the connection is over. */
    enum Step { GO, ANSWERED, ENDED }

    final SinkSettings settings;
    final SinkRecords records;
    final SinkConnection connection;
    private final Socket socket;
    private final SinkMailCommands mail;
    private SinkChannel channel;
    private String helo;
    private boolean esmtp;
    private boolean authenticated;
    private boolean refusedAtGreeting;

    SinkSession(SinkSettings settings, SinkRecords records, SinkConnection connection, Socket socket) {
        this.settings = settings;
        this.records = records;
        this.connection = connection;
        this.socket = socket;
        this.mail = new SinkMailCommands(this);
    }

    @Override
    public void run() {
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
            channel = new SinkChannel(socket, connection.retains() ? connection::addChunk : null, settings.roundTrip());
            if (greet()) {
                serve();
            }
        } catch (SocketTimeoutException e) {
            timeOut();
        } catch (IOException e) {
            LOG.debug("{} ended: {}", connection, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("{} failed", connection, e);
        } finally {
            mail.abandon();
            if (channel != null) {
                channel.close();
            }
            connection.markClosed();
        }
    }

    SinkChannel channel() {
        return channel;
    }

    /** The name from EHLO or HELO, or null while the client has not (again) introduced itself. */
    String helo() {
        return helo;
    }

    boolean esmtp() {
        return esmtp;
    }

    private boolean greet() throws IOException {
        SinkAction action = decide(Phase.GREETING, "");
        if (action.kind() == SinkAction.Kind.CLOSE || action.kind() == SinkAction.Kind.STALL) {
            intervene(action);
            return false;
        }
        boolean replaced = action.kind() == SinkAction.Kind.REPLY;
        SmtpReply greeting = replaced ? action.reply() : settings.greeting();
        refusedAtGreeting = greeting.code() >= 400;
        return send(greeting, replaced ? action.closeAfter() : greeting.code() == 421);
    }

    private void serve() throws IOException {
        while (true) {
            String line;
            try {
                line = channel.readLine(MAX_COMMAND_LINE);
            } catch (SinkLineTooLongException e) {
                channel.reply(own(500, "5.5.0", "Error: line too long"));
                continue;
            }
            if (line == null || !command(SinkCommand.parse(line))) {
                return;
            }
        }
    }

    /** Runs one command; false when the connection is over. */
    private boolean command(SinkCommand command) throws IOException {
        String arg = command.argument();
        if (refusedAtGreeting && !command.verb().equals("QUIT")) {
            return send(own(503, "5.5.1", "Error: service refused, send QUIT"), false);
        }
        return switch (command.verb()) {
            case "EHLO" -> hello(arg, true);
            case "HELO" -> hello(arg, false);
            case "MAIL" -> mail.mail(arg);
            case "RCPT" -> mail.rcpt(arg);
            case "DATA" -> mail.data(arg);
            case "RSET" -> mail.rset(arg);
            case "QUIT" -> quit();
            case "STARTTLS" -> startTls(arg);
            case "AUTH" -> auth(arg);
            case "NOOP" -> send(own(250, "2.0.0", "Ok"), false);
            case "VRFY" -> send(own(252, "2.0.0", "Cannot VRFY user, but will accept message"), false);
            case "HELP" -> send(own(214, "2.0.0", "See RFC 5321"), false);
            default -> send(own(500, "5.5.2", "Error: command not recognized"), false);
        };
    }

    private boolean hello(String name, boolean extended) throws IOException {
        if (name.isBlank() || name.contains(" ")) {
            return send(own(501, "5.5.4", "Syntax: " + (extended ? "EHLO" : "HELO") + " hostname"), false);
        }
        SinkAction action = decide(Phase.EHLO, name);
        Step step = intervene(action);
        if (step != Step.GO) {
            return step == Step.ANSWERED;
        }
        // RFC 5321 §4.1.4: EHLO in the middle of a transaction resets it.
        mail.abandon();
        helo = name;
        esmtp = extended;
        connection.heloName(name);
        List<String> lines = new ArrayList<>();
        lines.add(settings.hostname());
        if (extended) {
            lines.addAll(settings.extensions(connection.tls()));
        }
        return answer(action, new SmtpReply(250, "", lines));
    }

    private boolean startTls(String arg) throws IOException {
        if (settings.tls() == null) {
            return send(own(502, "5.5.1", "Error: command not implemented"), false);
        }
        if (!arg.isEmpty()) {
            return send(own(501, "5.5.4", "Syntax: STARTTLS"), false);
        }
        if (connection.tls()) {
            return send(own(503, "5.5.1", "Error: TLS already active"), false);
        }
        if (helo == null) {
            return send(own(503, "5.5.1", "Error: send EHLO first"), false);
        }
        if (mail.inTransaction()) {
            return send(own(503, "5.5.1", "Error: MAIL transaction in progress"), false);
        }
        SinkAction action = decide(Phase.STARTTLS, "");
        Step step = intervene(action);
        if (step != Step.GO) {
            return step == Step.ANSWERED;
        }
        channel.reply(action.kind() == SinkAction.Kind.REPLY ? action.reply() : own(220, "2.0.0", "Ready to start TLS"));
        channel.startTls(settings.tls(), settings.injectAfterStartTlsReply());
        // RFC 3207 §4.2: forget everything learnt before TLS; the client must say EHLO again.
        helo = null;
        esmtp = false;
        authenticated = false;
        connection.heloName(null);
        connection.authenticatedUser(null);
        connection.tls(true);
        return true;
    }

    private boolean auth(String arg) throws IOException {
        if (settings.user() == null) {
            return send(own(502, "5.5.1", "Error: authentication not enabled"), false);
        }
        if (helo == null || !esmtp) {
            return send(own(503, "5.5.1", "Error: send EHLO first"), false);
        }
        if (authenticated) {
            return send(own(503, "5.5.1", "Error: already authenticated"), false);
        }
        if (mail.inTransaction()) {
            return send(own(503, "5.5.1", "Error: MAIL transaction in progress"), false);
        }
        if (arg.isEmpty()) {
            return send(own(501, "5.5.4", "Syntax: AUTH mechanism"), false);
        }
        if (!connection.tls()) {
            return send(own(538, "5.7.11", "Encryption required for requested authentication mechanism"), false);
        }
        // A positive reply from a hook just lets the exchange run; its own replies follow.
        Step step = intervene(decide(Phase.AUTH, arg.split(" ", 2)[0]));
        if (step != Step.GO) {
            return step == Step.ANSWERED;
        }
        SinkAuthExchange.Outcome outcome = new SinkAuthExchange(channel, settings.user(), settings.password()).run(arg);
        if (outcome.user() != null) {
            authenticated = true;
            connection.authenticatedUser(outcome.user());
        }
        return send(own(outcome.reply()), false);
    }

    private boolean quit() throws IOException {
        SinkAction action = decide(Phase.QUIT, "");
        if (action.kind() == SinkAction.Kind.CLOSE || action.kind() == SinkAction.Kind.STALL) {
            intervene(action);
            return false;
        }
        mail.abandon();
        channel.reply(action.kind() == SinkAction.Kind.REPLY ? action.reply() : own(221, "2.0.0", "Bye"));
        channel.closeGracefully();
        return false;
    }

    private void timeOut() {
        try {
            channel.reply(own(421, "4.4.2", settings.hostname() + " Error: timeout exceeded"));
        } catch (IOException e) {
            // the client is gone; closing is all that is left
        }
        channel.closeGracefully();
    }

    /** What the faults and the behaviour say about this phase. */
    SinkAction decide(Phase phase, String argument) {
        return settings.policy().decide(phase, connection.index(),
                () -> new SinkContext(phase, connection, mail.messageIndex(), argument, mail.snapshot()));
    }

    /**
     * Carries out an action that ends the command here (close, stall, a refusing reply); says
     * whether the command goes on, was answered, or ended the connection.
     */
    Step intervene(SinkAction action) throws IOException {
        switch (action.kind()) {
            case CLOSE:
                channel.closeGracefully();
                return Step.ENDED;
            case STALL:
                channel.stall();
                return Step.ENDED;
            case REPLY:
                if (action.letsCommandThrough()) {
                    return Step.GO;
                }
                return send(action.reply(), action.closeAfter()) ? Step.ANSWERED : Step.ENDED;
            default:
                return Step.GO;
        }
    }

    /** Sends the action's reply when it has one, the sink's own otherwise; false when the connection ends. */
    boolean answer(SinkAction action, SmtpReply own) throws IOException {
        if (action.kind() == SinkAction.Kind.REPLY) {
            return send(action.reply(), action.closeAfter());
        }
        return send(own, false);
    }

    /** Queues a reply, then closes when asked; false when the connection ends. */
    boolean send(SmtpReply reply, boolean closeAfter) throws IOException {
        return send(reply, closeAfter, false);
    }

    /** As {@link #send(SmtpReply, boolean)}; with {@code now}, the reply leaves at once instead of with the next read. */
    boolean send(SmtpReply reply, boolean closeAfter, boolean now) throws IOException {
        channel.reply(reply);
        if (now && !closeAfter) {
            channel.flush();
        }
        if (closeAfter) {
            channel.closeGracefully();
            return false;
        }
        return true;
    }

    /** A reply of the sink's own, without its enhanced status code when ENHANCEDSTATUSCODES is off. */
    SmtpReply own(SmtpReply reply) {
        if (settings.offers("ENHANCEDSTATUSCODES") || reply.enhancedStatus().isEmpty()) {
            return reply;
        }
        List<String> lines = new ArrayList<>(reply.lines());
        String first = lines.get(0);
        lines.set(0, first.substring(Math.min(first.length(), reply.enhancedStatus().length() + 1)));
        return new SmtpReply(reply.code(), "", lines);
    }

    /** An action of the sink's own (the recipient-keyed defaults), its reply made as {@link #own(SmtpReply)}. */
    SinkAction own(SinkAction action) {
        return action.kind() == SinkAction.Kind.REPLY ? SinkAction.reply(own(action.reply()), action.closeAfter()) : action;
    }

    SmtpReply own(int code, String enhanced, String text) {
        return own(SmtpReply.local(code, enhanced, text));
    }
}
