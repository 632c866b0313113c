package org.camelmta.security;

/** A broker user and its password. The password never appears in {@link #toString()}. */
public record BrokerCredentials(String user, String password) {

    @Override
    public String toString() {
        return "BrokerCredentials[user=" + user + "]";
    }
}
