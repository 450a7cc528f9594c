package io.skylane.southbound.translate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * The second chance of an OpenFlow 1.3 PACKET_IN that openflowj cannot read because its match
 * holds an OXM openflowj does not know. Open vSwitch puts the packet's metadata in that match:
 * besides in_port, metadata, tunnel fields and the conntrack fields (which openflowj reads), any
 * register or pkt_mark a pipeline has set (NXM_NX_REG0.., NXM_NX_PKT_MARK), which it does not. One
 * such field would fail the whole message and lose the packet. The controller reads in_port only
 * ({@link PacketTranslator}), so the fields openflowj cannot read are left out of a copy, which
 * is read instead.
 *
 * <p>Whether openflowj knows an OXM is asked once per OXM header (and experimenter id): by
 * reading a PACKET_IN whose match holds just that OXM. Messages openflowj reads are never
 * touched: this runs only after it failed.
 */
final class PacketInMatchFilter {

    private static final OFMessageReader<OFMessage> GENERIC = OFFactories.getGenericReader();
    static final int PACKET_IN = 10;
    /** header 8, buffer_id 4, total_len 2, reason 1, table_id 1, cookie 8. */
    private static final int MATCH_OFFSET = 24;
    private static final int OXM_CLASS_EXPERIMENTER = 0xffff;

    private static final ConcurrentMap<Long, Boolean> KNOWN = new ConcurrentHashMap<>();

    private PacketInMatchFilter() {
    }

    /**
     * A copy of the PACKET_IN of {@code length} bytes at {@code start} without the OXMs openflowj
     * cannot read; null if it has none or its match is inconsistent (the caller reports the
     * original failure). The caller releases the copy.
     */
    static ByteBuf withoutUnknownOxms(ByteBuf b, int start, int length) {
        int end = start + length;
        int match = start + MATCH_OFFSET;
        if (match + 4 > end || b.getUnsignedShort(match) != 1) {
            return null;
        }
        int matchLength = b.getUnsignedShort(match + 2);
        int matchEnd = match + matchLength;
        int paddedEnd = match + ((matchLength + 7) & ~7);
        if (matchLength < 4 || paddedEnd > end) {
            return null;
        }
        ByteBuf kept = Unpooled.buffer(matchLength);
        boolean dropped = false;
        for (int at = match + 4; at < matchEnd; ) {
            if (at + 4 > matchEnd) {
                kept.release();
                return null;
            }
            int tlv = 4 + b.getUnsignedByte(at + 3);
            if (at + tlv > matchEnd) {
                kept.release();
                return null;
            }
            if (known(b, at, tlv)) {
                kept.writeBytes(b, at, tlv);
            } else {
                dropped = true;
            }
            at += tlv;
        }
        if (!dropped) {
            kept.release();
            return null;
        }
        int newMatchLength = 4 + kept.readableBytes();
        int newPadded = (newMatchLength + 7) & ~7;
        int rest = end - paddedEnd;
        ByteBuf out = Unpooled.buffer(MATCH_OFFSET + newPadded + rest);
        out.writeBytes(b, start, MATCH_OFFSET);
        out.writeShort(1);
        out.writeShort(newMatchLength);
        out.writeBytes(kept);
        out.writeZero(newPadded - newMatchLength);
        out.writeBytes(b, paddedEnd, rest);
        out.setShort(2, out.readableBytes());
        kept.release();
        return out;
    }

    /** Whether openflowj reads the OXM of {@code tlv} bytes at {@code at}; asked once per header. */
    private static boolean known(ByteBuf b, int at, int tlv) {
        long header = b.getUnsignedInt(at);
        long key = (header >>> 16) == OXM_CLASS_EXPERIMENTER && tlv >= 8 ? header << 32 | b.getUnsignedInt(at + 4)
                : header;
        return KNOWN.computeIfAbsent(key, k -> readable(b, at, tlv));
    }

    private static boolean readable(ByteBuf b, int at, int tlv) {
        int matchLength = 4 + tlv;
        int padded = (matchLength + 7) & ~7;
        int length = MATCH_OFFSET + padded + 2;
        ByteBuf probe = Unpooled.buffer(length);
        try {
            probe.writeByte(4).writeByte(PACKET_IN).writeShort(length).writeInt(0);
            probe.writeInt(0xffffffff).writeShort(0).writeByte(0).writeByte(0).writeLong(0);
            probe.writeShort(1).writeShort(matchLength).writeBytes(b, at, tlv).writeZero(padded - matchLength);
            probe.writeZero(2);
            return GENERIC.readFrom(probe) != null;
        } catch (OFParseError | RuntimeException e) {
            return false;
        } finally {
            probe.release();
        }
    }
}
