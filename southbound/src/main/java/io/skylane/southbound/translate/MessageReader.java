package io.skylane.southbound.translate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteActions;
import org.projectfloodlight.openflow.protocol.match.Match;

/**
 * openflowj's generic message reader, plus the experimenter actions it cannot read. openflowj
 * knows one Nicira action (dec_ttl) and fails the whole message on any other, so a FLOW_STATS
 * reply from an Open vSwitch holding a single {@code ct} rule would be unreadable (and the
 * connection closed as malformed).
 *
 * <p>For OpenFlow 1.3 FLOW_MODs, GROUP_MODs, FLOW_STATS replies and GROUP_DESC replies (what a
 * switch sends, and what tests read back), the reader first walks
 * the message's length-prefixed structure (entries, instructions, buckets, actions). If no
 * experimenter action openflowj lacks is found (the usual case) the message goes to openflowj
 * untouched. Otherwise each such action is cut out of a copy of the message (with the lengths of
 * the message, entry, instruction or bucket around it reduced to match), openflowj reads the copy,
 * and the cut actions are put back in their places as {@link NxConntrackAction} (NXAST_CT),
 * {@link NxMultipathAction} (NXAST_MULTIPATH), {@link NxConjunctionAction} (NXAST_CONJUNCTION) or
 * {@link OpaqueExperimenterAction} (anything else): the result writes the original bytes again.
 * The same is done for Open vSwitch's {@code conj_id} in a match (NXM_NX_CONJ_ID, which openflowj
 * cannot read either): cut out, then put back as an {@link NxConjIdMatch} (which writes it last
 * among the match's fields, where Open vSwitch writes it first).
 * Any inconsistency in the walk leaves the message to openflowj, which reports it.
 *
 * <p>A PACKET_IN whose match holds a field openflowj does not know (a register Open vSwitch
 * reports) is read again without such fields ({@link PacketInMatchFilter}).
 */
public final class MessageReader {

    private static final OFMessageReader<OFMessage> GENERIC = OFFactories.getGenericReader();

    private static final int OF13 = 4;
    private static final int FLOW_MOD = 14;
    private static final int GROUP_MOD = 15;
    private static final int MULTIPART_REPLY = 19;
    private static final int MP_FLOW = 1;
    private static final int MP_GROUP_DESC = 7;
    private static final int INSTRUCTION_WRITE_ACTIONS = 3;
    private static final int INSTRUCTION_APPLY_ACTIONS = 4;
    /** Offset of the match in a FLOW_MOD and in a flow statistics entry. */
    private static final int MATCH_OFFSET = 48;
    private static final int ACTION_EXPERIMENTER = 0xffff;
    private static final long BIG_SWITCH = 0x005c16c7L;
    private static final int NXAST_DEC_TTL = 18;

    private MessageReader() {
    }

    /**
     * Reads one message from the reader index, as openflowj's generic reader does: null if the
     * buffer holds less than the message, otherwise the reader index moves past it.
     */
    public static OFMessage readFrom(ByteBuf in) throws OFParseError {
        int start = in.readerIndex();
        if (in.readableBytes() < 8 || in.getUnsignedByte(start) != OF13) {
            return GENERIC.readFrom(in);
        }
        int length = in.getUnsignedShort(start + 2);
        if (length < 8 || in.readableBytes() < length) {
            return GENERIC.readFrom(in);
        }
        if (in.getUnsignedByte(start + 1) == PacketInMatchFilter.PACKET_IN) {
            return readPacketIn(in, start, length);
        }
        Walk walk = new Walk(in, start);
        if (!walk.run(length) || walk.cuts.isEmpty()) {
            return GENERIC.readFrom(in);
        }
        ByteBuf copy = walk.strippedCopy(length);
        OFMessage m;
        try {
            m = GENERIC.readFrom(copy);
        } finally {
            copy.release();
        }
        if (m == null) {
            throw new OFParseError("message shorter than its length once experimenter actions are set aside");
        }
        in.readerIndex(start + length);
        return walk.restore(m);
    }

