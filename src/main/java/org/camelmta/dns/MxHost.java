package org.camelmta.dns;

import java.util.Locale;
import org.xbill.DNS.Name;

/**
 * A host a plan may use, before its addresses are known.
 *
 * @param name       the absolute DNS name to look its addresses up under
 * @param preference its MX preference (0 for implicit MX and routes)
 * @param fromMx     whether an MX record named it
 */
record MxHost(Name name, int preference, boolean fromMx) {

    /** The host name as plans and logs write it: lower case, no final dot. */
    String host() {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }
}
