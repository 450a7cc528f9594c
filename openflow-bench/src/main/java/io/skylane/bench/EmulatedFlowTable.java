package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.southbound.translate.MessageReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The flow table of an emulated switch. Counting mode (packet-in benchmarks) only peeks at the
 * command: adds raise the count, a strict delete lowers it, a delete of everything empties it.
 * Recording mode (flow programming) decodes each FLOW_MOD with openflowj and keeps the entries by
 * (table, priority, match): ADD replaces, DELETE_STRICT removes the same key, DELETE removes every
 * entry whose match has at least the delete's fields with the same values (cookie mask honoured in
 * 1.3; out_port/out_group filters ignored), MODIFY changes instructions of matching entries. The
 * recorded entries answer flow statistics requests. Confined to the switch's event loop.
 */
final class EmulatedFlowTable {

    /** Largest multipart reply we send; entries beyond it go into the next reply (flag MORE). */
    private static final int MAX_REPLY = 60_000;

    private record Key(int table, int priority, Match match) {
    }

    private record Entry(OFFlowMod mod, long addedNanos) {
    }

    private final boolean record;
    private final int watchPriority;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
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
     * @return false if recording and the message cannot be decoded
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
        OFFlowMod fm;
        try {
            OFMessage m = MessageReader.readFrom(in.slice(at, len));
            if (!(m instanceof OFFlowMod)) {
                undecodable++;
                return false;
            }
            fm = (OFFlowMod) m;
        } catch (OFParseError | RuntimeException e) {
            undecodable++;
            return false;
        }
        recordMod(fm, now);
        count = entries.size();
        return true;
    }

    private void recordMod(OFFlowMod fm, long now) {
        OFFlowModCommand c = fm.getCommand();
        int table = tableOf(fm);
        if (c == OFFlowModCommand.ADD) {
            entries.put(new Key(table, fm.getPriority(), fm.getMatch()), new Entry(fm, now));
        } else if (c == OFFlowModCommand.DELETE_STRICT) {
            Key k = new Key(table, fm.getPriority(), fm.getMatch());
            Entry e = entries.get(k);
            if (e != null && cookieMatches(e.mod(), fm)) {
                entries.remove(k);
            }
        } else if (c == OFFlowModCommand.DELETE) {
            entries.entrySet().removeIf(e -> covers(fm, table, e.getKey(), e.getValue().mod()));
        } else if (c == OFFlowModCommand.MODIFY || c == OFFlowModCommand.MODIFY_STRICT) {
            for (Map.Entry<Key, Entry> e : entries.entrySet()) {
                Key k = e.getKey();
                boolean hit = c == OFFlowModCommand.MODIFY_STRICT
                        ? k.table() == table && k.priority() == fm.getPriority() && k.match().equals(fm.getMatch())
                        : covers(fm, table, k, e.getValue().mod());
                if (hit) {
                    e.setValue(new Entry(fm, e.getValue().addedNanos()));
                }
            }
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
        return entries.keySet().stream().filter(k -> k.priority() == watchPriority).count();
    }

    long undecodable() {
        return undecodable;
    }

    /** The flow statistics replies for {@code req}: the recorded entries it selects (none when counting). */
    List<OFMessage> flowStats(OFFlowStatsRequest req, long now) {
        OFFactory f = OFFactories.getFactory(req.getVersion());
        int table = req.getVersion() == OFVersion.OF_10 ? 0xff : req.getTableId().getValue();
        List<OFFlowStatsEntry> selected = new ArrayList<>();
        if (record) {
            for (Map.Entry<Key, Entry> e : entries.entrySet()) {
                if ((table == 0xff || table == e.getKey().table()) && contains(e.getKey().match(), req.getMatch())) {
                    selected.add(statsEntry(f, e.getKey(), e.getValue(), now));
                }
            }
        }
        List<OFMessage> replies = new ArrayList<>();
        List<OFFlowStatsEntry> chunk = new ArrayList<>();
        int size = 16;
        ByteBuf scratch = Unpooled.buffer();
        try {
            for (Iterator<OFFlowStatsEntry> it = selected.iterator(); it.hasNext(); ) {
                OFFlowStatsEntry e = it.next();
                scratch.clear();
                e.writeTo(scratch);
                if (size + scratch.readableBytes() > MAX_REPLY && !chunk.isEmpty()) {
                    replies.add(f.buildFlowStatsReply().setXid(req.getXid()).setEntries(List.copyOf(chunk))
                            .setFlags(EnumSet.of(OFStatsReplyFlags.REPLY_MORE)).build());
                    chunk.clear();
                    size = 16;
                }
                chunk.add(e);
                size += scratch.readableBytes();
            }
        } finally {
            scratch.release();
        }
        replies.add(f.buildFlowStatsReply().setXid(req.getXid()).setEntries(List.copyOf(chunk)).build());
        return replies;
    }

    private static OFFlowStatsEntry statsEntry(OFFactory f, Key k, Entry e, long now) {
        OFFlowMod m = e.mod();
        long age = Math.max(0, now - e.addedNanos());
        OFFlowStatsEntry.Builder b = f.buildFlowStatsEntry().setMatch(k.match()).setPriority(k.priority())
                .setCookie(m.getCookie()).setIdleTimeout(m.getIdleTimeout()).setHardTimeout(m.getHardTimeout())
                .setDurationSec(age / 1_000_000_000L).setDurationNsec(age % 1_000_000_000L)
                .setPacketCount(U64.ZERO).setByteCount(U64.ZERO).setTableId(TableId.of(k.table()));
        if (f.getVersion() == OFVersion.OF_10) {
            b.setActions(m.getActions());
        } else {
            b.setInstructions(m.getInstructions()).setFlags(m.getFlags());
        }
        return b.build();
    }

    private static int tableOf(OFFlowMod fm) {
        return fm.getVersion() == OFVersion.OF_10 ? 0 : fm.getTableId().getValue();
    }

    private static boolean covers(OFFlowMod delete, int table, Key k, OFFlowMod entry) {
        return (table == 0xff || table == k.table()) && cookieMatches(entry, delete)
                && contains(k.match(), delete.getMatch());
    }

    private static boolean cookieMatches(OFFlowMod entry, OFFlowMod request) {
        if (request.getVersion() == OFVersion.OF_10) {
            return true;
        }
        long mask = request.getCookieMask().getValue();
        return (entry.getCookie().getValue() & mask) == (request.getCookie().getValue() & mask);
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
