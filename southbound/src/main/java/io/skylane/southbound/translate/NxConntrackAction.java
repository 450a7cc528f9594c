package io.skylane.southbound.translate;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Nat;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Open vSwitch's conntrack action NXAST_CT (Nicira experimenter 0x2320, subtype 35), which
 * openflowj does not have, as an openflowj action: it writes itself into FLOW_MODs and GROUP_MODs,
 * and {@link MessageReader} reads it from the messages a switch sends.
 *
 * <p>Wire layout ({@code struct nx_action_conntrack}, 24 bytes plus nested actions):
 * <pre>
 *  0  u16 type = 0xffff        2  u16 len (multiple of 8)   4  u32 experimenter = 0x00002320
 *  8  u16 subtype = 35        10  u16 flags (COMMIT 1, FORCE 2)
 * 12  u32 zone_src (an NXM/OXM header; 0 = immediate zone)
 * 16  u16 zone_imm, or zone_ofs_nbits when zone_src is a field
 * 18  u8  recirc_table (0xff = none)   19 pad[3]   22 u16 alg (0 = none)
 * 24  nested actions (nat, ct_mark/ct_label set-fields)
 * </pre>
 * Everything is kept as read, so a parsed message writes back the same bytes; {@link #toCore()}
 * accepts only what {@link Action.Ct} can express: no nested action, or a single nat
 * ({@link NxNat}).
 */
final class NxConntrackAction extends NiciraAction {

    static final int SUBTYPE = 35;
    static final int HEADER_LENGTH = 24;
    static final int FLAG_COMMIT = 1;
    static final int NO_RECIRC = 0xff;

    private final int flags;
    private final long zoneSrc;
    private final int zone;
    private final int recircTable;
    private final int alg;
    private final byte[] nested;

    NxConntrackAction(int flags, long zoneSrc, int zone, int recircTable, int alg, byte[] nested) {
        if (nested.length % 8 != 0) {
            throw new IllegalArgumentException("nested actions must be a multiple of 8 bytes long");
        }
        this.flags = flags & 0xffff;
        this.zoneSrc = zoneSrc & 0xffffffffL;
        this.zone = zone & 0xffff;
        this.recircTable = recircTable & 0xff;
        this.alg = alg & 0xffff;
        this.nested = nested.clone();
    }

    /** The action for a core {@code ct}: an immediate zone, no ALG, its nat (if any) as the only nested action. */
    static NxConntrackAction of(Action.Ct ct) {
        return new NxConntrackAction(ct.commit() ? FLAG_COMMIT : 0, 0, ct.zone(),
                ct.recircTable().orElse(NO_RECIRC), 0, ct.nat().map(NxNat::encode).orElse(new byte[0]));
    }

    /**
     * Writes the action for a core {@code ct} (what {@link #of} would write) without building it:
     * for the FLOW_MODs written straight into a buffer.
     */
    static void write(Action.Ct ct, ByteBuf bb) {
        int start = bb.writerIndex();
        writeHeader(bb, 0, ct.commit() ? FLAG_COMMIT : 0, 0, ct.zone(), ct.recircTable().orElse(NO_RECIRC), 0);
        if (ct.nat().isPresent()) {
            NxNat.writeTo(ct.nat().get(), bb);
        }
        bb.setShort(start + 2, bb.writerIndex() - start);
    }

    private static void writeHeader(ByteBuf bb, int length, int flags, long zoneSrc, int zone, int recircTable,
                                    int alg) {
        bb.writeShort(0xffff);
        bb.writeShort(length);
        bb.writeInt(NICIRA);
        bb.writeShort(SUBTYPE);
        bb.writeShort(flags);
        bb.writeInt((int) zoneSrc);
        bb.writeShort(zone);
        bb.writeByte(recircTable);
        bb.writeZero(3);
        bb.writeShort(alg);
    }

    /**
     * Reads the action at {@code at}; the caller has checked the experimenter and subtype.
     *
     * @return null if its length cannot hold the fixed part
     */
    static NxConntrackAction read(ByteBuf b, int at, int length) {
        if (length < HEADER_LENGTH || length % 8 != 0) {
            return null;
        }
        byte[] nested = new byte[length - HEADER_LENGTH];
        b.getBytes(at + HEADER_LENGTH, nested);
        return new NxConntrackAction(b.getUnsignedShort(at + 10), b.getUnsignedInt(at + 12),
                b.getUnsignedShort(at + 16), b.getUnsignedByte(at + 18), b.getUnsignedShort(at + 22), nested);
    }

    /**
     * The core action.
     *
     * @throws UndecodableException for what the core does not model (FORCE, a zone taken from a
     *                              field, an ALG, nested actions other than one nat, nat options
     *                              or ranges {@link Nat} lacks): such an action must not pass for
     *                              a ct the core has, or the flow audit would keep it
     */
    Action.Ct toCore() {
        if ((flags & ~FLAG_COMMIT) != 0) {
            throw new UndecodableException(this + ": flags other than commit have no core equivalent");
        }
        if (zoneSrc != 0) {
            throw new UndecodableException(this + ": a zone read from a field has no core equivalent");
        }
        if (alg != 0) {
            throw new UndecodableException(this + ": ALGs have no core equivalent");
        }
        Optional<Nat> nat;
        try {
            nat = nested.length == 0 ? Optional.empty() : Optional.of(NxNat.decode(nested));
        } catch (UndecodableException e) {
            throw new UndecodableException(this + ": " + e.getMessage(), e);
        }
        try {
            return new Action.Ct((flags & FLAG_COMMIT) != 0, zone,
                    recircTable == NO_RECIRC ? OptionalInt.empty() : OptionalInt.of(recircTable), nat);
        } catch (IllegalArgumentException e) {
            throw new UndecodableException(this + ": " + e.getMessage(), e);
        }
    }

    @Override
    String wireName() {
        return "NXAST_CT";
    }

    @Override
    public void writeTo(ByteBuf bb) {
        writeHeader(bb, HEADER_LENGTH + nested.length, flags, zoneSrc, zone, recircTable, alg);
        bb.writeBytes(nested);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putInt(NICIRA).putShort((short) SUBTYPE).putShort((short) flags).putInt((int) zoneSrc)
                .putShort((short) zone).putByte((byte) recircTable).putShort((short) alg).putBytes(nested);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof NxConntrackAction a && flags == a.flags && zoneSrc == a.zoneSrc
                && zone == a.zone && recircTable == a.recircTable && alg == a.alg && Arrays.equals(nested, a.nested));
    }

    @Override
    public int hashCode() {
        return ((flags * 31 + Long.hashCode(zoneSrc)) * 31 + zone) * 31 + recircTable + 961 * alg
                + Arrays.hashCode(nested);
    }

    /** Open vSwitch's syntax, plus what the core cannot express in raw form. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("NXAST_CT(");
        if ((flags & FLAG_COMMIT) != 0) {
            s.append("commit,");
        }
        if ((flags & ~FLAG_COMMIT) != 0) {
            s.append("flags=0x").append(Integer.toHexString(flags)).append(',');
        }
        if (zoneSrc != 0) {
            s.append("zone_src=0x").append(Long.toHexString(zoneSrc)).append(",ofs_nbits=0x")
                    .append(Integer.toHexString(zone));
        } else {
            s.append("zone=").append(zone);
        }
        if (recircTable != NO_RECIRC) {
            s.append(",table=").append(recircTable);
        }
        if (alg != 0) {
            s.append(",alg=").append(alg);
        }
        if (nested.length > 0) {
            String nat;
            try {
                nat = NxNat.decode(nested).toString();
            } catch (UndecodableException e) {
                nat = "nested=" + nested.length + " bytes";
            }
            s.append(',').append(nat);
        }
        return s.append(')').toString();
    }
}