    /** A PACKET_IN, read again without the match fields openflowj cannot read if it fails ({@link PacketInMatchFilter}). */
    private static OFMessage readPacketIn(ByteBuf in, int start, int length) throws OFParseError {
        try {
            return GENERIC.readFrom(in);
        } catch (OFParseError e) {
            ByteBuf copy = PacketInMatchFilter.withoutUnknownOxms(in, start, length);
            if (copy == null) {
                throw e;
            }
            OFMessage m;
            try {
                m = GENERIC.readFrom(copy);
            } catch (OFParseError again) {
                e.addSuppressed(again);
                throw e;
            } finally {
                copy.release();
            }
            if (m == null) {
                throw e;
            }
            in.readerIndex(start + length);
            return m;
        }
    }

    /** {@link Cut#list} of a conj_id OXM cut out of a match. */
    private static final int MATCH = -2;

    /**
     * An action, or a match's conj_id OXM, cut out of the message.
     *
     * @param entry    index of the flow entry or group entry (0 in a FLOW_MOD or GROUP_MOD)
     * @param list     index of the instruction (flows) or bucket (groups) holding the action list;
     *                 {@link #MATCH} for the conj_id OXM of the entry's match
     * @param position index of the action in the original list (0 for conj_id)
     * @param offset   where the action or OXM starts (absolute)
     * @param length   its length
     * @param lengths  absolute offsets of the u16 length fields that include it
     * @param action   the action, null for conj_id
     * @param conjId   the conj_id value, or -1 for an action
     */
    private record Cut(int entry, int list, int position, int offset, int length, int[] lengths, OFAction action,
                       long conjId) {
    }

    private static final class Walk {
        private final ByteBuf b;
        private final int start;
        private final List<Cut> cuts = new ArrayList<>();

        Walk(ByteBuf b, int start) {
            this.b = b;
            this.start = start;
        }

        /** Finds the actions to cut; false if the structure is inconsistent. */
        boolean run(int length) {
            int end = start + length;
            int type = b.getUnsignedByte(start + 1);
            if (type == FLOW_MOD) {
                return flow(start + MATCH_OFFSET, end, 0, new int[] {start + 2});
            }
            if (type == GROUP_MOD) {
                return buckets(start + 16, end, 0, new int[] {start + 2});
            }
            if (type != MULTIPART_REPLY || length < 16) {
                return true;
            }
            int mp = b.getUnsignedShort(start + 8);
            int at = start + 16;
            for (int entry = 0; at < end; entry++) {
                if (at + 8 > end) {
                    return false;
                }
                int len = b.getUnsignedShort(at);
                if (len < 8 || at + len > end) {
                    return false;
                }
                if (mp == MP_FLOW) {
                    if (len < MATCH_OFFSET + 8 || !flow(at + MATCH_OFFSET, at + len, entry, new int[] {start + 2, at})) {
                        return false;
                    }
                } else if (mp == MP_GROUP_DESC) {
                    if (!buckets(at + 8, at + len, entry, new int[] {start + 2, at})) {
                        return false;
                    }
                } else {
                    return true;
                }
                at += len;
            }
            return true;
        }

        /** A match (padded to 8 bytes) then instructions up to {@code end}. */
        private boolean flow(int match, int end, int entry, int[] lengths) {
            if (match + 4 > end) {
                return false;
            }
            int matchLength = b.getUnsignedShort(match + 2);
            if (matchLength < 4 || match + ((matchLength + 7) & ~7) > end || !conjId(match, matchLength, entry, lengths)) {
                return false;
            }
            int at = match + ((matchLength + 7) & ~7);
            for (int i = 0; at < end; i++) {
                if (at + 4 > end) {
                    return false;
                }
                int type = b.getUnsignedShort(at);
                int len = b.getUnsignedShort(at + 2);
                if (len < 8 || at + len > end) {
                    return false;
                }
                if ((type == INSTRUCTION_APPLY_ACTIONS || type == INSTRUCTION_WRITE_ACTIONS)
                        && !actions(at + 8, at + len, entry, i, append(lengths, at + 2))) {
                    return false;
                }
                at += len;
            }
            return at == end;
        }

