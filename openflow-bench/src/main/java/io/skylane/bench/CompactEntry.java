package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.southbound.translate.MessageReader;
import java.util.Arrays;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.match.Match;

/**
 * One entry of a recording {@link EmulatedFlowTable}, kept as the bytes of the FLOW_MOD that added
 * it (about a hundred bytes, where openflowj's objects for the same rule take several times that
 * and are garbage the moment they are replaced). Equal by (table, priority, match bytes), so it is
 * its own key; openflowj reads the bytes back only for flow statistics and the rare non-strict
 * command. The offsets are those of {@link Wire}, pinned to openflowj's encoding by the tests.
 * The arrays are never written after construction, so entries of several switches may share them.
 */
final class CompactEntry {

    private static final int OF13_MIN = 56;
    private static final int OF10_MIN = 72;

    private final byte[] key;
    /** The last FLOW_MOD that set the entry's cookie, timeouts and instructions: the ADD, or a MODIFY. */
    private byte[] contents;
    private final int table;
    private final int priority;
    private final int matchOff;
    private final int matchLen;
    private final int hash;
    private final long addedNanos;

    private CompactEntry(byte[] key, int table, int priority, int matchOff, int matchLen, long addedNanos) {
        this.key = key;
        this.contents = key;
        this.table = table;
        this.priority = priority;
        this.matchOff = matchOff;
        this.matchLen = matchLen;
        this.addedNanos = addedNanos;
        int h = 31 * table + priority;
        for (int i = matchOff; i < matchOff + matchLen; i++) {
            h = 31 * h + key[i];
        }
        this.hash = h;
    }

    /** The entry a FLOW_MOD ({@code mod}, one whole message) adds or names; null if it is too short to be one. */
    static CompactEntry of(byte[] mod, long now) {
        int version = mod[0];
        if (version == Wire.OF13 && mod.length >= OF13_MIN) {
            int len = u16(mod, 50);
            if (len < 4 || 48 + len > mod.length) {
                return null;
            }
            return new CompactEntry(mod, mod[24] & 0xff, u16(mod, 30), 48, len, now);
        }
        if (version == Wire.OF10 && mod.length >= OF10_MIN) {
            return new CompactEntry(mod, 0, u16(mod, 62), 8, 40, now);
        }
        return null;
    }

    int table() {
        return table;
    }

    int priority() {
        return priority;
    }

    long addedNanos() {
        return addedNanos;
    }

    /** The entry's cookie. */
    long cookie() {
        return version() == Wire.OF10 ? u64(contents, 48) : u64(contents, 8);
    }

    /** True if a strict delete {@code request} (same key) selects this entry by its cookie and mask (1.3). */
    boolean cookieMatches(CompactEntry request) {
        if (version() == Wire.OF10) {
            return true;
        }
        long mask = u64(request.key, 16);
        return (cookie() & mask) == (u64(request.key, 8) & mask);
    }

    /** A MODIFY selected this entry: its instructions (and cookie, timeouts, flags) are now the MODIFY's. */
    void modifiedBy(byte[] modify) {
        contents = modify;
    }

    /** The length of this entry as a flow statistics entry ({@link #writeStats}). */
    int statsLength() {
        if (version() == Wire.OF10) {
            return 88 + contents.length - 72;
        }
        return 48 + padded(matchLen) + contents.length - instructionsOffset();
    }

    /**
     * Writes this entry as a flow statistics entry of its version (ofp_flow_stats), packet and byte
     * counts zero, straight from the FLOW_MOD's bytes: the match of the ADD, the rest of the last
     * FLOW_MOD that set it. The same bytes as openflowj's encoding (pinned by the tests).
     */
    void writeStats(ByteBuf out, long ageNanos) {
        int sec = (int) (ageNanos / 1_000_000_000L);
        int nsec = (int) (ageNanos % 1_000_000_000L);
        if (version() == Wire.OF10) {
            out.writeShort(statsLength()).writeByte(table).writeByte(0).writeBytes(key, matchOff, matchLen)
                    .writeInt(sec).writeInt(nsec).writeShort(priority).writeShort(u16(contents, 58))
                    .writeShort(u16(contents, 60)).writeZero(6).writeLong(cookie()).writeLong(0).writeLong(0)
                    .writeBytes(contents, 72, contents.length - 72);
            return;
        }
        int instructions = instructionsOffset();
        out.writeShort(statsLength()).writeByte(table).writeByte(0).writeInt(sec).writeInt(nsec)
                .writeShort(priority).writeShort(u16(contents, 26)).writeShort(u16(contents, 28))
                .writeShort(u16(contents, 44)).writeInt(0).writeLong(cookie()).writeLong(0).writeLong(0)
                .writeBytes(key, matchOff, matchLen).writeZero(padded(matchLen) - matchLen)
                .writeBytes(contents, instructions, contents.length - instructions);
    }

    /** 1.3: where the instructions of {@link #contents} start (after its match, padded to 8 bytes). */
    private int instructionsOffset() {
        return 48 + padded(u16(contents, 50));
    }

    private static int padded(int n) {
        return (n + 7) & ~7;
    }

    /** The entry's match, read back with openflowj. */
    Match match() {
        return read(key).getMatch();
    }

    /** The FLOW_MOD that last set the entry's contents, read back with openflowj. */
    OFFlowMod contents() {
        return read(contents);
    }

    private int version() {
        return key[0];
    }

    private static OFFlowMod read(byte[] mod) {
        try {
            OFMessage m = MessageReader.readFrom(Unpooled.wrappedBuffer(mod));
            if (m instanceof OFFlowMod fm) {
                return fm;
            }
        } catch (OFParseError e) {
            throw new IllegalStateException("a recorded FLOW_MOD cannot be read back: " + e.getMessage(), e);
        }
        throw new IllegalStateException("a recorded FLOW_MOD is not one");
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactEntry e && table == e.table && priority == e.priority && matchLen == e.matchLen
                && Arrays.equals(key, matchOff, matchOff + matchLen, e.key, e.matchOff, e.matchOff + matchLen);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
