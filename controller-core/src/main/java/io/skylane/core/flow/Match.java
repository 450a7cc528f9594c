package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Joiner;
import com.google.common.collect.ImmutableList;
import io.skylane.core.flow.Criterion.NumberField;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.EthType;
import io.skylane.core.net.IpProtocol;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Optional;

/**
 * The match part of a flow rule: at most one criterion per field, kept in OXM order. Built only
 * through {@link #builder()}, which checks OpenFlow's prerequisites (an IPv4 field needs
 * {@code eth_type=0x0800}, a TCP port needs {@code ip_proto=6}, ...), so a rule the switch would
 * reject with BAD_PREREQ cannot be built.
 */
public final class Match {

    /** Matches every packet. */
    public static final Match ALL = new Match(ImmutableList.of());

    /** The criteria in OXM order, one per field: equality and hashing allocate nothing. */
    private final ImmutableList<Criterion> ordered;
    private final int hash;

    private Match(ImmutableList<Criterion> ordered) {
        this.ordered = ordered;
        this.hash = ordered.hashCode();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Criteria in OXM order. */
    public Collection<Criterion> criteria() {
        return ordered;
    }

    public Optional<Criterion> get(Type type) {
        for (Criterion c : ordered) {
            if (c.type() == type) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return ordered.isEmpty();
    }

    /** A builder holding this match's criteria. */
    public Builder toBuilder() {
        Builder b = new Builder();
        ordered.forEach(b::add);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Match m && hash == m.hash && ordered.equals(m.ordered));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return ordered.isEmpty() ? "[any]" : "[" + Joiner.on(", ").join(ordered) + "]";
    }

    /** Collects criteria; {@link #build()} checks prerequisites. */
    public static final class Builder {
        private final EnumMap<Type, Criterion> seen = new EnumMap<>(Type.class);

        private Builder() {
        }

        /** Adds a criterion; a second criterion for the same field is an error. */
        public Builder add(Criterion c) {
            checkNotNull(c, "criterion");
            checkArgument(!seen.containsKey(c.type()), "field given twice");
            seen.put(c.type(), c);
            return this;
        }

        public Match build() {
            for (Type t : seen.keySet()) {
                checkPrerequisite(t);
            }
            return seen.isEmpty() ? ALL : new Match(ImmutableList.copyOf(seen.values()));
        }

        private void checkPrerequisite(Type t) {
            switch (t) {
                case IP_DSCP, IP_PROTO, IPV4_SRC, IPV4_DST ->
                        checkArgument(is(Type.ETH_TYPE, EthType.IPV4), "IPv4 field needs eth_type 0x0800");
                case ARP_OP, ARP_SPA, ARP_TPA, ARP_SHA, ARP_THA ->
                        checkArgument(is(Type.ETH_TYPE, EthType.ARP), "ARP field needs eth_type 0x0806");
                case TCP_SRC, TCP_DST -> checkArgument(is(Type.IP_PROTO, IpProtocol.TCP), "TCP port needs ip_proto 6");
                case UDP_SRC, UDP_DST -> checkArgument(is(Type.IP_PROTO, IpProtocol.UDP), "UDP port needs ip_proto 17");
                case ICMPV4_TYPE, ICMPV4_CODE ->
                        checkArgument(is(Type.IP_PROTO, IpProtocol.ICMP), "ICMP field needs ip_proto 1");
                case MPLS_LABEL -> checkArgument(is(Type.ETH_TYPE, EthType.MPLS_UNICAST), "MPLS field needs eth_type 0x8847");
                case VLAN_PCP -> checkArgument(seen.get(Type.VLAN_VID) instanceof Criterion.Vlan v
                        && !v.vlan().isNone(), "VLAN PCP needs a VLAN id");
                // Open vSwitch matches conntrack fields on any packet (an untracked one has ct_state=-trk):
                // it is the ct action that needs IPv4 or IPv6, see FlowRule
                default -> {
                }
            }
        }

        private boolean is(Type t, long value) {
            return seen.get(t) instanceof NumberField n && !n.isMasked() && n.value() == value;
        }
    }
}
