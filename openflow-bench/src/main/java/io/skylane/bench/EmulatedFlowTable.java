package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import io.skylane.southbound.translate.MessageReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * The flow table of an emulated switch. Counting mode (packet-in benchmarks) only peeks at the
 * command: adds raise the count, a strict delete lowers it, a delete of everything empties it.
 * Recording mode (flow programming) keeps each entry by (table, priority, match) as the bytes of the
 * FLOW_MOD that added it ({@link CompactEntry}): an ADD replaces, a DELETE_STRICT removes the same key
 * (compared as bytes: the match as the controller encoded it), a DELETE removes every entry whose
 * match has at least the delete's fields with the same values (cookie mask honoured in 1.3;
 * out_port/out_group filters ignored), a MODIFY changes the instructions of matching entries. The
 * common commands (ADD, DELETE_STRICT, delete everything) decode nothing; the rare ones (a
 * non-strict DELETE or a MODIFY) and flow statistics replies decode with openflowj. Keeping bytes
 * rather than openflowj objects is what lets 256 switches of 1 000 rules (or 16 of 10 000) share
 * a heap with the controller's core without the collector becoming the benchmark. Confined to the
 * switch's event loop.
 */
final class EmulatedFlowTable {

    /** Largest multipart reply we send; entries beyond it go into the next reply (flag MORE). */
    private static final int MAX_REPLY = 60_000;

    private final boolean record;
    private final int watchPriority;
    private final Map<CompactEntry, CompactEntry> entries = new LinkedHashMap<>();
    private long count;
    private long watchedAdds;
    private long watchedAddsConfirmed;
    private long undecodable;

    EmulatedFlowTable(boolean record, int watchPriority) {
        this.record = record;
        this.watchPriority = watchPriority;
    }

    /**
     * Applies the FLOW_MOD at {@code at}.
     *
     * @return false if recording and the message cannot be read
     */
    boolean apply(ByteBuf in, int at, int len, int version, int command, long now) {
        if (command == Wire.FLOW_ADD && Wire.flowModPriority(in, at, version) == watchPriority) {
            watchedAdds++;
        }
        if (!record) {
            if (command == Wire.FLOW_ADD) {
                count++;
            } else if (command == Wire.FLOW_DELETE_STRICT) {
                count = Math.max(0, count - 1);
            } else if (command == Wire.FLOW_DELETE && matchesAll(in, at, version)) {
                count = 0;
            }
            return true;
        }
        boolean ok = recordMod(in, at, len, version, command, now);
        if (!ok) {
            undecodable++;
        }
        count = entries.size();
        return ok;
    }

    /** Puts the FLOW_MOD ADD {@code mod} (wire format) in the table before the switch connects, uncounted. */
    void preload(byte[] mod, long now) {
        CompactEntry e = CompactEntry.of(mod, now);
        if (e == null) {
            throw new IllegalArgumentException("not a FLOW_MOD this table can hold");
        }
        entries.put(e, e);
        count = entries.size();
    }

    private boolean recordMod(ByteBuf in, int at, int len, int version, int command, long now) {
        if (command == Wire.FLOW_ADD || command == Wire.FLOW_DELETE_STRICT) {
            byte[] bytes = new byte[len];
            in.getBytes(at, bytes);
            CompactEntry e = CompactEntry.of(bytes, now);
            if (e == null) {
                return false;
            }
            if (command == Wire.FLOW_ADD) {
                entries.put(e, e);
            } else {
                CompactEntry held = entries.get(e);
                if (held != null && held.cookieMatches(e)) {
                    entries.remove(held);
                }
            }
            return true;
        }
        if (command == Wire.FLOW_DELETE && deletesEverything(in, at, version)) {
            entries.clear();
            return true;
        }
        OFFlowMod fm = decode(in.slice(at, len));
        if (fm == null) {
            return false;
        }
        OFFlowModCommand c = fm.getCommand();
        int table = tableOf(fm);
        if (c == OFFlowModCommand.DELETE) {
            entries.values().removeIf(e -> covers(fm, table, e));
        } else if (c == OFFlowModCommand.MODIFY || c == OFFlowModCommand.MODIFY_STRICT) {
            byte[] bytes = new byte[len];
            in.getBytes(at, bytes);
            for (CompactEntry e : entries.values()) {
                boolean hit = c == OFFlowModCommand.MODIFY_STRICT
                        ? e.table() == table && e.priority() == fm.getPriority() && e.match().equals(fm.getMatch())
                        : covers(fm, table, e);
                if (hit) {
                    e.modifiedBy(bytes);
                }
            }
        }
        return true;
    }

    private static OFFlowMod decode(ByteBuf frame) {
        try {
            OFMessage m = MessageReader.readFrom(frame);
            return m instanceof OFFlowMod fm ? fm : null;
        } catch (OFParseError | RuntimeException e) {
            return null;
        }
    }

