package io.skylane.vpc.pipeline;

import static io.skylane.vpc.pipeline.Pipeline.ACL_IN_CT;
import static io.skylane.vpc.pipeline.Pipeline.ACL_OUT_CT;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.PortNumber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which security group rules of one VPC's local ports on one switch become Open vSwitch
 * conjunctive matches (address sets, as OVN does), and their conjunction ids.
 *
 * <p>A rule whose remote is a group admits the group's members in the VPC ({@link
 * SecurityGroups#members}). Expanded, that is one allow rule per member address, local port and
 * protocol/port block: L x M x B rules for L local ports sharing the rule's shape, M members, B
 * blocks, and a member added changes L rules. As a conjunction (a {@link Shape} of a port) it is:
 * clause 1, one rule per member address naming every local port's conjunction for that group
 * ({@link #addressClauses}, shared by the ports); clause 2, the port and each protocol/port block;
 * and the conjunction's own rule ({@code conj_id}) doing what an allow rule does: M + L x (B + 1)
 * rules, and a member added changes one. A shape is compiled as a conjunction when that is fewer
 * rules on the switch (L x M x B > M + L x (B + 1): two ports sharing a rule and five members,
 * three ports and four, ...), else expanded as before: what a switch holds never grows.
 *
 * <p>Conjunction ids, unique per switch (Open vSwitch wants them unique per table) and stable: the
 * port's OpenFlow number in the high 16 bits (as its conntrack zone: unique on the switch), bit 15
 * for ingress, and in the low 15 bits the shape's position among the port's remote-group shapes of
 * that direction, sorted by group and protocol/ports. So an id depends on its port's own rules
 * only: ports joining, leaving or changing never renumber another port's conjunctions, and a
 * member added renumbers nothing. (A port with more than 32,768 remote-group shapes in one
 * direction has the rest expanded.)
 *
 * <p>All of a port's conjunctions end in the same rule (ct commit in the port's zone, then on), so
 * that a packet completing two of them at one priority (a source in two groups the port admits)
 * meets the same result whichever Open vSwitch picks. One instance per compile of a (switch, VPC)
 * part: it is built from the local ports before their rules, then emits the shared address clauses.
 */
final class AclConjunctions {

    /** The largest shape position that fits an id's low 15 bits. */
    private static final int MAX_POSITION = 0x7fff;
    private static final long INGRESS_BIT = 0x8000;

    /**
     * What a remote-group rule matches besides the remote addresses: its direction, its remote
     * group and its protocol/port criteria (one list per block, as {@link AclCompiler#transport}).
     */
    record Shape(boolean egress, UUID group, List<List<Criterion>> transport) {
        /**
         * A total order that does not depend on the order of the rules in their groups: direction,
         * group, protocol and ports.
         */
        static final Comparator<Shape> ORDER = Comparator.comparing(Shape::egress).thenComparing(Shape::group)
                .thenComparing(s -> s.transport().toString());
    }

    /** A local port with port security, and its remote-group shapes. */
    record LocalPort(PortNumber number, List<Shape> shapes) {
    }

    /** A member address as clause 1 in a direction (a key of {@link TenantRules#shared}). */
    private record AddressKey(Criterion meta, Ip4Prefix address, boolean egress) {
    }

    /** A conjunction's own rule's match (a key of {@link TenantRules#shared}). */
    private record ConjKey(long id) {
    }

    private final UUID vpc;
    private final SecurityGroups acl;
    /** The conjunctions by switch port and shape. */
    private final Map<PortNumber, Map<Shape, Long>> ids = new HashMap<>();
    /** Clause 1: the conjunctions each member address belongs to, by direction (true: egress). */
    private final Map<Boolean, TreeMap<Ip4Prefix, TreeSet<Long>>> addresses = Map.of(true, new TreeMap<>(),
            false, new TreeMap<>());

    private AclConjunctions(UUID vpc, SecurityGroups acl) {
        this.vpc = vpc;
        this.acl = acl;
    }

    /** No conjunction: every rule expanded. */
    static AclConjunctions none() {
        return new AclConjunctions(null, null);
    }

    /** The plan for the local ports (with port security) of VPC {@code vpc} on one switch. */
    static AclConjunctions plan(UUID vpc, SecurityGroups acl, List<LocalPort> ports) {
        AclConjunctions plan = new AclConjunctions(vpc, acl);
        Map<Shape, Integer> sharing = new HashMap<>();
        for (LocalPort p : ports) {
            for (Shape s : p.shapes()) {
                sharing.merge(s, 1, Integer::sum);
            }
        }
        Map<Shape, Boolean> pays = new HashMap<>();
        sharing.forEach((s, l) -> pays.put(s, pays(l, acl.members(s.group(), vpc).size(), s.transport().size())));
        for (LocalPort p : ports) {
            long base = (p.number().value() & 0xffff) << 16;
            int[] position = new int[2];
            for (Shape s : p.shapes()) { // sorted: positions by direction
                int pos = position[s.egress() ? 0 : 1]++;
                if (pays.get(s) && pos <= MAX_POSITION) {
                    plan.ids.computeIfAbsent(p.number(), k -> new HashMap<>())
                            .put(s, base | (s.egress() ? 0 : INGRESS_BIT) | pos);
                }
            }
        }
        return plan;
    }

    /**
     * True when conjunctions make fewer rules than expansion for {@code l} ports sharing a shape of
     * {@code m} members and {@code b} protocol/port blocks.
     */
    static boolean pays(long l, long m, long b) {
        return l * m * b > m + l * (b + 1);
    }

    /** The conjunction of port {@code in} for {@code shape}, if the shape is compiled as one there. */
    OptionalLong id(PortNumber in, Shape shape) {
        Long id = ids.getOrDefault(in, Map.of()).get(shape);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** The conjunctions of port {@code in}, by shape (empty: none). */
    Map<Shape, Long> idsOf(PortNumber in) {
        return ids.getOrDefault(in, Map.of());
    }

    /**
     * Records every conjunction of port {@code in} in the address clauses, as compiling its rules
     * ({@link AclCompiler#port}) does: for a port whose rules are kept from the last compile.
     */
    void reuse(PortNumber in) {
        idsOf(in).forEach(this::addMembers);
    }

    /** Records conjunction {@code id} (of a port's {@code shape}) in the clause 1 of each member address. */
    void addMembers(Shape shape, long id) {
        TreeMap<Ip4Prefix, TreeSet<Long>> byAddress = addresses.get(shape.egress());
        for (Ip4Prefix a : acl.members(shape.group(), vpc)) {
            byAddress.computeIfAbsent(a, k -> new TreeSet<>()).add(id);
        }
    }

    /** The rule of conjunction {@code id}: what a port's allow rules do. */
    static FlowRule conjunctionRule(TenantRules make, DeviceId d, boolean egress, long id, List<Action> allow,
                                    int gotoTable) {
        Match m = make.shared(new ConjKey(id), () -> Match.builder().add(Criterion.ethType(EthType.IPV4))
                .add(Criterion.conjId(id)).build());
        return make.make(d, egress ? ACL_OUT_CT : ACL_IN_CT, Pipeline.PRIO_ACL_ALLOW, m, allow, gotoTable);
    }

    /** Conjunction actions, clause {@code clause} of 2, in id order. */
    static List<Action> clause(int clause, Iterable<Long> sortedIds) {
        List<Action> out = new ArrayList<>();
        for (long id : sortedIds) {
            out.add(Action.conjunction(id, clause, 2));
        }
        return out;
    }

    /**
     * The clause 1 rules: per direction and member address of some conjunction, new IPv4 of the VPC
     * ({@code meta}) from (ingress) or to (egress) that address, naming its conjunctions.
     */
    void addressClauses(TenantRules make, DeviceId d, Criterion meta, Criterion ipv4, Criterion newConnection,
                        List<FlowRule> rules) {
        for (boolean egress : new boolean[] {true, false}) {
            for (Map.Entry<Ip4Prefix, TreeSet<Long>> e : addresses.get(egress).entrySet()) {
                Ip4Prefix a = e.getKey();
                Match m = make.shared(new AddressKey(meta, a, egress), () -> Match.builder().add(meta).add(ipv4)
                        .add(newConnection).add(egress ? Criterion.ipv4Dst(a) : Criterion.ipv4Src(a)).build());
                rules.add(make.make(d, egress ? ACL_OUT_CT : ACL_IN_CT, Pipeline.PRIO_ACL_ALLOW, m,
                        clause(1, e.getValue()), -1));
            }
        }
    }

    @Override
    public String toString() {
        return "AclConjunctions" + Optional.ofNullable(vpc).map(v -> "(" + v + ")").orElse("") + ids;
    }
}
