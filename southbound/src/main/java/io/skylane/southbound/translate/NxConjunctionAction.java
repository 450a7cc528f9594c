package io.skylane.southbound.translate;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import io.skylane.core.flow.Action;

/**
 * Open vSwitch's {@code conjunction(id, k/n)} action NXAST_CONJUNCTION (Nicira experimenter
 * 0x2320, subtype 34), which openflowj does not have, as an openflowj action (see
 * {@link NxConntrackAction} for how it is written and read).
 *
 * <p>Wire layout ({@code struct nx_action_conjunction}, 16 bytes), as Open vSwitch 3.1 writes it
 * ({@code golden/ovs-conj/}):
 * <pre>
 *  0  u16 type = 0xffff   2  u16 len = 16   4  u32 experimenter = 0x00002320   8  u16 subtype = 34
 * 10  u8  clause (k - 1)  11  u8 n_clauses   12  u32 id
 * </pre>
 * The values are kept as read; {@link #toCore()} accepts what Open vSwitch accepts (n 2..64, k 1..n).
 */
final class NxConjunctionAction extends NiciraAction {

    static final int SUBTYPE = 34;
    static final int LENGTH = 16;

    /** The clause as on the wire: k - 1. */
    private final int clause;
    private final int nClauses;
    private final long id;

    NxConjunctionAction(int clause, int nClauses, long id) {
        this.clause = clause & 0xff;
        this.nClauses = nClauses & 0xff;
        this.id = id & 0xffffffffL;
    }

    static NxConjunctionAction of(Action.Conjunction c) {
        return new NxConjunctionAction(c.clause() - 1, c.nClauses(), c.id());
    }

    /** Writes the action for a core conjunction (what {@link #of} would write) without building it. */
    static void write(Action.Conjunction c, ByteBuf bb) {
        write(bb, c.clause() - 1, c.nClauses(), c.id());
    }

    private static void write(ByteBuf bb, int clause, int nClauses, long id) {
        bb.writeShort(0xffff);
        bb.writeShort(LENGTH);
        bb.writeInt(NiciraAction.NICIRA);
        bb.writeShort(SUBTYPE);
        bb.writeByte(clause);
        bb.writeByte(nClauses);
        bb.writeInt((int) id);
    }

    /**
     * Reads the action at {@code at}; the caller has checked the experimenter and subtype.
     *
     * @return null if it is not 16 bytes long
     */
    static NxConjunctionAction read(ByteBuf b, int at, int length) {
        if (length != LENGTH) {
            return null;
        }
        return new NxConjunctionAction(b.getUnsignedByte(at + 10), b.getUnsignedByte(at + 11), b.getUnsignedInt(at + 12));
    }

    /**
     * The core action.
     *
     * @throws UndecodableException for a clause or clause count Open vSwitch would not take
     */
    Action.Conjunction toCore() {
        try {
            return new Action.Conjunction(id, clause + 1, nClauses);
        } catch (IllegalArgumentException e) {
            throw new UndecodableException(this + ": " + e.getMessage(), e);
        }
    }

    @Override
    String wireName() {
        return "NXAST_CONJUNCTION";
    }

    @Override
    public void writeTo(ByteBuf bb) {
        write(bb, clause, nClauses, id);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putInt(NiciraAction.NICIRA).putShort((short) SUBTYPE).putByte((byte) clause)
                .putByte((byte) nClauses).putInt((int) id);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof NxConjunctionAction a && clause == a.clause && nClauses == a.nClauses
                && id == a.id);
    }

    @Override
    public int hashCode() {
        return (clause * 31 + nClauses) * 31 + Long.hashCode(id);
    }

    /** Open vSwitch's syntax. */
    @Override
    public String toString() {
        return "conjunction(" + id + "," + (clause + 1) + "/" + nClauses + ")";
    }
}
