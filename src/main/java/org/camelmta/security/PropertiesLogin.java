package org.camelmta.security;

import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.PropertiesLoginModule;

/**
 * The JAAS configuration of the embedded broker, made in code rather than in a login.config
 * file: Artemis's own {@link PropertiesLoginModule} over the users and roles files, re-read when
 * they change (as Artemis's {@code reload=true} does), so a user added there can log in without
 * a restart.
 */
public final class PropertiesLogin extends SecurityConfiguration {

    /** The JAAS domain name; only this configuration answers it. */
    public static final String DOMAIN = "camel-mta";

    private final AppConfigurationEntry[] entries;

    public PropertiesLogin(BrokerUsers users) {
        // PropertiesLoginModule resolves both file names against baseDir; each file's own
        // directory is given by naming it relative to the users file's directory.
        java.nio.file.Path base = users.usersFile().getParent();
        Map<String, String> options = Map.of(
                "baseDir", base.toString(),
                PropertiesLoginModule.USER_FILE_PROP_NAME, base.relativize(users.usersFile()).toString(),
                PropertiesLoginModule.ROLE_FILE_PROP_NAME, base.relativize(users.rolesFile()).toString(),
                "reload", "true");
        entries = new AppConfigurationEntry[] {new AppConfigurationEntry(PropertiesLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return DOMAIN.equals(name) ? entries.clone() : null;
    }

    /** The broker's security manager: JAAS with this configuration. */
    public static ActiveMQJAASSecurityManager securityManager(BrokerUsers users) {
        return new ActiveMQJAASSecurityManager(DOMAIN, new PropertiesLogin(users));
    }
}
