package org.camelmta.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/**
 * RFC 5321 §5.1 ordering of MX records: lowest preference first; hosts of equal preference in
 * random order, drawn anew for every plan (KumoMTA: shuffled within each preference level, then
 * flattened).
 */
final class MxOrdering {

    private MxOrdering() {
    }

    /** RFC 7505 null MX: the only target is the root ("MX 0 ."). */
    static boolean isNullMx(List<MXRecord> records) {
        return !records.isEmpty() && records.stream().allMatch(r -> r.getTarget().equals(Name.root));
    }

    /**
     * The hosts in the order to try them. A host named twice keeps its best preference; a "."
     * target next to real ones (a broken null MX) is left out.
     */
    static List<MxHost> order(List<MXRecord> records, Random random) {
        Map<Integer, List<MXRecord>> byPreference = new TreeMap<>();
        for (MXRecord r : records) {
            byPreference.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r);
        }
        List<MxHost> ordered = new ArrayList<>();
        Set<Name> seen = new HashSet<>();
        for (List<MXRecord> level : byPreference.values()) {
            List<MXRecord> shuffled = new ArrayList<>(level);
            Collections.shuffle(shuffled, random);
            for (MXRecord r : shuffled) {
                Name target = r.getTarget();
                if (!target.equals(Name.root) && seen.add(target)) {
                    ordered.add(new MxHost(target, r.getPriority(), true));
                }
            }
        }
        return ordered;
    }
}
