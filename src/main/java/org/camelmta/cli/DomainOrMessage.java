package org.camelmta.cli;

import org.camelmta.control.ControlRequest;
import picocli.CommandLine.Option;

/**
 * What a verb on deferred mail acts on: one destination or one message (an exclusive
 * {@code @ArgGroup}, exactly one required). {@code flush} adds {@code --all}.
 */
class DomainOrMessage {

    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN", description = "A destination domain.")
    String domain;

    @Option(names = "--id", paramLabel = "ID", description = "One message.")
    String id;

    /** The control request for {@code verb} on this destination or message. */
    ControlRequest request(String verb) {
        return new ControlRequest(verb, domain, id, null, null, null, null);
    }
}
