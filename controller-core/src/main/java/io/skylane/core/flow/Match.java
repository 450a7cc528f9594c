package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Joiner;
import io.skylane.core.flow.Criterion.NumberField;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.EthType;
import io.skylane.core.net.IpProtocol;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The match part of a flow rule: at most one criterion per field, kept in OXM order. Built only
 * through {@link #builder()}, which checks OpenFlow's prerequisites (an IPv4 field needs
 * {@code eth_type=0x0800}, a TCP port needs {@code ip_proto=6}, ...), so a rule the switch would
 * reject with BAD_PREREQ cannot be built.
 */
public final class Match {

    private static final Criterion[] NONE = new Criterion[0];

    /** Matches every packet. */
    public static final Match ALL = new Match(NONE);

    /**
     * The criteria in OXM order, one per field, in an array of their own (not a list over one: a
     * cloud's compile holds hundreds of thousands of matches, issue #15): equality and hashing
     * allocate nothing. Never written after construction, never handed out.
     */
    private final Criterion[] ordered;
    /** As {@link java.util.List#hashCode()} of the criteria in order. */
    private final int hash;

    private Match(Criterion[] ordered) {
        this.ordered = ordered;
        this.hash = Arrays.hashCode(ordered);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Criteria in OXM order (an unmodifiable view). */
    public Collection<Criterion> criteria() {
        return new Criteria();
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
        return ordered.length == 0;
    }

    /** A builder holding this match's criteria. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (Criterion c : ordered) {
            b.add(c);
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Match m && hash == m.hash && Arrays.equals(ordered, m.ordered));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return ordered.length == 0 ? "[any]" : "[" + Joiner.on(", ").join(ordered) + "]";
    }

    /** The criteria as an unmodifiable list, over the match's own array. */
    private final class Criteria extends AbstractList<Criterion> implements RandomAccess {
        @Override
        public Criterion get(int index) {
            return ordered[index];
        }

        @Override
        public int size() {
            return ordered.length;
        }
    }

    /**
     * Collects criteria; {@link #build()} checks prerequisites and puts them in OXM order (given in
     * that order, as the apps mostly give them, they are only copied).
     */
    public static final class Builder {
        private Criterion[] added = new Criterion[8];
        private int count;
        /** The types added, one bit per {@link Type} ordinal. */
        private long seen;
        private boolean inOrder = true;

        private Builder() {
        }

        /** Adds a criterion; a second criterion for the same field is an error. */
        public Builder add(Criterion c) {
            checkNotNull(c, "criterion");
            long bit = 1L << c.type().ordinal();
            checkArgument((seen & bit) == 0, "field given twice");
            if (count > 0 && added[count - 1].type().ordinal() > c.type().ordinal()) {
                inOrder = false;
            }
            if (count == added.length) {
                added = Arrays.copyOf(added, count * 2);
            }
            added[count++] = c;
            seen |= bit;
            return this;
        }

        public Match build() {
            if (count == 0) {
                return ALL;
            }
            Criterion[] ordered = Arrays.copyOf(added, count);
            if (!inOrder) {
                Arrays.sort(ordered, Comparator.comparingInt(c -> c.type().ordinal()));
            }
            for (Criterion c : ordered) {
                checkPrerequisite(c.type());
            }
            return new Match(ordered);
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
                case VLAN_PCP -> checkArgument(find(Type.VLAN_VID) instanceof Criterion.Vlan v
                        && !v.vlan().isNone(), "VLAN PCP needs a VLAN id");
                // Open vSwitch matches conntrack fields on any packet (an untracked one has ct_state=-trk):
                // it is the ct action that needs IPv4 or IPv6, see FlowRule
                default -> {
                }
            }
        }

        /** The criterion added for {@code t}, or null. */
        private Criterion find(Type t) {
            if ((seen & 1L << t.ordinal()) == 0) {
                return null;
            }
            for (int i = 0; i < count; i++) {
                if (added[i].type() == t) {
                    return added[i];
                }
            }
            return null;
        }

        private boolean is(Type t, long value) {
            return find(t) instanceof NumberField n && !n.isMasked() && n.value() == value;
        }
    }
}
