package org.camelmta.loopback;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recipient the sink accepted: the address as the client wrote it between the angle
 * brackets of {@code RCPT TO:<…>}, and the ESMTP parameters (NOTIFY, ORCPT) with keywords in
 * upper case and values as sent; a parameter without a value maps to the empty string.
 */
public record SinkRecipient(String address, Map<String, String> params) {

    public SinkRecipient {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
