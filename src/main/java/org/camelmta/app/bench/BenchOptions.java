package org.camelmta.app.bench;

import java.time.Duration;

/**
 * What one benchmark run does.
 *
 * @param messages   how many messages to submit
 * @param domains    how many recipient domains (each with its own MX record)
 * @param sinks      how many loopback SMTP sinks (127.0.0.2 onwards) serve those MX hosts
 * @param size       message size in octets
 * @param recipients recipients per message (all of one domain)
 * @param producers  submitting threads
 * @param rate       submissions per second in all (0: as fast as possible)
 * @param maxTime    when to give up, whatever is left
 */
public record BenchOptions(int messages, int domains, int sinks, int size, int recipients, int producers, int rate,
                           Duration maxTime) {

    public BenchOptions {
        if (messages < 1 || domains < 1 || sinks < 1 || sinks > 250 || size < 100 || recipients < 1 || producers < 1
                || rate < 0) {
            throw new IllegalArgumentException("bench: messages, domains, producers, recipients >= 1; 1..250 sinks;"
                    + " size >= 100; rate >= 0");
        }
    }
}
