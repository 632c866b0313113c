package org.camelmta.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.camelmta.smtp.ConnectionCache;
import org.junit.jupiter.api.Test;

/**
 * The component used on its own, configured the way any Camel component is (here through the
 * property configurer the Camel tooling generated): its cache options become the limits of the
 * deliverer it makes, its reconnect default is checked when set, and its endpoints find it by
 * the scheme in the generated service file.
 */
class ComponentOptionsBuildItsOwnDelivererTest {

    @Test
    void cacheOptionsBecomeTheDeliverersLimits() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            SmtpDeliveryComponent component = context.getComponent("smtp-delivery", SmtpDeliveryComponent.class);
            PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer("smtp-delivery-component", context);
            // Generated after compile by camel-package-maven-plugin: named, not referenced, so the
            // test compiles in an IDE that has not run the plugin.
            assertThat(configurer.getClass().getName()).isEqualTo("org.camelmta.component.SmtpDeliveryComponentConfigurer");

            PropertyBindingSupport.build().withConfigurer(configurer).bind(context, component, new HashMap<>(Map.of(
                    "connectionCacheSize", "7", "connectionCacheTimeout", "90s", "maxMessagesPerConnection", "3",
                    "maxConnectionAge", "10m", "maxConnectionsPerDestination", "4", "defaultReconnectStrategy", "TerminateSession")));
            context.start();

            assertThat(component.getDeliverer().cache().limits()).isEqualTo(new ConnectionCache.Limits(7,
                    Duration.ofSeconds(90), 3, Duration.ofMinutes(10)));
            assertThat(component.getDeliverer().limiter().cap()).isEqualTo(4);
            assertThat(component.getDefaultReconnectStrategy()).isEqualTo("TerminateSession");
            assertThat(context.getEndpoint("smtp-delivery:mx?connectionStrategy=bulk", SmtpDeliveryEndpoint.class)
                    .getConfiguration().getConnectionStrategy()).isEqualTo("bulk");
        }
    }

    @Test
    void badValuesAreRefusedWhenSet() {
        SmtpDeliveryComponent component = new SmtpDeliveryComponent();
        assertThatThrownBy(() -> component.setDefaultReconnectStrategy("TryHarder")).hasMessageContaining("TryHarder");
        assertThatThrownBy(() -> component.setConnectionCacheTimeout("soon")).hasMessageContaining("connectionCacheTimeout");
    }
}
