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

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
                description = "The RFC 5322 message; '-' or nothing reads standard input.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] content;
        try {
            content = read();
        } catch (IOException e) {
            err.println("send: cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
            return ExitCodes.IO;
        }
        if (content.length == 0) {
            err.println("send: the message is empty");
            return ExitCodes.DATA;
        }
        String messageId = id == null ? MessageIds.next() : id;
        if (!MessageIds.isAcceptable(messageId)) {
            err.println("send: bad --id '" + messageId + "'");
            return ExitCodes.USAGE;
        }
        try (ActiveMQConnectionFactory cf = broker.connectionFactory();
             JMSContext jms = cf.createContext(JMSContext.SESSION_TRANSACTED)) {
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
            JMSProducer producer = jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(jms.createQueue("mta.submit"), message);
            jms.commit();
        } catch (JMSRuntimeException | jakarta.jms.JMSException e) {
            // The broker refuses the commit of a message whose duplicate id it has already
            // taken: that id is already submitted, which is what a resend after a lost answer
            // wants to make sure of, not a failure (it used to exit 69, "cannot submit").
            if (isDuplicate(e)) {
                err.println("send: " + messageId + " was already submitted; the broker keeps the first copy only");
                out.println(messageId);
                return ExitCodes.OK;
            }
            err.println("send: cannot submit to " + broker.url() + ": " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        out.println(messageId);
        return ExitCodes.OK;
    }

    private static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ActiveMQDuplicateIdException) {
                return true;
            }
        }
        return false;
    }

    private byte[] read() throws IOException {
        if (file == null || file.toString().equals("-")) {
            try (InputStream in = System.in) {
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(file);
    }
}
