package org.camelmta.dns;

/**
 * The user name and password a relay wants for SMTP AUTH (RFC 4954). They belong to a
 * {@link StaticRoute}, so they only ever go to the next hop that route names (Postfix keys its
 * {@code smtp_sasl_password_maps} by next hop for the same reason): never to a host that a
 * recipient's domain or address literal chose.
 */
public record RelayCredentials(String username, String password) {

    public RelayCredentials {
        if (username == null || username.isBlank() || password == null) {
            throw new IllegalArgumentException("a relay user name and password are both needed");
        }
    }

    @Override
    public String toString() {
        return "RelayCredentials[" + username + ", ****]";
    }
}
