package org.camelmta.loopback;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * The zones {@link ZoneDnsServer} is authoritative for, and the authoritative answer to a
 * query. Lookups inside a zone are dnsjava's {@link Zone#findRecords}; this class only adds
 * what a server does around it: following CNAME chains across the zones it holds, and putting
 * the SOA in the authority section of negative answers.
 */
final class ZoneBook {

    /** Default TTL for records written without one and no {@code $TTL}. */
    static final long DEFAULT_TTL = 300;
    private static final int MAX_CHAIN = 16;

    private final Map<Name, Zone> zones = new ConcurrentHashMap<>();
    // Changes take the write lock so that a query never sees a replaced RRset half-way
    // (removed but not yet added); answers share the read lock.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** Loads (or replaces) a zone from master-file text; adds a SOA and NS at the apex if missing. */
    void load(String origin, String zoneText) {
        Name apex = absolute(origin);
        List<Record> records = parse(zoneText, apex);
        boolean hasSoa = records.stream().anyMatch(r -> r.getType() == Type.SOA && r.getName().equals(apex));
        boolean hasNs = records.stream().anyMatch(r -> r.getType() == Type.NS && r.getName().equals(apex));
        Name ns = child("ns", apex);
        if (!hasSoa) {
            // A short negative TTL (the SOA minimum) so tests that add names later see them soon.
            records.add(0, new SOARecord(apex, DClass.IN, 60, ns, child("hostmaster", apex), 1, 3600, 600, 86400, 60));
        }
        if (!hasNs) {
            records.add(new NSRecord(apex, DClass.IN, DEFAULT_TTL, ns));
        }
        Zone zone;
        try {
            zone = new Zone(apex, records.toArray(Record[]::new));
        } catch (IOException e) {
            throw new IllegalArgumentException("bad zone " + apex + ": " + e.getMessage(), e);
        }
        zones.put(apex, zone);
    }

    /** Adds records (master-file lines with absolute owner names) to the zones that hold them. */
    void add(String recordText) {
        List<Record> records = parse(recordText, Name.root);
        writing(() -> records.forEach(r -> zoneOf(r.getName()).addRecord(r)));
    }

    /** Replaces the RRsets named by the given records with exactly these records. */
    void set(String recordText) {
        Map<String, List<Record>> sets = new LinkedHashMap<>();
        for (Record r : parse(recordText, Name.root)) {
            sets.computeIfAbsent(r.getName() + "/" + r.getType(), k -> new ArrayList<>()).add(r);
        }
        writing(() -> {
            for (List<Record> set : sets.values()) {
                Record first = set.get(0);
                Zone zone = zoneOf(first.getName());
                zone.removeRRset(first.getName(), first.getType());
                zone.addRRset(new RRset(set));
            }
        });
    }

    /** Removes one RRset. */
    void remove(String name, String type) {
        Name n = absolute(name);
        int t = typeOf(type);
        writing(() -> zoneOf(n).removeRRset(n, t));
    }

    /** The authoritative answer to a query, with the question echoed and the ID matched. */
    Message answer(Message query) {
        lock.readLock().lock();
        try {
            return answerLocked(query);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Message answerLocked(Message query) {
        Message reply = replyTo(query);
        Record question = query.getQuestion();
        if (question == null || question.getDClass() != DClass.IN) {
            reply.getHeader().setRcode(Rcode.FORMERR);
            return reply;
        }
        if (findZone(question.getName()) == null) {
            reply.getHeader().setRcode(Rcode.REFUSED);
            return reply;
        }
        reply.getHeader().setFlag(Flags.AA);
        Name current = question.getName();
        for (int step = 0; step < MAX_CHAIN; step++) {
            Zone zone = findZone(current);
            if (zone == null) {
                return reply; // a CNAME out of our zones: the resolver follows it itself
            }
            SetResponse found = zone.findRecords(current, question.getType());
            if (found.isCNAME()) {
                CNAMERecord cname = found.getCNAME();
                reply.addRecord(cname, Section.ANSWER);
                current = cname.getTarget();
            } else if (found.isSuccessful()) {
                for (RRset set : found.answers()) {
                    set.rrs(false).forEach(r -> reply.addRecord(r, Section.ANSWER));
                }
                return reply;
            } else if (found.isNXDOMAIN() || found.isNXRRSET()) {
                if (found.isNXDOMAIN()) {
                    reply.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                reply.addRecord(negativeSoa(zone.getSOA()), Section.AUTHORITY);
                return reply;
            } else if (found.isDelegation()) {
                if (reply.getSection(Section.ANSWER).isEmpty()) {
                    reply.getHeader().unsetFlag(Flags.AA);
                }
                found.getNS().rrs(false).forEach(r -> reply.addRecord(r, Section.AUTHORITY));
                return reply;
            } else {
                return reply; // DNAME and the like: nothing the tests need
            }
        }
        reply.getHeader().setRcode(Rcode.SERVFAIL); // a CNAME loop inside our zones
        return reply;
    }

    /** An empty reply to a query: ID, opcode, RD and question copied, QR set. */
    static Message replyTo(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        if (query.getQuestion() != null) {
            reply.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return reply;
    }

    static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad name " + name + ": " + e.getMessage(), e);
        }
    }

    static int typeOf(String type) {
        int t = Type.value(type);
        if (t < 0) {
            throw new IllegalArgumentException("unknown record type " + type);
        }
        return t;
    }

    // RFC 2308 §3: the SOA of a negative answer carries min(SOA TTL, SOA MINIMUM) as its TTL.
    private static SOARecord negativeSoa(SOARecord soa) {
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        return new SOARecord(soa.getName(), soa.getDClass(), ttl, soa.getHost(), soa.getAdmin(),
                soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }

    private void writing(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Zone zoneOf(Name name) {
        Zone zone = findZone(name);
        if (zone == null) {
            throw new IllegalArgumentException(name + " is in no zone this server holds");
        }
        return zone;
    }

    // The zone with the longest origin that contains the name.
    private Zone findZone(Name name) {
        for (int strip = 0; strip < name.labels(); strip++) {
            Zone zone = zones.get(strip == 0 ? name : new Name(name, strip));
            if (zone != null) {
                return zone;
            }
        }
        return null;
    }

    private static Name child(String label, Name parent) {
        try {
            return Name.fromString(label, parent);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Record> parse(String text, Name origin) {
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                origin, DEFAULT_TTL)) {
            master.disableIncludes();
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                records.add(r);
            }
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad zone text: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }
}
