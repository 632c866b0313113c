package org.camelmta.cli;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.activemq.artemis.api.core.ActiveMQDuplicateIdException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.security.BrokerRole;
import org.camelmta.submit.MessageIds;
import org.camelmta.submit.MtaHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code send}: submits a message (an .eml file, or standard input) to {@code mta.submit} and
 * prints the camel-mta id it will be known by. Without {@code --to}, the engine takes the
 * recipients from To/Cc/Bcc (and removes Bcc), like {@code sendmail -t}.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
         description = "Submit a message to the engine and print its id.")
public class SendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOption broker;

    @Option(names = {"-f", "--from"}, paramLabel = "ADDRESS",
            description = "Envelope sender (MAIL FROM); \"\" for the null sender. Default: the From header.")
    String from;

    @Option(names = {"-t", "--to"}, paramLabel = "ADDRESS", split = ",",
            description = "Envelope recipients (RCPT TO), repeatable or comma-separated. Default: To/Cc/Bcc.")
    List<String> to;

    @Option(names = "--id", paramLabel = "ID", description = "The camel-mta id to use (default: a new one).")
    String id;

    @Parameters(arity = "0..*", paramLabel = "FILE",
                description = "RFC 5322 messages: files, or folders of .eml files; '-' or nothing reads standard input.")
    List<Path> files;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show a progress bar on standard error when sending several messages (default: on).")
    boolean progress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> messages;
        try {
            messages = expand();
        } catch (IOException e) {
            err.println("send: " + e.getMessage());
            return ExitCodes.IO;
        }
        if (id != null && messages.size() > 1) {
            err.println("send: --id names one message, but " + messages.size() + " were given");
            return ExitCodes.USAGE;
        }
        int failures = 0;
        ProgressBar bar = messages.size() > 1 && progress ? new ProgressBar(err, messages.size(), "messages") : null;
        try (ActiveMQConnectionFactory cf = broker.connectionFactory(BrokerRole.SUBMITTER);
             JMSContext jms = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
            JMSProducer producer = jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < messages.size(); i++) {
                Path file = messages.get(i);
                String result = submitOne(jms, producer, file, err);
                if (result == null) {
                    failures++;
                } else {
                    // Committed one by one: an id is printed only once its message is durable.
                    commitOrNoteDuplicate(jms, result, err);
                    out.println(messages.size() > 1 ? result + " " + file : result);
                }
                if (bar != null) {
                    bar.update(i + 1);
                }
            }
        } catch (JMSRuntimeException | jakarta.jms.JMSException | IOException e) {
            if (bar != null) {
                bar.finish();
            }
            err.println("send: cannot submit to " + broker.url() + ": " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        if (bar != null) {
            bar.finish();
        }
        out.flush();
        return failures == 0 ? ExitCodes.OK : ExitCodes.DATA;
    }

    /** Submits one message; returns its id, or null (after saying why) when it cannot be read. */
    private String submitOne(JMSContext jms, JMSProducer producer, Path file, PrintWriter err)
            throws jakarta.jms.JMSException {
        byte[] content;
        try {
            content = read(file);
        } catch (IOException e) {
            err.println("send: cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
            return null;
        }
        if (content.length == 0) {
            err.println("send: " + (file == null ? "the message" : file) + " is empty");
            return null;
        }
        String messageId = id == null ? MessageIds.next() : id;
        if (!MessageIds.isAcceptable(messageId)) {
            err.println("send: bad --id '" + messageId + "'");
            return null;
        }
        BytesMessage message = jms.createBytesMessage();
        message.writeBytes(content);
        message.setStringProperty(MtaHeaders.ID, messageId);
        // Artemis drops a second message with the same duplicate id: sending twice is harmless.
        message.setStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(), messageId);
        if (from != null) {
            message.setStringProperty(MtaHeaders.SENDER, from);
        }
        if (to != null && !to.isEmpty()) {
            message.setStringProperty(MtaHeaders.RECIPIENTS, String.join(",", to));
        }
        producer.send(jms.createQueue("mta.submit"), message);
        return messageId;
    }

    /**
     * Commits one submission. The broker refuses the commit of a message whose duplicate id it
     * has already taken: that id is already submitted, which is what a resend after a lost answer
     * wants to make sure of, so it is reported and not treated as a failure (it used to exit 69,
     * "cannot submit").
     */
    private static void commitOrNoteDuplicate(JMSContext jms, String messageId, PrintWriter err) {
        try {
            jms.commit();
        } catch (JMSRuntimeException e) {
            if (!isDuplicate(e)) {
                throw e;
            }
            err.println("send: " + messageId + " was already submitted; the broker keeps the first copy only");
        }
    }

    private static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ActiveMQDuplicateIdException) {
                return true;
            }
        }
        return false;
    }

    /** The messages to send: files as given, folders as their .eml files in name order; none means stdin. */
    private List<Path> expand() throws IOException {
        List<Path> result = new java.util.ArrayList<>();
        if (files == null || files.isEmpty()) {
            result.add(null);
            return result;
        }
        for (Path p : files) {
            if (Files.isDirectory(p)) {
                try (java.util.stream.Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".eml"))
                            .sorted().forEach(result::add);
                }
            } else {
                result.add(p.toString().equals("-") ? null : p);
            }
        }
        return result;
    }

    private static byte[] read(Path file) throws IOException {
        if (file == null) {
            try (InputStream in = System.in) {
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(file);
    }
}