        /**
         * Cuts a conj_id OXM (which openflowj cannot read) out of the OXM match at {@code match}: its
         * 8 bytes come off the match's length and, the match being padded to 8, off the padded length.
         */
        private boolean conjId(int match, int matchLength, int entry, int[] lengths) {
            if (b.getUnsignedShort(match) != 1) {
                return true; // not an OXM match: openflowj's to judge
            }
            int end = match + matchLength;
            for (int at = match + 4; at < end; ) {
                if (at + 4 > end) {
                    return false;
                }
                long header = b.getUnsignedInt(at);
                int len = (int) (header & 0xff);
                if (at + 4 + len > end) {
                    return false;
                }
                if (header == NxConjIdMatch.HEADER) {
                    cuts.add(new Cut(entry, MATCH, 0, at, NxConjIdMatch.LENGTH, append(lengths, match + 2), null,
                            b.getUnsignedInt(at + 4)));
                }
                at += 4 + len;
            }
            return true;
        }

        /** Group buckets: u16 len, u16 weight, u32 watch_port, u32 watch_group, pad[4], actions. */
        private boolean buckets(int at, int end, int entry, int[] lengths) {
            for (int i = 0; at < end; i++) {
                if (at + 16 > end) {
                    return false;
                }
                int len = b.getUnsignedShort(at);
                if (len < 16 || at + len > end || !actions(at + 16, at + len, entry, i, append(lengths, at))) {
                    return false;
                }
                at += len;
            }
            return at == end;
        }

        private boolean actions(int at, int end, int entry, int list, int[] lengths) {
            for (int position = 0; at < end; position++) {
                if (at + 4 > end) {
                    return false;
                }
                int type = b.getUnsignedShort(at);
                int len = b.getUnsignedShort(at + 2);
                if (len < 8 || len % 8 != 0 || at + len > end) {
                    return false;
                }
                if (type == ACTION_EXPERIMENTER && len >= 16) {
                    OFAction foreign = foreign(at, len);
                    if (foreign != null) {
                        cuts.add(new Cut(entry, list, position, at, len, lengths, foreign, -1));
                    }
                }
                at += len;
            }
            return at == end;
        }

        /** The action at {@code at} if openflowj cannot read it, else null. */
        private OFAction foreign(int at, int len) {
            long experimenter = b.getUnsignedInt(at + 4);
            if (experimenter == NiciraAction.NICIRA) {
                int subtype = b.getUnsignedShort(at + 8);
                if (subtype == NXAST_DEC_TTL) {
                    return null;
                }
                OFAction known = subtype == NxConntrackAction.SUBTYPE ? NxConntrackAction.read(b, at, len)
                        : subtype == NxMultipathAction.SUBTYPE ? NxMultipathAction.read(b, at, len)
                        : subtype == NxConjunctionAction.SUBTYPE ? NxConjunctionAction.read(b, at, len) : null;
                return known != null ? known : new OpaqueExperimenterAction(b, at, len);
            }
            return experimenter == BIG_SWITCH ? null : new OpaqueExperimenterAction(b, at, len);
        }

        private static int[] append(int[] a, int v) {
            int[] out = java.util.Arrays.copyOf(a, a.length + 1);
            out[a.length] = v;
            return out;
        }

        /** The message without the cut actions, every length around them reduced. */
        ByteBuf strippedCopy(int length) {
            ByteBuf whole = Unpooled.buffer(length);
            whole.writeBytes(b, start, length);
            for (Cut c : cuts) {
                for (int field : c.lengths()) {
                    int at = field - start;
                    whole.setShort(at, whole.getUnsignedShort(at) - c.length());
                }
            }
            ByteBuf out = Unpooled.buffer(length);
            int from = 0;
            for (Cut c : cuts) {
                out.writeBytes(whole, from, c.offset() - start - from);
                from = c.offset() - start + c.length();
            }
            out.writeBytes(whole, from, length - from);
            whole.release();
            return out;
        }

