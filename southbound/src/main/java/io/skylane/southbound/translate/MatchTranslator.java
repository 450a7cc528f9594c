package io.skylane.southbound.translate;

import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.VlanId;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.match.MatchFields;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Code;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U16;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;
import org.projectfloodlight.openflow.types.VlanPcp;

/**
 * Core {@link io.skylane.core.flow.Match} and {@link Criterion} to and from openflowj matches and
 * OXMs. Decoding yields exactly the criteria the core would build (full masks become exact
 * criteria, {@code OFPVID_NONE} becomes {@link VlanId#NONE}), so decoded flow entries compare equal
 * to the desired rules. Open vSwitch's conj_id, which openflowj lacks, goes through
 * {@link NxConjIdMatch}.
 */
public final class MatchTranslator {

    private MatchTranslator() {
    }

    /**
     * Encodes a match for the factory's version.
     *
     * @throws IllegalArgumentException if the version cannot match on a field (or mask) of it
     */
    public static Match toOpenFlow(io.skylane.core.flow.Match match, OFFactory factory) {
        OFVersion version = factory.getVersion();
        if (version != OFVersion.OF_10) {
            // one OXM list, built once: the generic builder copies its whole field map on every set
            OFOxms oxms = factory.oxms();
            List<OFOxm<?>> list = new ArrayList<>(match.criteria().size());
            long conjId = -1;
            for (Criterion c : match.criteria()) {
                if (c.type() == Type.CONJ_ID) {
                    conjId = ((Criterion.NumberField) c).value(); // no openflowj OXM: see NxConjIdMatch
                } else {
                    list.add(field(c, version).toOxm(oxms));
                }
            }
            OFMatchV3 m = factory.matchV3(OFOxmList.ofList(list));
            if (conjId >= 0) {
                if (version != OFVersion.OF_13) {
                    throw new IllegalArgumentException("conj_id cannot be matched in this OpenFlow version");
                }
                return new NxConjIdMatch(m, conjId);
            }
            return m;
        }
        Match.Builder b = factory.buildMatch();
        for (Criterion c : match.criteria()) {
            field(c, version).applyTo(b);
        }
        return b.build();
    }

    /** The OXM that a set-field action carries for an (exact) criterion; OpenFlow 1.3 only. */
    static OFOxm<?> toOxm(Criterion c, OFFactory factory) {
        return field(c, factory.getVersion()).toOxm(factory.oxms());
    }

