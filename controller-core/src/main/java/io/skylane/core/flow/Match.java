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
public abstract sealed class Match { // the holders below, by number of criteria

    /** Matches every packet. */
    public static final Match ALL = new OfMany(new Criterion[0]);

    /** As {@link java.util.List#hashCode()} of the criteria in order. */
    private final int hash;

    private Match(int hash) {
        this.hash = hash;
    }

    /**
     * A match of the first {@code count} of {@code ordered} (in OXM order, one per field; the array
     * is not kept): up to six criteria are held in fields of their own, more in an array (a cloud's
     * compile holds hundreds of thousands of matches, issue #15: a match of three criteria is 32
     * bytes, where a match over an array was 56).
     */
    private static Match of(Criterion[] ordered, int count) {
        int h = 1;
        for (int i = 0; i < count; i++) {
            h = 31 * h + ordered[i].hashCode();
        }
        return switch (count) {
            case 1 -> new Of1(h, ordered[0]);
            case 2 -> new Of2(h, ordered[0], ordered[1]);
            case 3 -> new Of3(h, ordered[0], ordered[1], ordered[2]);
            case 4 -> new Of4(h, ordered[0], ordered[1], ordered[2], ordered[3]);
            case 5 -> new Of5(h, ordered[0], ordered[1], ordered[2], ordered[3], ordered[4]);
            case 6 -> new Of6(h, ordered[0], ordered[1], ordered[2], ordered[3], ordered[4], ordered[5]);
            default -> new OfMany(Arrays.copyOf(ordered, count));
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The number of criteria. */
    abstract int size();

    /** The criterion at {@code i} in OXM order, 0 <= i < size(). */
    abstract Criterion at(int i);

    /** Criteria in OXM order (an unmodifiable view). */
    public Collection<Criterion> criteria() {
        return new Criteria(this);
    }

    public Optional<Criterion> get(Type type) {
        for (int i = 0, n = size(); i < n; i++) {
            Criterion c = at(i);
            if (c.type() == type) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** A builder holding this match's criteria. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (int i = 0, n = size(); i < n; i++) {
            b.add(at(i));
        }
        return b;
    }

    @Override
    public final boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Match m) || hash != m.hash || size() != m.size()) {
            return false;
        }
        for (int i = 0, n = size(); i < n; i++) {
            if (!at(i).equals(m.at(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public final String toString() {
        return isEmpty() ? "[any]" : "[" + Joiner.on(", ").join(criteria()) + "]";
    }

    private static IndexOutOfBoundsException outside(int i) {
        return new IndexOutOfBoundsException(i);
    }

    /** The criteria of a match as an unmodifiable list. */
    private static final class Criteria extends AbstractList<Criterion> implements RandomAccess {
        private final Match match;

        Criteria(Match match) {
            this.match = match;
        }

        @Override
        public Criterion get(int index) {
            return match.at(index);
        }

        @Override
        public int size() {
            return match.size();
        }
    }

    private static final class Of1 extends Match {
        private final Criterion c0;

        Of1(int hash, Criterion c0) {
            super(hash);
            this.c0 = c0;
        }

        @Override
        int size() {
            return 1;
        }

        @Override
        Criterion at(int i) {
            if (i == 0) {
                return c0;
            }
            throw outside(i);
        }
    }

    private static final class Of2 extends Match {
        private final Criterion c0;
        private final Criterion c1;

        Of2(int hash, Criterion c0, Criterion c1) {
            super(hash);
            this.c0 = c0;
            this.c1 = c1;
        }

        @Override
        int size() {
            return 2;
        }

        @Override
        Criterion at(int i) {
            return switch (i) {
                case 0 -> c0;
                case 1 -> c1;
                default -> throw outside(i);
            };
        }
    }

    private static final class Of3 extends Match {
        private final Criterion c0;
        private final Criterion c1;
        private final Criterion c2;

        Of3(int hash, Criterion c0, Criterion c1, Criterion c2) {
            super(hash);
            this.c0 = c0;
            this.c1 = c1;
            this.c2 = c2;
        }

        @Override
        int size() {
            return 3;
        }

        @Override
        Criterion at(int i) {
            return switch (i) {
                case 0 -> c0;
                case 1 -> c1;
                case 2 -> c2;
                default -> throw outside(i);
            };
        }
    }

    private static final class Of4 extends Match {
        private final Criterion c0;
        private final Criterion c1;
        private final Criterion c2;
        private final Criterion c3;

        Of4(int hash, Criterion c0, Criterion c1, Criterion c2, Criterion c3) {
            super(hash);
            this.c0 = c0;
            this.c1 = c1;
            this.c2 = c2;
            this.c3 = c3;
        }

        @Override
        int size() {
            return 4;
        }

        @Override
        Criterion at(int i) {
            return switch (i) {
                case 0 -> c0;
                case 1 -> c1;
                case 2 -> c2;
                case 3 -> c3;
                default -> throw outside(i);
            };
        }
    }

    private static final class Of5 extends Match {
        private final Criterion c0;
        private final Criterion c1;
        private final Criterion c2;
        private final Criterion c3;
        private final Criterion c4;

        Of5(int hash, Criterion c0, Criterion c1, Criterion c2, Criterion c3, Criterion c4) {
            super(hash);
            this.c0 = c0;
            this.c1 = c1;
            this.c2 = c2;
            this.c3 = c3;
            this.c4 = c4;
        }

        @Override
        int size() {
            return 5;
        }

        @Override
        Criterion at(int i) {
            return switch (i) {
                case 0 -> c0;
                case 1 -> c1;
                case 2 -> c2;
                case 3 -> c3;
                case 4 -> c4;
                default -> throw outside(i);
            };
        }
    }

    private static final class Of6 extends Match {
        private final Criterion c0;
        private final Criterion c1;
        private final Criterion c2;
        private final Criterion c3;
        private final Criterion c4;
        private final Criterion c5;

        Of6(int hash, Criterion c0, Criterion c1, Criterion c2, Criterion c3, Criterion c4, Criterion c5) {
            super(hash);
            this.c0 = c0;
            this.c1 = c1;
            this.c2 = c2;
            this.c3 = c3;
            this.c4 = c4;
            this.c5 = c5;
        }

        @Override
        int size() {
            return 6;
        }

        @Override
        Criterion at(int i) {
            return switch (i) {
                case 0 -> c0;
                case 1 -> c1;
                case 2 -> c2;
                case 3 -> c3;
                case 4 -> c4;
                case 5 -> c5;
                default -> throw outside(i);
            };
        }
    }

    /** None, or more than six criteria, in an array never written after construction nor handed out. */
    private static final class OfMany extends Match {
        private final Criterion[] ordered;

        OfMany(Criterion[] ordered) {
            super(Arrays.hashCode(ordered));
            this.ordered = ordered;
        }

        @Override
        int size() {
            return ordered.length;
        }

        @Override
        Criterion at(int i) {
            return ordered[i];
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
            if (!inOrder) {
                Arrays.sort(added, 0, count, Comparator.comparingInt(c -> c.type().ordinal()));
                inOrder = true;
            }
            for (int i = 0; i < count; i++) {
                checkPrerequisite(added[i].type());
            }
            return of(added, count);
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
