package io.skylane.southbound.translate;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Action.Multipath.Algorithm;
import io.skylane.core.flow.Action.Multipath.HashFields;

/**
 * Open vSwitch's multipath action NXAST_MULTIPATH (Nicira experimenter 0x2320, subtype 10), which
 * openflowj does not have, as an openflowj action (see {@link NxConntrackAction} for how it is
 * written and read).
 *
 * <p>Wire layout ({@code struct nx_action_multipath}, 32 bytes):
 * <pre>
 *  0  u16 type = 0xffff   2  u16 len = 32   4  u32 experimenter = 0x00002320   8  u16 subtype = 10
 * 10  u16 fields (NX_HASH_FIELDS_*)   12  u16 basis   14  pad[2]
 * 16  u16 algorithm (NX_MP_ALG_*)     18  u16 max_link (n_links - 1)   20  u32 arg   24  pad[2]
 * 26  u16 ofs_nbits ((ofs &lt;&lt; 6) | (n_bits - 1))   28  u32 dst (an NXM/OXM header)
 * </pre>
 * The values are kept as read; {@link #toCore()} accepts only what {@link Action.Multipath} can
 * express (known fields and algorithms, a destination in the OpenFlow metadata).
 */
final class NxMultipathAction extends NiciraAction {

    static final int SUBTYPE = 10;
    static final int LENGTH = 32;
    /** OXM_OF_METADATA's header: class 0x8000, field 2, no mask, 8 bytes. */
    static final long OXM_OF_METADATA = 0x80000408L;

    private final int fields;
    private final int basis;
    private final int algorithm;
    private final int maxLink;
    private final long arg;
    private final int ofsNbits;
    private final long dst;

    NxMultipathAction(int fields, int basis, int algorithm, int maxLink, long arg, int ofsNbits, long dst) {
        this.fields = fields & 0xffff;
        this.basis = basis & 0xffff;
        this.algorithm = algorithm & 0xffff;
        this.maxLink = maxLink & 0xffff;
        this.arg = arg & 0xffffffffL;
        this.ofsNbits = ofsNbits & 0xffff;
        this.dst = dst & 0xffffffffL;
    }

    static NxMultipathAction of(Action.Multipath m) {
        return new NxMultipathAction(fieldsCode(m.fields()), m.basis(), algorithmCode(m.algorithm()), m.nLinks() - 1,
                m.arg(), (m.dstOffset() << 6) | (m.dstBits() - 1), OXM_OF_METADATA);
    }

    /**
     * Writes the action for a core multipath (what {@link #of} would write) without building it:
     * for the FLOW_MODs written straight into a buffer.
     */
    static void write(Action.Multipath m, ByteBuf bb) {
        write(bb, fieldsCode(m.fields()), m.basis(), algorithmCode(m.algorithm()), m.nLinks() - 1, m.arg(),
                (m.dstOffset() << 6) | (m.dstBits() - 1), OXM_OF_METADATA);
    }

    private static void write(ByteBuf bb, int fields, int basis, int algorithm, int maxLink, long arg, int ofsNbits,
                              long dst) {
        bb.writeShort(0xffff);
        bb.writeShort(LENGTH);
        bb.writeInt(NiciraAction.NICIRA);
        bb.writeShort(SUBTYPE);
        bb.writeShort(fields);
        bb.writeShort(basis);
        bb.writeZero(2);
        bb.writeShort(algorithm);
        bb.writeShort(maxLink);
        bb.writeInt((int) arg);
        bb.writeZero(2);
        bb.writeShort(ofsNbits);
        bb.writeInt((int) dst);
    }

    /**
     * Reads the action at {@code at}; the caller has checked the experimenter and subtype.
     *
     * @return null if it is not 32 bytes long
     */
    static NxMultipathAction read(ByteBuf b, int at, int length) {
        if (length != LENGTH) {
            return null;
        }
        return new NxMultipathAction(b.getUnsignedShort(at + 10), b.getUnsignedShort(at + 12),
                b.getUnsignedShort(at + 16), b.getUnsignedShort(at + 18), b.getUnsignedInt(at + 20),
                b.getUnsignedShort(at + 26), b.getUnsignedInt(at + 28));
    }

