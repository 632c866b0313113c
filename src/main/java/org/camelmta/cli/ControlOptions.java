package org.camelmta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.jms.JMSException;
import java.io.PrintWriter;
import java.time.Duration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.camelmta.security.BrokerRole;
import org.camelmta.control.ControlClient;
import org.camelmta.control.ControlReply;
import org.camelmta.control.ControlRequest;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every control command shares: the broker, {@code --json}, the wait, and the exit codes. */
public class ControlOptions {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    BrokerOption broker;

    @Option(names = "--json", description = "Print the engine's reply as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for the engine (default: ${DEFAULT-VALUE}).")
    String timeout;

    /** The outcome of a call: the reply, or an exit code that says why there is none. */
    record Outcome(JsonNode result, int exitCode) {
        boolean ok() {
            return exitCode == ExitCodes.OK;
        }
    }

    Outcome call(ControlRequest request, PrintWriter out, PrintWriter err) {
        Duration wait = org.camelmta.config.Durations.parse(timeout);
        ControlReply reply;
        try (ActiveMQConnectionFactory cf = broker.connectionFactory(BrokerRole.OPERATOR); ControlClient client = new ControlClient(cf, wait)) {
            reply = client.call(request);
        } catch (JMSException | java.io.IOException | RuntimeException e) {
            err.println(request.verb() + ": cannot reach the engine's broker at " + broker.url() + ": " + e.getMessage());
            return new Outcome(null, ExitCodes.UNAVAILABLE);
        }
        if (reply == null) {
            err.println(request.verb() + ": no engine answered on mta.control within " + timeout);
            return new Outcome(null, ExitCodes.TEMPFAIL);
        }
        if (json) {
            out.println(JSON.valueToTree(reply).toPrettyString());
        }
        if (!reply.ok()) {
            if (!json) {
                err.println(request.verb() + ": " + reply.error());
            }
            return new Outcome(null, switch (reply.code()) {
                case ControlReply.NOT_FOUND -> ExitCodes.NO_INPUT;
                case ControlReply.BAD_REQUEST -> ExitCodes.USAGE;
                default -> ExitCodes.SOFTWARE;
            });
        }
        return new Outcome(reply.result(), ExitCodes.OK);
    }
}
