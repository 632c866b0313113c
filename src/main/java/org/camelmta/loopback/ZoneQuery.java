package org.camelmta.loopback;

/**
 * One query {@link ZoneDnsServer} received, as its query log keeps it.
 *
 * @param name      the queried name, lower case, without the final dot ({@code mx1.example.com})
 * @param type      the query type as DNS writes it ({@code MX}, {@code A}, {@code AAAA})
 * @param transport how the query came
 */
public record ZoneQuery(String name, String type, Transport transport) {

    /** How a query reached the server. */
    public enum Transport {
        UDP,
        TCP
    }
}
