package io.skylane.southbound.translate;

import io.netty.buffer.ByteBuf;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Match;

/**
 * Writes core criteria as OpenFlow 1.3 OXM TLVs straight into a buffer, with the bytes openflowj
 * writes for the same criteria through {@link MatchTranslator} (checked field by field in
 * {@code DirectFlowModTest}): the OpenFlow basic class for the standard fields, and the Nicira
 * class {@code 0x0001} (NXM_NX) for the tunnel endpoints and the conntrack fields, as openflowj
 * and Open vSwitch do, and for conj_id, as Open vSwitch does ({@link NxConjIdMatch}).
 *
 * <p>An OXM header is {@code class:16 | field:7 | hasmask:1 | length:8}; the length counts the
 * value and, if present, the mask.
 */
final class OxmWriter {

    private static final int OPENFLOW_BASIC = 0x8000;
    private static final int NXM_1 = 0x0001;
    /** OFPMT_OXM. */
    private static final int MATCH_TYPE_OXM = 1;
    /** OFPVID_PRESENT: set in a VLAN id OXM for a tagged frame. */
    private static final int VID_PRESENT = 0x1000;

    private OxmWriter() {
    }

    /** Writes an {@code ofp_match} of type OXM with the match's criteria, padded to 8 bytes. */
    static void writeMatch(Match match, ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(MATCH_TYPE_OXM);
        out.writeShort(0);
        for (Criterion c : match.criteria()) {
            writeOxm(c, out);
        }
        int length = out.writerIndex() - start;
        out.setShort(start + 2, length);
        out.writeZero(padding(length));
    }

    /** Bytes needed to bring {@code length} to a multiple of 8. */
    static int padding(int length) {
        return (8 - (length & 7)) & 7;
    }

    /**
     * Writes one criterion as an OXM (masked when the criterion is).
     *
     * @throws IllegalArgumentException for a criterion OpenFlow has no field for
     */
    static void writeOxm(Criterion c, ByteBuf out) {
        if (c instanceof Criterion.InPort p) {
            header(out, OPENFLOW_BASIC, 0, false, 4);
            out.writeInt(PortTranslator.toOpenFlow13(p.port()));
        } else if (c instanceof Criterion.MacField m) {
            int field = switch (m.type()) {
                case ETH_DST -> 3;
                case ETH_SRC -> 4;
                case ARP_SHA -> 24;
                default -> 25;
            };
            boolean masked = m.isMasked();
            header(out, OPENFLOW_BASIC, field, masked, 6);
            writeMac(m.mac().value(), out);
            if (masked) {
                writeMac(m.mask().value(), out);
            }
        } else if (c instanceof Criterion.Ip4Field ip) {
            int oxmClass = OPENFLOW_BASIC;
            int field = switch (ip.type()) {
                case IPV4_SRC -> 11;
                case IPV4_DST -> 12;
                case ARP_SPA -> 22;
                case ARP_TPA -> 23;
                default -> -1;
            };
            if (field < 0) {
                oxmClass = NXM_1;
                field = switch (ip.type()) {
                    case TUN_IPV4_SRC -> 31;
                    case TUN_IPV4_DST -> 32;
                    default -> throw new IllegalArgumentException("criterion " + c + " has no OpenFlow field");
                };
            }
            boolean masked = ip.isMasked();
            header(out, oxmClass, field, masked, 4);
            out.writeInt(ip.prefix().address().value());
            if (masked) {
                out.writeInt((int) (0xffffffff00000000L >>> ip.prefix().length()));
            }
        } else if (c instanceof Criterion.Vlan v) {
            header(out, OPENFLOW_BASIC, 6, false, 2);
            out.writeShort(v.vlan().isNone() ? 0 : VID_PRESENT | v.vlan().value());
        } else {
            writeNumber((Criterion.NumberField) c, out);
        }
    }

    private static void writeNumber(Criterion.NumberField n, ByteBuf out) {
        int oxmClass = OPENFLOW_BASIC;
        int field;
        int bytes;
        switch (n.type()) {
            case METADATA -> { field = 2; bytes = 8; }
            case ETH_TYPE -> { field = 5; bytes = 2; }
            case VLAN_PCP -> { field = 7; bytes = 1; }
            case IP_DSCP -> { field = 8; bytes = 1; }
            case IP_PROTO -> {
                if (n.value() == 0xff) {
                    // as openflowj refuses it (IANA reserves 255)
                    throw new IllegalArgumentException("Illegal IP protocol number: 255");
                }
                field = 10;
                bytes = 1;
            }
            case TCP_SRC -> { field = 13; bytes = 2; }
            case TCP_DST -> { field = 14; bytes = 2; }
            case UDP_SRC -> { field = 15; bytes = 2; }
            case UDP_DST -> { field = 16; bytes = 2; }
            case ICMPV4_TYPE -> { field = 19; bytes = 1; }
            case ICMPV4_CODE -> { field = 20; bytes = 1; }
            case ARP_OP -> { field = 21; bytes = 2; }
            case MPLS_LABEL -> { field = 34; bytes = 4; }
            case TUNNEL_ID -> { field = 38; bytes = 8; }
            case CT_STATE -> { oxmClass = NXM_1; field = 105; bytes = 4; }
            case CT_ZONE -> { oxmClass = NXM_1; field = 106; bytes = 2; }
            case CONJ_ID -> { oxmClass = NXM_1; field = NxConjIdMatch.FIELD; bytes = 4; }
            default -> throw new IllegalArgumentException("criterion " + n + " has no OpenFlow field");
        }
        boolean masked = n.isMasked();
        header(out, oxmClass, field, masked, bytes);
        writeValue(n.value(), bytes, out);
        if (masked) {
            writeValue(n.mask(), bytes, out);
        }
    }

    private static void header(ByteBuf out, int oxmClass, int field, boolean masked, int valueBytes) {
        out.writeInt(oxmClass << 16 | field << 9 | (masked ? 1 << 8 : 0) | (masked ? 2 * valueBytes : valueBytes));
    }

    private static void writeValue(long v, int bytes, ByteBuf out) {
        switch (bytes) {
            case 1 -> out.writeByte((int) v);
            case 2 -> out.writeShort((int) v);
            case 4 -> out.writeInt((int) v);
            default -> out.writeLong(v);
        }
    }

    private static void writeMac(long mac, ByteBuf out) {
        out.writeShort((int) (mac >>> 32));
        out.writeInt((int) mac);
    }
}
