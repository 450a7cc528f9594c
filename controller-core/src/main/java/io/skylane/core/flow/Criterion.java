package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;

/**
 * One field of a {@link Match}. Masks are normalised at construction (a full mask becomes an exact
 * match, masked-out value bits are cleared) so that equal matches are equal objects, which is what
 * the flow audit relies on when it compares the switch's table with the desired rules.
 */
public sealed interface Criterion
        permits Criterion.InPort, Criterion.MacField, Criterion.Ip4Field, Criterion.NumberField,
        Criterion.Vlan {

    /** Match fields in OXM order; also the canonical order of a match's criteria. */
    enum Type {
        IN_PORT(32),
        METADATA(64),
        ETH_DST(48),
        ETH_SRC(48),
        ETH_TYPE(16),
        VLAN_VID(12),
        VLAN_PCP(3),
        IP_DSCP(6),
        IP_PROTO(8),
        IPV4_SRC(32),
        IPV4_DST(32),
        TCP_SRC(16),
        TCP_DST(16),
        UDP_SRC(16),
        UDP_DST(16),
        ICMPV4_TYPE(8),
        ICMPV4_CODE(8),
        ARP_OP(16),
        ARP_SPA(32),
        ARP_TPA(32),
        ARP_SHA(48),
        ARP_THA(48),
        MPLS_LABEL(20),
        /** The tunnel key: Geneve's or VXLAN's VNI (OXM_OF_TUNNEL_ID, maskable). */
        TUNNEL_ID(64),
        /**
         * The outer IPv4 source of a packet that came in through a tunnel port, i.e. the sending
         * hypervisor's endpoint (Open vSwitch's Nicira NXM_NX_TUN_IPV4_SRC, {@code tun_src}; an
         * {@link Ip4Field}, exact only). Extension fields come after the OpenFlow basic ones, in
         * the order Open vSwitch writes them: tunnel fields, then conntrack.
         */
        TUN_IPV4_SRC(32),
        /**
         * The outer IPv4 destination: set before output to a flow-based tunnel port it chooses the
         * remote endpoint (NXM_NX_TUN_IPV4_DST, {@code tun_dst}; an {@link Ip4Field}, exact only).
         */
        TUN_IPV4_DST(32),
        /**
         * Open vSwitch connection tracking state (Nicira extension NXM_NX_CT_STATE, maskable): the
         * {@code CT_*} bits of {@link Criterion}.
         */
        CT_STATE(32),
        /** Open vSwitch conntrack zone (NXM_NX_CT_ZONE, exact only). */
        CT_ZONE(16),
        /**
         * The conjunctive match a packet completed (NXM_NX_CONJ_ID, {@code conj_id}, exact only): a
         * rule matching it holds the instructions of {@link Action.Conjunction conjunction} {@code
         * id}; no packet matches it otherwise. Open vSwitch only.
         */
        CONJ_ID(32);

        private final int bits;

        Type(int bits) {
            this.bits = bits;
        }

        /** Width of the field in bits. */
        public int bits() {
            return bits;
        }

        /** All ones over the field's width. */
        public long fullMask() {
            return bits == 64 ? -1L : (1L << bits) - 1;
        }
    }

    /** {@link Type#CT_STATE} bit: the start of a new connection. */
    long CT_NEW = 0x01;
    /** {@link Type#CT_STATE} bit: part of an existing connection. */
    long CT_EST = 0x02;
    /** {@link Type#CT_STATE} bit: related to an existing connection (an ICMP error, an FTP data flow). */
    long CT_REL = 0x04;
    /** {@link Type#CT_STATE} bit: in the reply direction. */
    long CT_RPL = 0x08;
    /** {@link Type#CT_STATE} bit: invalid (conntrack could not make sense of the packet). */
    long CT_INV = 0x10;
    /** {@link Type#CT_STATE} bit: the packet went through conntrack (set by the ct action). */
    long CT_TRK = 0x20;
    /** {@link Type#CT_STATE} bit: source NAT applied. */
    long CT_SNAT = 0x40;
    /** {@link Type#CT_STATE} bit: destination NAT applied. */
    long CT_DNAT = 0x80;

    Type type();

    /** True when the criterion matches some bits only. */
    boolean isMasked();

    /** The ingress port. */
    record InPort(PortNumber port) implements Criterion {
        public InPort {
            checkNotNull(port, "port");
        }

        @Override
        public Type type() {
            return Type.IN_PORT;
        }

        @Override
        public boolean isMasked() {
            return false;
        }
    }

    /** ETH_SRC, ETH_DST, ARP_SHA or ARP_THA, optionally masked. */
    record MacField(Type type, MacAddress mac, MacAddress mask) implements Criterion {
        public MacField {
            checkNotNull(type, "type");
            checkNotNull(mac, "mac");
            checkNotNull(mask, "mask");
            checkArgument(type == Type.ETH_SRC || type == Type.ETH_DST || type == Type.ARP_SHA
                    || type == Type.ARP_THA, "not a MAC field");
            if ((mac.value() & mask.value()) != mac.value()) {
                mac = MacAddress.of(mac.value() & mask.value()); // an address already masked is kept, not copied
            }
        }

        @Override
        public boolean isMasked() {
            return !mask.equals(MacAddress.BROADCAST);
        }
    }

    /**
     * IPV4_SRC, IPV4_DST, ARP_SPA or ARP_TPA, as a prefix (a /32 is exact); TUN_IPV4_SRC and
     * TUN_IPV4_DST, exact only (a /32).
     */
    record Ip4Field(Type type, Ip4Prefix prefix) implements Criterion {
        public Ip4Field {
            checkNotNull(type, "type");
            checkNotNull(prefix, "prefix");
            checkArgument(type == Type.IPV4_SRC || type == Type.IPV4_DST || type == Type.ARP_SPA
                    || type == Type.ARP_TPA || type == Type.TUN_IPV4_SRC || type == Type.TUN_IPV4_DST,
                    "not an IPv4 field");
            checkArgument(prefix.length() > 0, "a /0 prefix matches everything: leave the field out");
            checkArgument(prefix.length() == 32 || (type != Type.TUN_IPV4_SRC && type != Type.TUN_IPV4_DST),
                    "tunnel endpoint addresses are matched exactly");
        }

        @Override
        public boolean isMasked() {
            return prefix.length() < 32;
        }
    }

    /** The 802.1Q VLAN id; {@link VlanId#NONE} matches untagged frames. */
    record Vlan(VlanId vlan) implements Criterion {
        public Vlan {
            checkNotNull(vlan, "vlan");
        }

        @Override
        public Type type() {
            return Type.VLAN_VID;
        }

        @Override
        public boolean isMasked() {
            return false;
        }
    }

    /** The {@link NumberField} types that may be masked. */
    java.util.Set<Type> MASKABLE = com.google.common.collect.Sets.immutableEnumSet(Type.METADATA, Type.TUNNEL_ID,
            Type.CT_STATE, Type.TCP_SRC, Type.TCP_DST, Type.UDP_SRC, Type.UDP_DST);

    /** Fields that have a criterion record of their own rather than {@link NumberField}. */
    java.util.Set<Type> OWN_TYPES = com.google.common.collect.Sets.immutableEnumSet(Type.IN_PORT, Type.VLAN_VID, Type.ETH_SRC, Type.ETH_DST,
            Type.ARP_SHA, Type.ARP_THA, Type.IPV4_SRC, Type.IPV4_DST, Type.ARP_SPA, Type.ARP_TPA,
            Type.TUN_IPV4_SRC, Type.TUN_IPV4_DST);

    /**
     * Any integer field (ETH_TYPE, IP_PROTO, L4 ports, ICMP, ARP_OP, PCP, DSCP, MPLS, METADATA,
     * TUNNEL_ID, CT_STATE, CT_ZONE, CONJ_ID). Only METADATA, TUNNEL_ID, CT_STATE and the TCP and UDP ports
     * may be masked (ports: OpenFlow 1.3 only, as Open vSwitch takes them; a port range becomes a
     * few value/mask pairs, see {@link #portRange}).
     */
    record NumberField(Type type, long value, long mask) implements Criterion {
        public NumberField {
            checkNotNull(type, "type");
            checkArgument(!OWN_TYPES.contains(type), "field has its own criterion type");
            long full = type.fullMask();
            checkArgument((value & ~full) == 0, "value wider than the field");
            checkArgument((mask & ~full) == 0, "mask wider than the field");
            checkArgument(mask != 0, "a zero mask matches everything: leave the field out");
            checkArgument(mask == full || MASKABLE.contains(type),
                    "only METADATA, TUNNEL_ID, CT_STATE and TCP/UDP ports may be masked");
            value = value & mask;
        }

        @Override
        public boolean isMasked() {
            return mask != type.fullMask();
        }

        /**
         * Spreads every bit of the value: {@code Long.hashCode} folds the high word onto the low one,
         * so metadata {@code segment | slot << 32} (the load balancer's slot rules) hashed as
         * {@code segment ^ slot} and rules of different VPCs collided by the thousand in the hash
         * maps that key rules by their match.
         */
        @Override
        public int hashCode() {
            return 31 * (31 * type.ordinal() + spread(value)) + spread(mask);
        }

        private static int spread(long v) {
            long h = v * 0x9e3779b97f4a7c15L;
            return (int) (h ^ (h >>> 32));
        }
    }

    // ---- factories -------------------------------------------------------------------------

    static Criterion inPort(PortNumber port) {
        return new InPort(port);
    }

    static Criterion ethSrc(MacAddress mac) {
        return new MacField(Type.ETH_SRC, mac, MacAddress.BROADCAST);
    }

    static Criterion ethDst(MacAddress mac) {
        return new MacField(Type.ETH_DST, mac, MacAddress.BROADCAST);
    }

    static Criterion ethDstMasked(MacAddress mac, MacAddress mask) {
        return new MacField(Type.ETH_DST, mac, mask);
    }

    static Criterion ethType(int ethType) {
        return exact(Type.ETH_TYPE, ethType);
    }

    static Criterion vlan(VlanId vlan) {
        return new Vlan(vlan);
    }

    static Criterion ipProto(int proto) {
        return exact(Type.IP_PROTO, proto);
    }

    static Criterion ipv4Src(Ip4Prefix prefix) {
        return new Ip4Field(Type.IPV4_SRC, prefix);
    }

    static Criterion ipv4Dst(Ip4Prefix prefix) {
        return new Ip4Field(Type.IPV4_DST, prefix);
    }

    static Criterion arpSpa(Ip4Prefix prefix) {
        return new Ip4Field(Type.ARP_SPA, prefix);
    }

    static Criterion arpTpa(Ip4Prefix prefix) {
        return new Ip4Field(Type.ARP_TPA, prefix);
    }

    static Criterion arpSha(MacAddress mac) {
        return new MacField(Type.ARP_SHA, mac, MacAddress.BROADCAST);
    }

    static Criterion arpTha(MacAddress mac) {
        return new MacField(Type.ARP_THA, mac, MacAddress.BROADCAST);
    }

    static Criterion metadata(long value, long mask) {
        return new NumberField(Type.METADATA, value, mask);
    }

    /** The tunnel key (Geneve/VXLAN VNI), exactly: {@code tun_id=5000}. */
    static Criterion tunnelId(long id) {
        return exact(Type.TUNNEL_ID, id);
    }

    /** The tunnel endpoint a packet came from: {@code tun_src=172.31.199.2}. Open vSwitch only. */
    static Criterion tunnelSrc(Ip4Address endpoint) {
        return new Ip4Field(Type.TUN_IPV4_SRC, Ip4Prefix.of(endpoint, 32));
    }

    /** The tunnel endpoint a packet was sent to: {@code tun_dst=172.31.199.2}. Open vSwitch only. */
    static Criterion tunnelDst(Ip4Address endpoint) {
        return new Ip4Field(Type.TUN_IPV4_DST, Ip4Prefix.of(endpoint, 32));
    }

    /**
     * Conntrack state: the {@code CT_*} bits in {@code set} must be on and those in {@code clear}
     * off, the others are ignored; OVS writes it {@code ct_state=+trk+new-inv}. Open vSwitch only.
     */
    static Criterion ctState(long set, long clear) {
        checkArgument((set & clear) == 0, "a conntrack state bit cannot be both set and clear");
        return new NumberField(Type.CT_STATE, set, set | clear);
    }

    /** The conntrack zone a previous ct action looked the packet up in. Open vSwitch only. */
    static Criterion ctZone(int zone) {
        return exact(Type.CT_ZONE, zone);
    }

    /** The rule of conjunctive match {@code id} ({@link Action.Conjunction}): {@code conj_id=id}. Open vSwitch only. */
    static Criterion conjId(long id) {
        return exact(Type.CONJ_ID, id);
    }

    /** An exact match on an integer field. */
    static Criterion exact(Type type, long value) {
        return new NumberField(type, value, type.fullMask());
    }

    /**
     * The fewest criteria on a TCP or UDP port field that together match exactly the ports {@code
     * min..max}: value/mask pairs of aligned power-of-two blocks, at most 30 for any range (the
     * way Open vSwitch's own firewall matches Neutron's port ranges). {@code 0..65535} is one
     * criterion that matches every port; leave the field out instead.
     *
     * @throws IllegalArgumentException if the type is not a TCP or UDP port, or the range is not
     *                                  within 0..65535 with min <= max
     */
    static java.util.List<Criterion> portRange(Type type, int min, int max) {
        checkArgument(type == Type.TCP_SRC || type == Type.TCP_DST || type == Type.UDP_SRC || type == Type.UDP_DST,
                "not a TCP or UDP port: %s", type);
        checkArgument(0 <= min && min <= max && max <= 0xffff, "bad port range %s..%s", min, max);
        checkArgument(min > 0 || max < 0xffff, "0..65535 matches every port: leave the field out");
        java.util.List<Criterion> out = new java.util.ArrayList<>();
        long lo = min;
        while (lo <= max) {
            long size = lo == 0 ? 0x10000 : Long.lowestOneBit(lo);
            while (lo + size - 1 > max) {
                size >>= 1;
            }
            out.add(new NumberField(type, lo, 0xffff & ~(size - 1)));
            lo += size;
        }
        return java.util.List.copyOf(out);
    }
}
