package org.camelmta.app;

import java.nio.file.Path;
import org.camelmta.dns.MxResolver;
import org.camelmta.events.EventLog;
import org.camelmta.metrics.MetricsServer;
import org.camelmta.retry.ReleaseScheduler;
import org.camelmta.retry.Releaser;
import org.camelmta.retry.RetryPolicy;
import org.camelmta.smtp.SmtpDeliverer;

/**
 * What {@link MtaConfiguration} set up in a Camel context (bound as {@code mtaRuntime}).
 *
 * @param brokerUrl the broker the engine uses
 * @param broker    the embedded broker, or null when an external one is used
 * @param metrics   the metrics and health endpoint, or null when {@code mta.metrics.enabled} is false
 */
public record MtaRuntime(String brokerUrl, EmbeddedBroker broker, Path dataDir, String hostname, MxResolver resolver,
                         SmtpDeliverer deliverer, EventLog eventLog, RetryPolicy retryPolicy, Releaser releaser,
                         ReleaseScheduler releaseScheduler, MetricsServer metrics) {
}
