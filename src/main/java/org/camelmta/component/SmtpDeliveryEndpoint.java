package org.camelmta.component;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Delivers each exchange's message over SMTP to the hosts of its connection plan, and reports
 * a result per recipient in the {@code CamelMtaDeliveryReport} header.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "smtp-delivery", title = "SMTP Delivery",
             syntax = "smtp-delivery:name", producerOnly = true, category = {Category.MAIL},
             headersClass = SmtpDeliveryConstants.class)
public class SmtpDeliveryEndpoint extends DefaultEndpoint {

    /** A name for the endpoint, for logs and metrics; it does not change what the endpoint does. */
    @UriPath
    @Metadata(required = true)
    private String name;

    @UriParam
    private SmtpDeliveryConfiguration configuration;

    public SmtpDeliveryEndpoint(String uri, SmtpDeliveryComponent component, SmtpDeliveryConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public SmtpDeliveryComponent getComponent() {
        return (SmtpDeliveryComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new SmtpDeliveryProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("smtp-delivery only sends; it has no consumer");
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public SmtpDeliveryConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SmtpDeliveryConfiguration configuration) {
        this.configuration = configuration;
    }
}
