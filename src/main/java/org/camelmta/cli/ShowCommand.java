package org.camelmta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.camelmta.control.ControlRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code show}: one message: what is still waiting, and every outcome so far. */
@Command(name = "show", mixinStandardHelpOptions = true,
         description = "Show one message: its waiting recipients and the history of replies.")
public class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @Parameters(index = "0", paramLabel = "ID", description = "The camel-mta id (as send prints it).")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ControlOptions.Outcome o = control.call(ControlRequest.forMessage("show", id), out, spec.commandLine().getErr());
        if (!o.ok() || control.json) {
            return o.exitCode();
        }
        Instant now = Instant.now();
        out.println("Message " + id);
        for (JsonNode p : o.result().path("parked")) {
            int more = p.path("recipientCount").asInt() - p.path("recipients").size();
            out.printf("  waiting for %s: %s%s%n", p.path("domain").asText(), String.join(", ",
                    iterable(p.path("recipients"))), more > 0 ? " and " + more + " more" : "");
            out.printf("    from <%s>, submitted %s, %d attempts, next %s%n", p.path("sender").asText(),
                    Ages.ago(QueueCommand.text(p, "submitted"), now), p.path("attempts").asInt(),
                    Ages.until(QueueCommand.text(p, "nextAttempt"), now));
            out.printf("    last error: %s%n", p.path("lastError").asText("-"));
        }
        if (o.result().path("parked").isEmpty()) {
            out.println("  nothing waiting");
        }
        long events = o.result().path("events").asLong();
        int listed = o.result().path("history").size();
        out.println(events > listed ? "History (the latest " + listed + " of " + events
                + " events; the delivery log has them all):" : "History:");
        Table t = new Table(new boolean[] {false, false, false, true, false}, "TIME", "EVENT", "RECIPIENT", "TRY", "REPLY");
        for (JsonNode e : o.result().path("history")) {
            t.add(e.path("timestamp").asText(), e.path("event").asText(), e.path("recipient").asText(),
                    e.path("attempt").asText(), e.path("response").asText());
        }
        t.print(out);
        return o.exitCode();
    }

    private static Iterable<String> iterable(JsonNode array) {
        java.util.List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