    /**
     * The core action.
     *
     * @throws UndecodableException for fields or algorithms the core does not know and for a
     *                              destination other than metadata (registers are not modelled)
     */
    Action.Multipath toCore() {
        if (dst != OXM_OF_METADATA) {
            throw new UndecodableException(this + ": a destination other than metadata has no core equivalent");
        }
        HashFields f = fields < HashFields.values().length ? HASH_FIELDS[fields] : null;
        Algorithm a = algorithm < ALGORITHMS.length ? ALGORITHMS[algorithm] : null;
        if (f == null || a == null) {
            throw new UndecodableException(this + ": unknown hash fields or algorithm");
        }
        try {
            return new Action.Multipath(f, basis, a, maxLink + 1, arg, ofsNbits >>> 6, (ofsNbits & 0x3f) + 1);
        } catch (IllegalArgumentException e) {
            throw new UndecodableException(this + ": " + e.getMessage(), e);
        }
    }

    /** NX_HASH_FIELDS_* by wire value. */
    private static final HashFields[] HASH_FIELDS = {HashFields.ETH_SRC, HashFields.SYMMETRIC_L4,
        HashFields.SYMMETRIC_L3L4, HashFields.SYMMETRIC_L3L4_UDP, HashFields.NW_SRC, HashFields.NW_DST,
        HashFields.SYMMETRIC_L3};
    /** NX_MP_ALG_* by wire value. */
    private static final Algorithm[] ALGORITHMS = {Algorithm.MODULO_N, Algorithm.HASH_THRESHOLD, Algorithm.HRW,
        Algorithm.ITER_HASH};

    private static int fieldsCode(HashFields f) {
        for (int i = 0; i < HASH_FIELDS.length; i++) {
            if (HASH_FIELDS[i] == f) {
                return i;
            }
        }
        throw new IllegalArgumentException("multipath fields " + f + " have no wire value");
    }

    private static int algorithmCode(Algorithm a) {
        for (int i = 0; i < ALGORITHMS.length; i++) {
            if (ALGORITHMS[i] == a) {
                return i;
            }
        }
        throw new IllegalArgumentException("multipath algorithm " + a + " has no wire value");
    }

    @Override
    String wireName() {
        return "NXAST_MULTIPATH";
    }

    @Override
    public void writeTo(ByteBuf bb) {
        write(bb, fields, basis, algorithm, maxLink, arg, ofsNbits, dst);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putInt(NiciraAction.NICIRA).putShort((short) SUBTYPE).putShort((short) fields)
                .putShort((short) basis).putShort((short) algorithm).putShort((short) maxLink).putInt((int) arg)
                .putShort((short) ofsNbits).putInt((int) dst);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof NxMultipathAction a && fields == a.fields && basis == a.basis
                && algorithm == a.algorithm && maxLink == a.maxLink && arg == a.arg && ofsNbits == a.ofsNbits
                && dst == a.dst);
    }

    @Override
    public int hashCode() {
        return ((((fields * 31 + basis) * 31 + algorithm) * 31 + maxLink) * 31 + Long.hashCode(arg)) * 31
                + ofsNbits * 961 + Long.hashCode(dst);
    }

    /** Close to Open vSwitch's syntax, with raw numbers. */
    @Override
    public String toString() {
        int ofs = ofsNbits >>> 6;
        return "NXAST_MULTIPATH(fields=" + fields + ",basis=" + basis + ",algorithm=" + algorithm + ",n_links="
                + (maxLink + 1) + ",arg=" + arg + ",dst=0x" + Long.toHexString(dst) + "[" + ofs + ".."
                + (ofs + (ofsNbits & 0x3f)) + "])";
    }
}
