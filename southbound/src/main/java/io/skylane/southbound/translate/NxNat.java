package io.skylane.southbound.translate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.Ip4Address;

/**
 * Open vSwitch's NXAST_NAT (Nicira subtype 36), which exists only nested in an NXAST_CT
 * ({@link NxConntrackAction}): encoded from a core {@link Nat} and decoded back, as Open vSwitch
 * 3.1's {@code encode_NAT}/{@code decode_NXAST_RAW_NAT} do (checked against its bytes in
 * {@code LoadBalancerActionsTest}).
 *
 * <p>Wire layout ({@code struct nx_action_nat}, 16 bytes plus the ranges, padded to 8):
 * <pre>
 *  0  u16 type = 0xffff   2  u16 len   4  u32 experimenter = 0x00002320   8  u16 subtype = 36
 * 10  pad[2]             12  u16 flags (SRC 1, DST 2, PERSISTENT 4, PROTO_HASH 8, PROTO_RANDOM 16)
 * 14  u16 range_present (IPV4_MIN 1, IPV4_MAX 2, IPV6_MIN 4, IPV6_MAX 8, PROTO_MIN 16, PROTO_MAX 32)
 * 16  the present values in that order: u32 IPv4 min, u32 IPv4 max, 16 bytes IPv6 min, 16 bytes
 *     IPv6 max, u16 port min, u16 port max; then zeros up to a multiple of 8
 * </pre>
 * Like OVS, the encoder writes a maximum only when it differs from zero and, for a single address
 * or port, writes the minimum alone (as {@code ovs-ofctl} does for {@code nat(dst=10.0.0.21:8080)}).
 */
final class NxNat {

    static final int SUBTYPE = 36;
    static final int HEADER_LENGTH = 16;

    static final int FLAG_SRC = 1;
    static final int FLAG_DST = 2;

    static final int IPV4_MIN = 1;
    static final int IPV4_MAX = 2;
    static final int PROTO_MIN = 16;
    static final int PROTO_MAX = 32;

    private NxNat() {
    }

    /** The NXAST_NAT bytes for {@code nat}. */
    static byte[] encode(Nat nat) {
        ByteBuf b = Unpooled.buffer(32);
        writeTo(nat, b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    /** Writes the NXAST_NAT action for {@code nat} (a multiple of 8 bytes) at the buffer's writer index. */
    static void writeTo(Nat nat, ByteBuf b) {
        int flags = switch (nat.type()) {
            case EXISTING -> 0;
            case SRC -> FLAG_SRC;
            case DST -> FLAG_DST;
        };
        int present = 0;
        int length = HEADER_LENGTH;
        if (nat.translates()) {
            present |= IPV4_MIN;
            length += 4;
            if (!nat.maxAddress().equals(nat.minAddress())) {
                present |= IPV4_MAX;
                length += 4;
            }
            if (nat.hasPorts()) {
                present |= PROTO_MIN;
                length += 2;
                if (nat.maxPort() != nat.minPort()) {
                    present |= PROTO_MAX;
                    length += 2;
                }
            }
        }
        int padded = (length + 7) & ~7;
        b.writeShort(0xffff);
        b.writeShort(padded);
        b.writeInt(NiciraAction.NICIRA);
        b.writeShort(SUBTYPE);
        b.writeZero(2);
        b.writeShort(flags);
        b.writeShort(present);
        if ((present & IPV4_MIN) != 0) {
            b.writeInt(nat.minAddress().value());
        }
        if ((present & IPV4_MAX) != 0) {
            b.writeInt(nat.maxAddress().value());
        }
        if ((present & PROTO_MIN) != 0) {
            b.writeShort(nat.minPort());
        }
        if ((present & PROTO_MAX) != 0) {
            b.writeShort(nat.maxPort());
        }
        b.writeZero(padded - length);
    }

    /**
     * Decodes the nested actions of a ct action, which must be exactly one NXAST_NAT that the core
     * can express.
     *
     * @throws UndecodableException for anything else: other nested actions (ct_mark and ct_label
     *                              set-fields), the persistent/hash/random options, IPv6 ranges,
     *                              src or dst without an address, inconsistent lengths
     */
    static Nat decode(byte[] nested) {
        ByteBuf b = Unpooled.wrappedBuffer(nested);
        if (nested.length < HEADER_LENGTH || b.getUnsignedShort(0) != 0xffff || b.getUnsignedShort(2) != nested.length
                || b.getUnsignedInt(4) != NiciraAction.NICIRA || b.getUnsignedShort(8) != SUBTYPE) {
            throw new UndecodableException("nested actions other than a single nat have no core equivalent");
        }
        int flags = b.getUnsignedShort(12);
        int present = b.getUnsignedShort(14);
        if ((present & ~(IPV4_MIN | IPV4_MAX | PROTO_MIN | PROTO_MAX)) != 0) {
            throw new UndecodableException("nat with IPv6 ranges has no core equivalent");
        }
        int expected = HEADER_LENGTH + 4 * Integer.bitCount(present & (IPV4_MIN | IPV4_MAX))
                + 2 * Integer.bitCount(present & (PROTO_MIN | PROTO_MAX));
        if (((expected + 7) & ~7) != nested.length) {
            throw new UndecodableException("nat of " + nested.length + " bytes does not hold its ranges (0x"
                    + Integer.toHexString(present) + ")");
        }
        if (flags == 0) {
            if (present != 0) {
                throw new UndecodableException("nat with a range but neither src nor dst has no core equivalent");
            }
            return Nat.existing();
        }
        if (flags != FLAG_SRC && flags != FLAG_DST) {
            throw new UndecodableException("nat flags 0x" + Integer.toHexString(flags)
                    + " (persistent, hash, random, or both src and dst) have no core equivalent");
        }
        if ((present & IPV4_MIN) == 0 || ((present & PROTO_MAX) != 0 && (present & PROTO_MIN) == 0)) {
            throw new UndecodableException("nat without an address or with a port maximum only has no core equivalent");
        }
        int at = HEADER_LENGTH;
        Ip4Address min = Ip4Address.of(b.getInt(at));
        at += 4;
        Ip4Address max = min;
        if ((present & IPV4_MAX) != 0) {
            max = Ip4Address.of(b.getInt(at));
            at += 4;
        }
        int minPort = 0;
        if ((present & PROTO_MIN) != 0) {
            minPort = b.getUnsignedShort(at);
            at += 2;
        }
        int maxPort = minPort;
        if ((present & PROTO_MAX) != 0) {
            maxPort = b.getUnsignedShort(at);
        }
        try {
            return new Nat(flags == FLAG_SRC ? Nat.Type.SRC : Nat.Type.DST, min, max, minPort, maxPort);
        } catch (IllegalArgumentException e) {
            throw new UndecodableException("nat range has no core equivalent: " + e.getMessage(), e);
        }
    }
}