    /**
     * Decodes a match.
     *
     * @throws UndecodableException if a field or mask has no core equivalent
     */
    public static io.skylane.core.flow.Match toCore(Match match) {
        io.skylane.core.flow.Match.Builder b = io.skylane.core.flow.Match.builder();
        try {
            if (match instanceof OFMatchV3 v3) {
                // every OXM: getMatchFields() leaves out, silently, the fields whose prerequisites
                // openflowj believes unmet (it wants eth_type=0x0800 for tun_src/tun_dst, which Open
                // vSwitch matches on any packet), and the audit would then see a wider rule
                for (OFOxm<?> oxm : v3.getOxmList()) {
                    b.add(criterion(oxm.getMatchField().id, oxm.getValue(), oxm.isMasked() ? oxm.getMask() : null));
                }
                if (v3 instanceof NxConjIdMatch conj) {
                    b.add(Criterion.conjId(conj.conjId()));
                }
                return b.build();
            }
            for (MatchField<?> f : match.getMatchFields()) {
                b.add(match.isExact(f) ? criterion(f.id, match.get(f), null)
                        : criterion(f.id, match.getMasked(f).getValue(), match.getMasked(f).getMask()));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UndecodableException("match " + match + " has no core equivalent: " + e.getMessage(), e);
        }
    }

    /** The criterion a set-field OXM writes (VLAN ids are read with or without OFPVID_PRESENT). */
    static Criterion setFieldCriterion(OFOxm<?> oxm) {
        if (oxm.isMasked()) {
            throw new UndecodableException("masked set-field " + oxm);
        }
        if (oxm.getMatchField().id == MatchFields.VLAN_VID) {
            return Criterion.vlan(VlanId.of(((OFVlanVidMatch) oxm.getValue()).getRawVid() & 0x0fff));
        }
        try {
            return criterion(oxm.getMatchField().id, oxm.getValue(), null);
        } catch (IllegalArgumentException e) {
            throw new UndecodableException("set-field " + oxm + " has no core equivalent: " + e.getMessage(), e);
        }
    }

    // ---- decoding ---------------------------------------------------------------------------

    private static Criterion criterion(MatchFields id, OFValueType<?> value, OFValueType<?> mask) {
        switch (id) {
            case IN_PORT:
                exactOnly(id, mask);
                return Criterion.inPort(PortTranslator.toCore((OFPort) value));
            case METADATA:
                return new Criterion.NumberField(Type.METADATA, ((OFMetadata) value).getValue().getValue(),
                        mask == null ? -1L : ((OFMetadata) mask).getValue().getValue());
            case ETH_DST:
                return mac(Type.ETH_DST, value, mask);
            case ETH_SRC:
                return mac(Type.ETH_SRC, value, mask);
            case ARP_SHA:
                return mac(Type.ARP_SHA, value, mask);
            case ARP_THA:
                return mac(Type.ARP_THA, value, mask);
            case ETH_TYPE:
                return number(Type.ETH_TYPE, ((EthType) value).getValue(), mask);
            case VLAN_VID:
                exactOnly(id, mask);
                OFVlanVidMatch vid = (OFVlanVidMatch) value;
                return Criterion.vlan(vid.getRawVid() == 0 ? VlanId.NONE : VlanId.of(vid.getRawVid() & 0x0fff));
            case VLAN_PCP:
                return number(Type.VLAN_PCP, ((VlanPcp) value).getValue(), mask);
            case IP_DSCP:
                return number(Type.IP_DSCP, ((IpDscp) value).getDscpValue(), mask);
            case IP_PROTO:
                return number(Type.IP_PROTO, ((IpProtocol) value).getIpProtocolNumber(), mask);
            case IPV4_SRC:
                return ip4(Type.IPV4_SRC, value, mask);
            case IPV4_DST:
                return ip4(Type.IPV4_DST, value, mask);
            case ARP_SPA:
                return ip4(Type.ARP_SPA, value, mask);
            case ARP_TPA:
                return ip4(Type.ARP_TPA, value, mask);
            case TCP_SRC:
                return port(Type.TCP_SRC, value, mask);
            case TCP_DST:
                return port(Type.TCP_DST, value, mask);
            case UDP_SRC:
                return port(Type.UDP_SRC, value, mask);
            case UDP_DST:
                return port(Type.UDP_DST, value, mask);
            case ICMPV4_TYPE:
                return number(Type.ICMPV4_TYPE, ((ICMPv4Type) value).getType(), mask);
            case ICMPV4_CODE:
                return number(Type.ICMPV4_CODE, ((ICMPv4Code) value).getCode(), mask);
            case ARP_OP:
                return number(Type.ARP_OP, ((ArpOpcode) value).getOpcode(), mask);
            case MPLS_LABEL:
                return number(Type.MPLS_LABEL, ((U32) value).getValue(), mask);
            case TUNNEL_ID:
                return new Criterion.NumberField(Type.TUNNEL_ID, ((U64) value).getValue(),
                        mask == null ? -1L : ((U64) mask).getValue());
            case TUNNEL_IPV4_SRC:
                return ip4(Type.TUN_IPV4_SRC, value, mask);
            case TUNNEL_IPV4_DST:
                return ip4(Type.TUN_IPV4_DST, value, mask);
            case CONN_TRACKING_STATE:
                return new Criterion.NumberField(Type.CT_STATE, ((U32) value).getValue(),
                        mask == null ? Type.CT_STATE.fullMask() : ((U32) mask).getValue());
            case CONN_TRACKING_ZONE:
                return number(Type.CT_ZONE, ((U16) value).getValue(), mask);
            default:
                throw new UndecodableException("match field " + id + " has no core equivalent");
        }
    }

    private static void exactOnly(MatchFields id, OFValueType<?> mask) {
        if (mask != null) {
            throw new UndecodableException("masked " + id + " has no core equivalent");
        }
    }

    private static Criterion number(Type type, long value, OFValueType<?> mask) {
        if (mask != null) {
            throw new UndecodableException("masked " + type + " has no core equivalent");
        }
        return Criterion.exact(type, value & type.fullMask());
    }

    /** A TCP or UDP port, exact or masked (Open vSwitch's port-range matches). */
    private static Criterion port(Type type, OFValueType<?> value, OFValueType<?> mask) {
        return new Criterion.NumberField(type, ((TransportPort) value).getPort(),
                mask == null ? type.fullMask() : ((TransportPort) mask).getPort());
    }

    private static Criterion mac(Type type, OFValueType<?> value, OFValueType<?> mask) {
        return new Criterion.MacField(type, io.skylane.core.net.MacAddress.of(((MacAddress) value).getLong()),
                mask == null ? io.skylane.core.net.MacAddress.BROADCAST
                        : io.skylane.core.net.MacAddress.of(((MacAddress) mask).getLong()));
    }

    private static Criterion ip4(Type type, OFValueType<?> value, OFValueType<?> mask) {
        int length = 32;
        if (mask != null) {
            IPv4Address m = (IPv4Address) mask;
            if (!m.isCidrMask()) {
                throw new UndecodableException(type + " mask " + m + " is not a prefix");
            }
            length = m.asCidrMaskLength();
        }
        return new Criterion.Ip4Field(type, Ip4Prefix.of(Ip4Address.of(((IPv4Address) value).getInt()), length));
    }

    // ---- encoding ---------------------------------------------------------------------------

    /** A match field with its value and optional mask, typed once so it can go in a match or an OXM. */
    private record Field<F extends OFValueType<F>>(MatchField<F> field, F value, F mask) {

        void applyTo(Match.Builder b) {
            if (!b.supports(field)) {
                throw new IllegalArgumentException(field.getName() + " cannot be matched in this OpenFlow version");
            }
            if (mask == null) {
                b.setExact(field, value);
            } else if (b.supportsMasked(field)) {
                b.setMasked(field, value, mask);
            } else {
                throw new IllegalArgumentException(field.getName() + " cannot be masked in this OpenFlow version");
            }
        }

        OFOxm<F> toOxm(OFOxms oxms) {
            return mask == null ? oxms.fromValue(value, field) : oxms.fromValueAndMask(value, mask, field);
        }
    }

    /** A TCP or UDP port field, masked when the criterion is (a block of a port range). */
    private static Field<TransportPort> port(MatchField<TransportPort> field, Criterion.NumberField n) {
        return new Field<>(field, TransportPort.of((int) n.value()), n.isMasked() ? TransportPort.of((int) n.mask()) : null);
    }

    private static <F extends OFValueType<F>> Field<F> exact(MatchField<F> field, F value) {
        return new Field<>(field, value, null);
    }

    private static Field<?> field(Criterion c, OFVersion version) {
        if (c instanceof Criterion.InPort p) {
            return exact(MatchField.IN_PORT, PortTranslator.toOpenFlow(p.port(), version));
        } else if (c instanceof Criterion.MacField m) {
            MatchField<MacAddress> f = switch (m.type()) {
                case ETH_SRC -> MatchField.ETH_SRC;
                case ETH_DST -> MatchField.ETH_DST;
                case ARP_SHA -> MatchField.ARP_SHA;
                default -> MatchField.ARP_THA;
            };
            return new Field<>(f, MacAddress.of(m.mac().value()), m.isMasked() ? MacAddress.of(m.mask().value()) : null);
        } else if (c instanceof Criterion.Ip4Field ip) {
            MatchField<IPv4Address> f = switch (ip.type()) {
                case IPV4_SRC -> MatchField.IPV4_SRC;
                case IPV4_DST -> MatchField.IPV4_DST;
                case ARP_SPA -> MatchField.ARP_SPA;
                case ARP_TPA -> MatchField.ARP_TPA;
                // Nicira NXM_NX_TUN_IPV4_SRC/DST: openflowj writes them as OXMs of class 0x0001
                case TUN_IPV4_SRC -> MatchField.TUNNEL_IPV4_SRC;
                case TUN_IPV4_DST -> MatchField.TUNNEL_IPV4_DST;
                default -> throw new IllegalArgumentException("criterion " + c + " has no OpenFlow field");
            };
            IPv4Address a = IPv4Address.of(ip.prefix().address().value());
            return new Field<>(f, a, ip.isMasked() ? IPv4Address.ofCidrMaskLength(ip.prefix().length()) : null);
        } else if (c instanceof Criterion.Vlan v) {
            return exact(MatchField.VLAN_VID,
                    v.vlan().isNone() ? OFVlanVidMatch.UNTAGGED : OFVlanVidMatch.ofVlan(v.vlan().value()));
        }
        Criterion.NumberField n = (Criterion.NumberField) c;
        long v = n.value();
        return switch (n.type()) {
            case METADATA -> new Field<>(MatchField.METADATA, OFMetadata.ofRaw(v),
                    n.isMasked() ? OFMetadata.ofRaw(n.mask()) : null);
            case TUNNEL_ID -> new Field<>(MatchField.TUNNEL_ID, U64.of(v), n.isMasked() ? U64.of(n.mask()) : null);
            // Nicira extension fields (NXM_NX_CT_STATE, NXM_NX_CT_ZONE): openflowj writes them as OXMs of class 0x0001
            case CT_STATE -> new Field<>(MatchField.CONN_TRACKING_STATE, U32.of(v), n.isMasked() ? U32.of(n.mask()) : null);
            case CT_ZONE -> exact(MatchField.CONN_TRACKING_ZONE, U16.of((int) v));
            case ETH_TYPE -> exact(MatchField.ETH_TYPE, EthType.of((int) v));
            case VLAN_PCP -> exact(MatchField.VLAN_PCP, VlanPcp.of((byte) v));
            case IP_DSCP -> exact(MatchField.IP_DSCP, IpDscp.of((byte) v));
            case IP_PROTO -> exact(MatchField.IP_PROTO, IpProtocol.of((short) v));
            case TCP_SRC -> port(MatchField.TCP_SRC, n);
            case TCP_DST -> port(MatchField.TCP_DST, n);
            case UDP_SRC -> port(MatchField.UDP_SRC, n);
            case UDP_DST -> port(MatchField.UDP_DST, n);
            case ICMPV4_TYPE -> exact(MatchField.ICMPV4_TYPE, ICMPv4Type.of((short) v));
            case ICMPV4_CODE -> exact(MatchField.ICMPV4_CODE, ICMPv4Code.of((short) v));
            case ARP_OP -> exact(MatchField.ARP_OP, ArpOpcode.of((int) v));
            case MPLS_LABEL -> exact(MatchField.MPLS_LABEL, U32.of(v));
            default -> throw new IllegalArgumentException("criterion " + c + " has no OpenFlow field");
        };
    }
}
