package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The headers of a packet as an OpenFlow 1.3 pipeline sees them, for {@link SimSwitch}: every field
 * a {@link io.skylane.core.flow.Criterion} can match, plus the pipeline fields (in_port, metadata,
 * tunnel_id, tun_src, tun_dst; 0 when unset), the IPv4 TTL, a VLAN tag stack and an MPLS label stack (outermost first). No payload,
 * except the header an ICMP error embeds ({@link #icmpError}).
 *
 * <p>Which fields a packet has follows from its headers, as in OpenFlow: the IPv4 fields exist when
 * {@code eth_type} is 0x0800, TCP ports when {@code ip_proto} is 6 as well, the ARP fields when
 * {@code eth_type} is 0x0806, vlan_vid/vlan_pcp when the packet carries a tag, mpls_label when
 * {@code eth_type} is MPLS. {@code eth_type} is the type after the VLAN tags. Reading a field the
 * packet does not have throws; {@link #has} asks first. Equality compares the fields the packet has.
 *
 * <p>Immutable: the {@code with...} methods return a changed copy. The conntrack fields ct_state
 * and ct_zone are pipeline fields of IPv4 packets (0 until a {@code ct} action with a recirculation
 * table sets them, see {@link SimSwitch}); like metadata they do not cross a cable.
 */
public final class SimPacket {

    /** One 802.1Q (or 802.1ad) tag. */
    public record VlanTag(int tpid, int vid, int pcp) {
        public VlanTag {
            checkArgument(tpid == EthType.VLAN || tpid == EthType.QINQ, "tpid must be 0x8100 or 0x88a8");
            checkArgument(vid >= 0 && vid <= 4095, "vid must be 0..4095");
            checkArgument(pcp >= 0 && pcp <= 7, "pcp must be 0..7");
        }

        public static VlanTag of(int vid) {
            return new VlanTag(EthType.VLAN, vid, 0);
        }

        @Override
        public String toString() {
            return (tpid == EthType.QINQ ? "s" : "") + vid + (pcp != 0 ? "p" + pcp : "");
        }
    }

    private static final int N = Type.values().length;

    /** Plain field values by {@link Type#ordinal()}; VLAN_VID, VLAN_PCP and MPLS_LABEL live in the stacks. */
    private final long[] fields;
    private final int ttl;
    private final ImmutableList<VlanTag> vlans;
    private final ImmutableList<Integer> mpls;
    /** The header an ICMP error carries, or null. */
    private final EmbeddedHeader embedded;
    private final int hash;

    private SimPacket(long[] fields, int ttl, List<VlanTag> vlans, List<Integer> mpls, EmbeddedHeader embedded) {
        this.fields = fields;
        this.embedded = embedded;
        this.ttl = ttl;
        this.vlans = ImmutableList.copyOf(vlans);
        this.mpls = ImmutableList.copyOf(mpls);
        this.hash = identity().hashCode();
    }

    // ---- factories --------------------------------------------------------------------------

    /** An untagged frame of {@code ethType} with no known upper layer. */
    public static Builder ethernet(MacAddress src, MacAddress dst, int ethType) {
        return new Builder().ethSrc(src).ethDst(dst).ethType(ethType);
    }

    /** An IPv4 packet (TTL 64, ip_proto 0: no L4 header). */
    public static SimPacket ipv4(MacAddress srcMac, MacAddress dstMac, Ip4Address srcIp, Ip4Address dstIp) {
        return ip(srcMac, dstMac, srcIp, dstIp, 0).build();
    }

    public static SimPacket tcp(MacAddress srcMac, MacAddress dstMac, Ip4Address srcIp, Ip4Address dstIp,
                                int srcPort, int dstPort) {
        return ip(srcMac, dstMac, srcIp, dstIp, IpProtocol.TCP).set(Type.TCP_SRC, srcPort).set(Type.TCP_DST, dstPort)
                .build();
    }

    public static SimPacket udp(MacAddress srcMac, MacAddress dstMac, Ip4Address srcIp, Ip4Address dstIp,
                                int srcPort, int dstPort) {
        return ip(srcMac, dstMac, srcIp, dstIp, IpProtocol.UDP).set(Type.UDP_SRC, srcPort).set(Type.UDP_DST, dstPort)
                .build();
    }

    /** An ICMP echo request (type 8, code 0). */
    public static SimPacket icmpEcho(MacAddress srcMac, MacAddress dstMac, Ip4Address srcIp, Ip4Address dstIp) {
        return ip(srcMac, dstMac, srcIp, dstIp, IpProtocol.ICMP).set(Type.ICMPV4_TYPE, 8).build();
    }

    /**
     * An ICMP error ({@code type} 3 destination unreachable, 11 time exceeded, ...) about
     * {@code original}, whose header it embeds: conntrack finds it related ({@code +rel}) to the
     * original's connection.
     */
    public static SimPacket icmpError(MacAddress srcMac, MacAddress dstMac, Ip4Address srcIp, Ip4Address dstIp,
                                      int type, int code, SimPacket original) {
        return ip(srcMac, dstMac, srcIp, dstIp, IpProtocol.ICMP).set(Type.ICMPV4_TYPE, type).set(Type.ICMPV4_CODE, code)
                .embedded(EmbeddedHeader.of(original)).build();
    }

    /** A broadcast ARP request: who has {@code targetIp}, tell {@code senderIp}. */
    public static SimPacket arpRequest(MacAddress senderMac, Ip4Address senderIp, Ip4Address targetIp) {
        return arp(1, senderMac, senderIp, MacAddress.BROADCAST, MacAddress.ZERO, targetIp);
    }

    /** A unicast ARP reply: {@code senderIp} is at {@code senderMac}, to the target. */
    public static SimPacket arpReply(MacAddress senderMac, Ip4Address senderIp, MacAddress targetMac,
                                     Ip4Address targetIp) {
        return arp(2, senderMac, senderIp, targetMac, targetMac, targetIp);
    }

    private static SimPacket arp(int op, MacAddress sha, Ip4Address spa, MacAddress ethDst, MacAddress tha,
                                 Ip4Address tpa) {
        return ethernet(sha, ethDst, EthType.ARP).set(Type.ARP_OP, op).set(Type.ARP_SHA, sha.value())
                .set(Type.ARP_SPA, spa.value() & 0xffffffffL).set(Type.ARP_THA, tha.value())
                .set(Type.ARP_TPA, tpa.value() & 0xffffffffL).build();
    }

    private static Builder ip(MacAddress srcMac, MacAddress dstMac, Ip4Address srcIp, Ip4Address dstIp, int proto) {
        return ethernet(srcMac, dstMac, EthType.IPV4).set(Type.IP_PROTO, proto)
                .set(Type.IPV4_SRC, srcIp.value() & 0xffffffffL).set(Type.IPV4_DST, dstIp.value() & 0xffffffffL)
                .ttl(64);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    // ---- generic field access ----------------------------------------------------------------

    /** True when the packet has the field (see the class comment). */
    public boolean has(Type t) {
        return switch (t) {
            case IN_PORT, METADATA, ETH_DST, ETH_SRC, ETH_TYPE, TUNNEL_ID, TUN_IPV4_SRC, TUN_IPV4_DST -> true;
            case VLAN_VID, VLAN_PCP -> !vlans.isEmpty();
            case IP_DSCP, IP_PROTO, IPV4_SRC, IPV4_DST -> isIpv4();
            case TCP_SRC, TCP_DST -> isIpv4() && raw(Type.IP_PROTO) == IpProtocol.TCP;
            case UDP_SRC, UDP_DST -> isIpv4() && raw(Type.IP_PROTO) == IpProtocol.UDP;
            case ICMPV4_TYPE, ICMPV4_CODE -> isIpv4() && raw(Type.IP_PROTO) == IpProtocol.ICMP;
            case ARP_OP, ARP_SPA, ARP_TPA, ARP_SHA, ARP_THA -> ethType() == EthType.ARP;
            case MPLS_LABEL -> isMpls() && !mpls.isEmpty();
            // Conntrack needs IP in this model (Open vSwitch refuses ct on rules that do not match it).
            case CT_STATE, CT_ZONE -> isIpv4();
            // Set only while a table is looked up again for a completed conjunction (SimTable).
            case CONJ_ID -> false;
        };
    }

    /** The field's value (addresses as unsigned numbers; VLAN and MPLS fields of the outer tag/label). */
    public long get(Type t) {
        checkState(has(t), "packet has no %s: %s", t, this);
        return switch (t) {
            case VLAN_VID -> vlans.get(0).vid();
            case VLAN_PCP -> vlans.get(0).pcp();
            case MPLS_LABEL -> mpls.get(0);
            default -> raw(t);
        };
    }

    /** A copy with the field set; the packet must have the field (use the builder to add layers). */
    public SimPacket with(Type t, long value) {
        checkState(has(t), "packet has no %s to set: %s", t, this);
        checkArgument((value & ~t.fullMask()) == 0, "value wider than %s", t);
        Builder b = toBuilder();
        switch (t) {
            case VLAN_VID -> b.vlans.set(0, new VlanTag(vlans.get(0).tpid(), (int) value, vlans.get(0).pcp()));
            case VLAN_PCP -> b.vlans.set(0, new VlanTag(vlans.get(0).tpid(), vlans.get(0).vid(), (int) value));
            case MPLS_LABEL -> b.mpls.set(0, (int) value);
            default -> b.set(t, value);
        }
        return b.build();
    }

    private long raw(Type t) {
        return fields[t.ordinal()];
    }

    // ---- typed accessors and modifiers -------------------------------------------------------

    /** The ingress port; 0 until {@link #at} sets it. */
    public PortNumber inPort() {
        return PortNumber.of(raw(Type.IN_PORT));
    }

    public SimPacket at(PortNumber port) {
        return toBuilder().inPort(port).build();
    }

    public SimPacket at(long port) {
        return at(PortNumber.of(port));
    }

    /** The packet as it is on a cable: the pipeline fields (in_port, metadata, tunnel fields, ct_*) cleared. */
    public SimPacket onWire() {
        return toBuilder().set(Type.IN_PORT, 0).set(Type.METADATA, 0).set(Type.TUNNEL_ID, 0)
                .set(Type.TUN_IPV4_SRC, 0).set(Type.TUN_IPV4_DST, 0)
                .set(Type.CT_STATE, 0).set(Type.CT_ZONE, 0).build();
    }

    /** The conntrack state bits ({@link io.skylane.core.flow.Criterion#CT_NEW} ...); 0: untracked. */
    public long ctState() {
        return raw(Type.CT_STATE);
    }

    /** The conntrack zone the packet was last looked up in (0 when untracked). */
    public int ctZone() {
        return (int) raw(Type.CT_ZONE);
    }

    /** A copy with these conntrack fields (IPv4 only; the {@code ct} action of {@link SimSwitch} sets them). */
    public SimPacket withCt(long state, int zone) {
        checkState(isIpv4(), "only IPv4 packets have conntrack fields: %s", this);
        return toBuilder().set(Type.CT_STATE, state).set(Type.CT_ZONE, zone).build();
    }

    /** ct_state as Open vSwitch prints it: {@code +trk+est+rpl}, NAT bits last ({@code +trk+new+dnat}); {@code -trk} when 0. */
    public static String ctStateText(long state) {
        if (state == 0) {
            return "-trk";
        }
        StringBuilder sb = new StringBuilder();
        String[] names = {"new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"};
        for (int bit : new int[] {5, 4, 3, 2, 1, 0, 6, 7}) {
            if ((state & (1L << bit)) != 0) {
                sb.append('+').append(names[bit]);
            }
        }
        return sb.toString();
    }

    /** The header an ICMP error carries about the packet that caused it ({@link #icmpError}). */
    public Optional<EmbeddedHeader> embedded() {
        return Optional.ofNullable(embedded);
    }

    public SimPacket withEmbedded(EmbeddedHeader header) {
        return toBuilder().embedded(header).build();
    }

    public long metadata() {
        return raw(Type.METADATA);
    }

    public SimPacket withMetadata(long metadata) {
        return toBuilder().set(Type.METADATA, metadata).build();
    }

    public long tunnelId() {
        return raw(Type.TUNNEL_ID);
    }

    public MacAddress ethSrc() {
        return MacAddress.of(raw(Type.ETH_SRC));
    }

    public MacAddress ethDst() {
        return MacAddress.of(raw(Type.ETH_DST));
    }

    public SimPacket withEthSrc(MacAddress mac) {
        return with(Type.ETH_SRC, mac.value());
    }

    public SimPacket withEthDst(MacAddress mac) {
        return with(Type.ETH_DST, mac.value());
    }

    /** The type of the payload after the VLAN tags. */
    public int ethType() {
        return (int) raw(Type.ETH_TYPE);
    }

    public boolean isIpv4() {
        return ethType() == EthType.IPV4;
    }

    public boolean isMpls() {
        return ethType() == EthType.MPLS_UNICAST || ethType() == 0x8848;
    }

    /** The VLAN tags, outermost first. */
    public List<VlanTag> vlans() {
        return vlans;
    }

    /** The outer VLAN id, {@link VlanId#NONE} for an untagged packet. */
    public VlanId vlanId() {
        return vlans.isEmpty() ? VlanId.NONE : VlanId.of(vlans.get(0).vid());
    }

    /** A copy carrying 802.1Q tags with these ids, outermost first (none: untagged). */
    public SimPacket withVlans(int... vids) {
        Builder b = toBuilder();
        b.vlans.clear();
        for (int v : vids) {
            b.vlans.add(VlanTag.of(v));
        }
        return b.build();
    }

    /** The MPLS labels, outermost first. MPLS TTL and traffic class are not modelled. */
    public List<Integer> mplsLabels() {
        return mpls;
    }

    public int ipProto() {
        return (int) get(Type.IP_PROTO);
    }

    public Ip4Address ipv4Src() {
        return Ip4Address.of((int) get(Type.IPV4_SRC));
    }

    public Ip4Address ipv4Dst() {
        return Ip4Address.of((int) get(Type.IPV4_DST));
    }

    public SimPacket withIpv4Src(Ip4Address a) {
        return with(Type.IPV4_SRC, a.value() & 0xffffffffL);
    }

    public SimPacket withIpv4Dst(Ip4Address a) {
        return with(Type.IPV4_DST, a.value() & 0xffffffffL);
    }

    public int ttl() {
        checkState(isIpv4(), "packet has no IP TTL: %s", this);
        return ttl;
    }

    public SimPacket withTtl(int newTtl) {
        checkState(isIpv4(), "packet has no IP TTL: %s", this);
        return toBuilder().ttl(newTtl).build();
    }

    /** The TCP or UDP source port. */
    public int l4Src() {
        return (int) get(has(Type.TCP_SRC) ? Type.TCP_SRC : Type.UDP_SRC);
    }

    /** The TCP or UDP destination port. */
    public int l4Dst() {
        return (int) get(has(Type.TCP_DST) ? Type.TCP_DST : Type.UDP_DST);
    }

    // ---- identity ----------------------------------------------------------------------------

    /** The fields the packet has, in a canonical order: what equality compares. */
    private List<Object> identity() {
        List<Object> id = new ArrayList<>();
        for (Type t : Type.values()) {
            if (t != Type.VLAN_VID && t != Type.VLAN_PCP && t != Type.MPLS_LABEL) {
                id.add(has(t) ? raw(t) : null);
            }
        }
        id.add(vlans);
        id.add(isMpls() ? mpls : List.of());
        id.add(isIpv4() ? ttl : -1);
        id.add(embedded);
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SimPacket p && hash == p.hash && identity().equals(p.identity()));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Compact: {@code in=1 00:..:01>00:..:02 vlan=[100] ipv4 10.0.0.1>10.0.0.2 ttl=64 tcp 1234>80}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("in=").append(inPort()).append(' ').append(ethSrc()).append('>').append(ethDst());
        if (!vlans.isEmpty()) {
            sb.append(" vlan=").append(vlans);
        }
        if (metadata() != 0) {
            sb.append(" metadata=0x").append(Long.toHexString(metadata()));
        }
        if (tunnelId() != 0) {
            sb.append(" tun=0x").append(Long.toHexString(tunnelId()));
        }
        if (isMpls()) {
            sb.append(" mpls=").append(mpls);
        } else if (ethType() == EthType.ARP) {
            sb.append(" arp op=").append(get(Type.ARP_OP)).append(' ').append(Ip4Address.of((int) get(Type.ARP_SPA)))
                    .append('/').append(MacAddress.of(get(Type.ARP_SHA))).append(" -> ")
                    .append(Ip4Address.of((int) get(Type.ARP_TPA))).append('/').append(MacAddress.of(get(Type.ARP_THA)));
        } else if (isIpv4()) {
            sb.append(" ipv4 ").append(ipv4Src()).append('>').append(ipv4Dst()).append(" ttl=").append(ttl);
            if (ctState() != 0 || ctZone() != 0) {
                sb.append(" ct_state=").append(ctStateText(ctState())).append(" ct_zone=").append(ctZone());
            }
            if (get(Type.IP_DSCP) != 0) {
                sb.append(" dscp=").append(get(Type.IP_DSCP));
            }
            if (has(Type.TCP_SRC)) {
                sb.append(" tcp ").append(get(Type.TCP_SRC)).append('>').append(get(Type.TCP_DST));
            } else if (has(Type.UDP_SRC)) {
                sb.append(" udp ").append(get(Type.UDP_SRC)).append('>').append(get(Type.UDP_DST));
            } else if (has(Type.ICMPV4_TYPE)) {
                sb.append(" icmp ").append(get(Type.ICMPV4_TYPE)).append('/').append(get(Type.ICMPV4_CODE));
                if (embedded != null) {
                    sb.append(' ').append(embedded);
                }
            } else {
                sb.append(" proto=").append(ipProto());
            }
        } else {
            sb.append(" eth_type=0x").append(Integer.toHexString(ethType()));
        }
        return sb.toString();
    }

    /** Sets fields freely; {@link #build()} checks ranges. */
    public static final class Builder {
        private final long[] fields;
        private int ttl;
        private final List<VlanTag> vlans;
        private final List<Integer> mpls;
        private EmbeddedHeader embedded;

        private Builder() {
            fields = new long[N];
            vlans = new ArrayList<>();
            mpls = new ArrayList<>();
        }

        private Builder(SimPacket p) {
            fields = p.fields.clone();
            embedded = p.embedded;
            ttl = p.ttl;
            vlans = new ArrayList<>(p.vlans);
            mpls = new ArrayList<>(p.mpls);
        }

        /** Sets a plain field (not VLAN_VID, VLAN_PCP or MPLS_LABEL: use the stacks). */
        public Builder set(Type t, long value) {
            checkArgument(t != Type.VLAN_VID && t != Type.VLAN_PCP && t != Type.MPLS_LABEL,
                    "VLAN and MPLS fields are set through their stacks");
            checkArgument((value & ~t.fullMask()) == 0, "value wider than the field");
            fields[t.ordinal()] = value;
            return this;
        }

        public Builder inPort(PortNumber port) {
            return set(Type.IN_PORT, checkNotNull(port, "port").value());
        }

        public Builder ethSrc(MacAddress mac) {
            return set(Type.ETH_SRC, mac.value());
        }

        public Builder ethDst(MacAddress mac) {
            return set(Type.ETH_DST, mac.value());
        }

        public Builder ethType(int type) {
            return set(Type.ETH_TYPE, type);
        }

        /** The header an ICMP error embeds (null: none). */
        public Builder embedded(EmbeddedHeader header) {
            this.embedded = header;
            return this;
        }

        public Builder ttl(int value) {
            checkArgument(value >= 0 && value <= 255, "TTL must be 0..255");
            this.ttl = value;
            return this;
        }

        /** Replaces the VLAN stack (outermost first). */
        public Builder vlans(List<VlanTag> tags) {
            vlans.clear();
            vlans.addAll(tags);
            return this;
        }

        /** Replaces the MPLS label stack (outermost first). */
        public Builder mpls(List<Integer> labels) {
            labels.forEach(l -> checkArgument(l >= 0 && l < (1 << 20), "MPLS label must be 20 bits"));
            mpls.clear();
            mpls.addAll(labels);
            return this;
        }

        public SimPacket build() {
            return new SimPacket(Arrays.copyOf(fields, N), ttl, vlans, mpls, embedded);
        }
    }
}
