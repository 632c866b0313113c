package org.camelmta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.camelmta.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code queue}: deferred mail by destination (postqueue -p and qshape in one view). */
@Command(name = "queue", mixinStandardHelpOptions = true,
         description = "List deferred mail by destination: messages, recipients, oldest, next retry, last error.")
public class QueueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DOMAIN", description = "Only this destination.")
    String domain;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Most destinations to list, the busiest first (1 to 1000; default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
            description = "Destinations to skip, for the next page (default ${DEFAULT-VALUE}).")
    int offset;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (limit < 1 || limit > 1000 || offset < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1 to 1000 and --offset not negative");
        }
        ControlOptions.Outcome o = control.call(ControlRequest.queuePage(domain, offset, limit), out,
                spec.commandLine().getErr());
        if (!o.ok() || control.json) {
            return o.exitCode();
        }
        Instant now = Instant.now();
        Table t = new Table(new boolean[] {false, true, true, true, true, false}, "DESTINATION", "MSGS", "RCPTS", "OLDEST",
                "NEXT", "LAST ERROR");
        long messages = 0;
        for (JsonNode d : o.result().path("destinations")) {
            messages += d.path("messages").asLong();
            String next = d.path("suspended").asBoolean() ? "suspended" : Ages.until(text(d, "nextAttempt"), now);
            t.add(d.path("domain").asText(), d.path("messages").asText(), d.path("recipients").asText(),
                    Ages.ago(text(d, "oldest"), now), next,
                    d.path("suspended").asBoolean() ? "suspended: " + d.path("suspendedReason").asText()
                            : text(d, "lastError") == null ? "" : text(d, "lastError"));
        }
        long total = o.result().path("total").asLong();
        if (messages == 0 && o.result().path("destinations").isEmpty()) {
            out.println(total > 0 ? "No destinations from offset " + offset + " (there are " + total + ")."
                    : "No deferred mail.");
        } else {
            t.print(out);
        }
        int shown = o.result().path("destinations").size();
        if (shown > 0 && (offset > 0 || offset + shown < total)) {
            out.printf("Destinations %d to %d of %d.%s%n", offset + 1, offset + shown, total,
                    offset + shown < total ? " Next page: queue --offset " + (offset + shown)
                            + (limit != 100 ? " --limit " + limit : "") : "");
        }
        StringBuilder depths = new StringBuilder("Queues:");
        o.result().path("queues").fields().forEachRemaining(e -> depths.append(' ').append(e.getKey()).append('=')
                .append(e.getValue().asText()));
        out.println(depths);
        return o.exitCode();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