        /** Puts the cut actions back into what openflowj read. */
        OFMessage restore(OFMessage m) throws OFParseError {
            if (m instanceof OFFlowMod fm) {
                return fm.createBuilder().setMatch(match(fm.getMatch(), 0))
                        .setInstructions(instructions(fm.getInstructions(), 0)).build();
            } else if (m instanceof OFGroupMod gm) {
                return gm.createBuilder().setBuckets(buckets(gm.getBuckets(), 0)).build();
            } else if (m instanceof OFFlowStatsReply r) {
                List<OFFlowStatsEntry> entries = new ArrayList<>(r.getEntries());
                for (int i = 0; i < entries.size(); i++) {
                    if (has(i, -1)) {
                        OFFlowStatsEntry e = entries.get(i);
                        entries.set(i, e.createBuilder().setMatch(match(e.getMatch(), i))
                                .setInstructions(instructions(e.getInstructions(), i)).build());
                    }
                }
                return r.createBuilder().setEntries(entries).build();
            } else if (m instanceof OFGroupDescStatsReply r) {
                List<OFGroupDescStatsEntry> entries = new ArrayList<>(r.getEntries());
                for (int i = 0; i < entries.size(); i++) {
                    if (has(i, -1)) {
                        OFGroupDescStatsEntry e = entries.get(i);
                        entries.set(i, e.createBuilder().setBuckets(buckets(e.getBuckets(), i)).build());
                    }
                }
                return r.createBuilder().setEntries(entries).build();
            }
            throw new OFParseError("unexpected " + m.getType() + " after setting experimenter actions aside");
        }

        /** The parsed match, with the conj_id cut out of it back ({@link NxConjIdMatch}). */
        private Match match(Match parsed, int entry) throws OFParseError {
            for (Cut c : cuts) {
                if (c.entry() == entry && c.list() == MATCH) {
                    if (!(parsed instanceof OFMatchV3 v3)) {
                        throw new OFParseError("conj_id in a match that is not OXM");
                    }
                    return new NxConjIdMatch(v3, c.conjId());
                }
            }
            return parsed;
        }

        private List<OFInstruction> instructions(List<OFInstruction> parsed, int entry) throws OFParseError {
            List<OFInstruction> out = new ArrayList<>(parsed);
            for (int j = 0; j < out.size(); j++) {
                if (!has(entry, j)) {
                    continue;
                }
                OFInstruction i = out.get(j);
                if (i instanceof OFInstructionApplyActions a) {
                    out.set(j, a.createBuilder().setActions(merge(a.getActions(), entry, j)).build());
                } else if (i instanceof OFInstructionWriteActions w) {
                    out.set(j, w.createBuilder().setActions(merge(w.getActions(), entry, j)).build());
                } else {
                    throw new OFParseError("instruction " + j + " changed kind after setting experimenter actions aside");
                }
            }
            return out;
        }

        private List<OFBucket> buckets(List<OFBucket> parsed, int entry) {
            List<OFBucket> out = new ArrayList<>(parsed);
            for (int j = 0; j < out.size(); j++) {
                if (has(entry, j)) {
                    OFBucket bucket = out.get(j);
                    out.set(j, bucket.createBuilder().setActions(merge(bucket.getActions(), entry, j)).build());
                }
            }
            return out;
        }

        private boolean has(int entry, int list) {
            for (Cut c : cuts) {
                if (c.entry() == entry && (list < 0 || c.list() == list)) {
                    return true;
                }
            }
            return false;
        }

        /** The parsed list with the cut actions back at their original positions. */
        private List<OFAction> merge(List<OFAction> parsed, int entry, int list) {
            List<OFAction> out = new ArrayList<>(parsed.size() + 2);
            int p = 0;
            for (Cut c : cuts) {
                if (c.entry() != entry || c.list() != list) {
                    continue;
                }
                while (out.size() < c.position() && p < parsed.size()) {
                    out.add(parsed.get(p++));
                }
                out.add(c.action());
            }
            while (p < parsed.size()) {
                out.add(parsed.get(p++));
            }
            return out;
        }
    }
}
