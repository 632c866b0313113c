package org.camelmta.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
public class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"camel-mta " + (v == null ? "(development build)" : v)};
    }
}