    /** A barrier was answered: every watched ADD so far is confirmed. */
    void barrier() {
        watchedAddsConfirmed = watchedAdds;
    }

    long count() {
        return count;
    }

    long watchedAdds() {
        return watchedAdds;
    }

    long watchedAddsConfirmed() {
        return watchedAddsConfirmed;
    }

    /** Recorded flows at the watched priority, or -1 when not recording. */
    long watchedFlows() {
        if (!record) {
            return -1;
        }
        long n = 0;
        for (CompactEntry e : entries.values()) {
            if (e.priority() == watchPriority) {
                n++;
            }
        }
        return n;
    }

    long undecodable() {
        return undecodable;
    }

    /**
     * Writes the flow statistics replies for {@code req} into {@code out}: the recorded entries it
     * selects (none when counting), each written from its bytes ({@link CompactEntry#writeStats}),
     * in replies of at most {@link #MAX_REPLY} bytes, all but the last flagged MORE.
     */
    void writeFlowStats(OFFlowStatsRequest req, long now, ByteBuf out) {
        int version = req.getVersion() == OFVersion.OF_10 ? Wire.OF10 : Wire.OF13;
        int table = version == Wire.OF10 ? 0xff : req.getTableId().getValue();
        boolean byMatch = req.getMatch().getMatchFields().iterator().hasNext();
        int xid = (int) req.getXid();
        int reply = startReply(out, version, xid);
        int entriesInReply = 0;
        if (record) {
            for (CompactEntry e : entries.values()) {
                if ((table != 0xff && table != e.table()) || (byMatch && !contains(e.match(), req.getMatch()))) {
                    continue;
                }
                if (entriesInReply > 0 && out.writerIndex() - reply + e.statsLength() > MAX_REPLY) {
                    endReply(out, reply, true);
                    reply = startReply(out, version, xid);
                    entriesInReply = 0;
                }
                e.writeStats(out, Math.max(0, now - e.addedNanos()));
                entriesInReply++;
            }
        }
        endReply(out, reply, false);
    }

    /** Writes a flow statistics reply's header (length and flags set by {@link #endReply}); returns where it starts. */
    private static int startReply(ByteBuf out, int version, int xid) {
        int start = out.writerIndex();
        Wire.writeHeader(out, version, Wire.statsRequest(version) + 1, 0, xid);
        out.writeShort(1).writeShort(0); // type FLOW, flags
        if (version == Wire.OF13) {
            out.writeInt(0);
        }
        return start;
    }

    private static void endReply(ByteBuf out, int start, boolean more) {
        out.setShort(start + 2, out.writerIndex() - start);
        out.setShort(start + 10, more ? 1 : 0);
    }

    private static int tableOf(OFFlowMod fm) {
        return fm.getVersion() == OFVersion.OF_10 ? 0 : fm.getTableId().getValue();
    }

    private static boolean covers(OFFlowMod delete, int table, CompactEntry e) {
        if (table != 0xff && table != e.table()) {
            return false;
        }
        if (delete.getVersion() != OFVersion.OF_10) {
            long mask = delete.getCookieMask().getValue();
            if ((e.cookie() & mask) != (delete.getCookie().getValue() & mask)) {
                return false;
            }
        }
        return contains(e.match(), delete.getMatch());
    }

    /** Whether {@code entry} has every field of {@code filter}, with the same value (and mask). */
    static boolean contains(Match entry, Match filter) {
        for (MatchField<?> field : filter.getMatchFields()) {
            if (!sameField(entry, filter, field)) {
                return false;
            }
        }
        return true;
    }

    private static <F extends OFValueType<F>> boolean sameField(Match entry, Match filter, MatchField<F> field) {
        if (!entry.supports(field) || entry.isFullyWildcarded(field)) {
            return false;
        }
        if (filter.isExact(field)) {
            return entry.isExact(field) && Objects.equals(entry.get(field), filter.get(field));
        }
        return entry.supportsMasked(field) && Objects.equals(entry.getMasked(field), filter.getMasked(field));
    }

    /** A DELETE of every entry: empty match, and in 1.3 every table and no cookie mask. */
    private static boolean deletesEverything(ByteBuf in, int at, int version) {
        return matchesAll(in, at, version)
                && (version == Wire.OF10 || (in.getUnsignedByte(at + 24) == 0xff && in.getLong(at + 16) == 0));
    }

    /** A DELETE whose match is empty (1.0: every wildcard bit set; 1.3: no OXM). */
    private static boolean matchesAll(ByteBuf in, int at, int version) {
        if (version == Wire.OF10) {
            int w = in.getInt(at + 8);
            return (w & 0xff) == 0xff && ((w >>> 8) & 0x3f) >= 32 && ((w >>> 14) & 0x3f) >= 32
                    && (w & (3 << 20)) == (3 << 20);
        }
        return in.getUnsignedShort(at + 50) <= 4;
    }
}
