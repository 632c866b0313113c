package org.camelmta.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether an acceptor is reachable from other machines. A broker without security on such an
 * acceptor is an open relay and lets anyone read every queued message, so it does not start
 * unless {@link #ALLOW_KEY} says so.
 */
public final class NetworkExposure {

    /** The setting that lets a broker without security listen off loopback. */
    public static final String ALLOW_KEY = "mta.broker.allow-insecure-network";

    private NetworkExposure() {
    }

    /**
     * True when every address {@code host} names is a loopback address (127.0.0.0/8, ::1).
     * A wildcard (0.0.0.0, ::), any other address, or a name that does not resolve counts as
     * reachable from outside. Artemis takes a comma-separated list of hosts; each must be loopback.
     */
    public static boolean loopbackOnly(String host) {
        if (host == null || host.isBlank()) {
            return false; // Artemis' default host is localhost, but say nothing we have not checked
        }
        for (String h : host.split(",")) {
            String name = h.strip();
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(name)) {
                    if (!a.isLoopbackAddress()) {
                        return false;
                    }
                }
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return true;
    }

    /** Stops a start that would put a broker without security on the network. */
    public static void check(String acceptor, String host, boolean securityEnabled, boolean allowed) {
        if (!securityEnabled && !allowed && !loopbackOnly(host)) {
            throw new IllegalStateException("the broker's acceptor " + acceptor + " would listen on " + host
                    + " with security-enabled=false in broker.xml: anyone who reaches it could submit mail and read every"
                    + " queued message. Turn security on (docs/security.md), bind it to 127.0.0.1, or set "
                    + ALLOW_KEY + "=true if the network itself is trusted");
        }
    }
}
