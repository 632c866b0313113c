package org.camelmta.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.PageFullMessagePolicy;
import org.camelmta.app.EmbeddedBroker;
import org.camelmta.support.Brokers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped broker.xml bounds mta.events: a subscriber that stops reading makes the address
 * page, and past the page limit new events are dropped rather than filling the disk (the
 * delivery log keeps them all). mta.control.replies keeps nothing it cannot hand over.
 */
class EventsAddressIsBoundedTest {

    @TempDir
    Path data;

    @Test
    void eventsPageUpToALimitThenDrop() throws Exception {
        try (EmbeddedBroker broker = Brokers.onLoopback(data)) {
            var settings = broker.broker().getActiveMQServer().getAddressSettingsRepository();
            AddressSettings events = settings.getMatch("mta.events");
            assertThat(events.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.PAGE);
            assertThat(events.getMaxSizeBytes()).isEqualTo(16L * 1024 * 1024);
            assertThat(events.getPageLimitBytes()).isEqualTo(256L * 1024 * 1024);
            assertThat(events.getPageFullMessagePolicy()).isEqualTo(PageFullMessagePolicy.DROP);
            // still a camel-mta address otherwise: dead letters go to mta.dlq
            assertThat(String.valueOf(events.getDeadLetterAddress())).isEqualTo("mta.dlq");

            AddressSettings replies = settings.getMatch("mta.control.replies");
            assertThat(replies.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.DROP);
            assertThat(replies.getMaxSizeBytes()).isEqualTo(1024L * 1024);
        }
    }
}
