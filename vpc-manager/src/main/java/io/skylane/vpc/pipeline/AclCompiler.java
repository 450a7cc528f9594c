package io.skylane.vpc.pipeline;

import static io.skylane.vpc.pipeline.Pipeline.ACL_IN;
import static io.skylane.vpc.pipeline.Pipeline.ACL_IN_CT;
import static io.skylane.vpc.pipeline.Pipeline.ACL_OUT;
import static io.skylane.vpc.pipeline.Pipeline.ACL_OUT_CT;
import static io.skylane.vpc.pipeline.Pipeline.OUTPUT;
import static io.skylane.vpc.pipeline.Pipeline.ROUTE;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Security groups of one local port as stateful ACL rules (Open vSwitch connection tracking):
 * every IPv4 packet from or to the port is looked up in the port's own conntrack zone (its
 * OpenFlow port number: egress and ingress of two ports on one switch never share a zone);
 * established and related connections pass, a new connection passes (and is committed) only if a
 * rule of the port's groups allows it, anything else is dropped. Neutron semantics: allow-lists,
 * ingress denied unless allowed, a rule's remote is a prefix, the members of a group in the port's
 * VPC (addresses are per VPC), or anyone. The members of a group are matched one rule per address,
 * or, where that makes fewer rules on the switch, through a conjunctive match ({@link AclConjunctions}).
 */
final class AclCompiler {

    private static final long TRK = Criterion.CT_TRK;

    private AclCompiler() {
    }

    private static final Criterion IPV4 = Criterion.ethType(EthType.IPV4);
    private static final Criterion NEW = Criterion.ctState(TRK | Criterion.CT_NEW, Criterion.CT_INV);
    private static final List<Criterion> ONGOING = List.of(Criterion.ctState(TRK | Criterion.CT_EST, Criterion.CT_INV),
            Criterion.ctState(TRK | Criterion.CT_REL, Criterion.CT_INV));

    /** A conntrack zone's action lists (a key of {@link TenantRules#shared}: zones repeat on every switch). */
    private record ZoneKey(int zone) {
    }

    private record ZoneActions(List<Action> trackOut, List<Action> trackIn, List<Action> commit) {
    }

    /** A remote address as a source or destination criterion (a key of {@link TenantRules#shared}). */
    private record RemoteKey(Ip4Prefix remote, boolean destination) {
    }

    /**
     * Rules of tables 2, 3, 7 and 8 for a local port with security groups, on switch port {@code in}
     * ({@code inPort} its criterion), reached through {@code toPort} (its MAC as destination) in the
     * segment {@code meta} names. A remote-group rule the plan {@code conj} compiles as a conjunction
     * gets its clause 2 and its conjunction's rule here (clause 1 is the plan's, shared by the
     * switch's ports), any other rule one allow rule per remote address and protocol/port block.
     */
    static void port(TenantRules make, DeviceId d, Port p, PortNumber in, Criterion inPort, Criterion toPort,
                     Criterion meta, SecurityGroups acl, AclConjunctions conj, List<FlowRule> rules) {
        int zone = (int) (in.value() & 0xffff);
        ZoneActions ct = make.shared(new ZoneKey(zone), () -> new ZoneActions(List.of(Action.ct(zone, ACL_OUT_CT)),
                List.of(Action.ct(zone, ACL_IN_CT)), List.of(Action.ctCommit(zone))));
        // Egress: into conntrack, then established / related / allowed new.
        rules.add(make.make(d, ACL_OUT, Pipeline.PRIO_ACL_TRACK, Match.builder().add(inPort).add(IPV4).build(),
                ct.trackOut(), -1));
        for (Criterion state : ONGOING) {
            rules.add(make.make(d, ACL_OUT_CT, Pipeline.PRIO_ACL_ESTABLISHED, Match.builder().add(inPort).add(IPV4)
                    .add(state).build(), List.of(), ROUTE));
        }
        // Ingress: the same, keyed by the destination port (its VPC and MAC).
        rules.add(make.make(d, ACL_IN, Pipeline.PRIO_ACL_TRACK, Match.builder().add(meta).add(toPort).add(IPV4)
                .build(), ct.trackIn(), -1));
        for (Criterion state : ONGOING) {
            rules.add(make.make(d, ACL_IN_CT, Pipeline.PRIO_ACL_ESTABLISHED, Match.builder().add(meta).add(toPort)
                    .add(IPV4).add(state).build(), List.of(), OUTPUT));
        }
        Set<Match> egress = new LinkedHashSet<>();
        Set<Match> ingress = new LinkedHashSet<>();
        // conjunctions: clause 2 rules (a match may serve several), and the conjunctions themselves
        Map<Match, TreeSet<Long>> egressClause = new LinkedHashMap<>();
        Map<Match, TreeSet<Long>> ingressClause = new LinkedHashMap<>();
        TreeSet<Long> egressIds = new TreeSet<>();
        TreeSet<Long> ingressIds = new TreeSet<>();
        for (UUID g : p.securityGroups()) {
            for (SecurityGroupRule r : acl.rules(g)) {
                if (!SecurityGroupRule.IPV4.equals(r.ethertype())) {
                    continue; // the data plane is IPv4
                }
                boolean out = r.direction() == SecurityGroupRule.Direction.EGRESS;
                List<List<Criterion>> l4s = transport(r);
                if (r.remoteGroupId() != null && r.remoteIpPrefix() == null) {
                    AclConjunctions.Shape shape = new AclConjunctions.Shape(out, r.remoteGroupId(), l4s);
                    OptionalLong id = conj.id(in, shape);
                    if (id.isPresent()) {
                        for (List<Criterion> l4 : l4s) {
                            Match.Builder m = out ? Match.builder().add(inPort) : Match.builder().add(meta).add(toPort);
                            m.add(IPV4).add(NEW);
                            l4.forEach(m::add);
                            (out ? egressClause : ingressClause).computeIfAbsent(m.build(), k -> new TreeSet<>())
                                    .add(id.getAsLong());
                        }
                        if ((out ? egressIds : ingressIds).add(id.getAsLong())) {
                            conj.addMembers(shape, id.getAsLong());
                        }
                        continue;
                    }
                }
                for (Ip4Prefix remote : remotes(r, p.vpcId(), acl)) {
                    Criterion address = remote.length() == 0 ? null : make.shared(new RemoteKey(remote, out),
                            () -> out ? Criterion.ipv4Dst(remote) : Criterion.ipv4Src(remote));
                    for (List<Criterion> l4 : l4s) {
                        Match.Builder m = out ? Match.builder().add(inPort) : Match.builder().add(meta).add(toPort);
                        m.add(IPV4).add(NEW);
                        if (address != null) {
                            m.add(address);
                        }
                        l4.forEach(m::add);
                        (out ? egress : ingress).add(m.build());
                    }
                }
            }
        }
        List<Action> commit = ct.commit();
        for (Match m : egress) {
            rules.add(make.make(d, ACL_OUT_CT, Pipeline.PRIO_ACL_ALLOW, m, commit, ROUTE));
        }
        for (Match m : ingress) {
            rules.add(make.make(d, ACL_IN_CT, Pipeline.PRIO_ACL_ALLOW, m, commit, OUTPUT));
        }
        conjunctions(make, d, true, egressClause, egress, egressIds, commit, rules);
        conjunctions(make, d, false, ingressClause, ingress, ingressIds, commit, rules);
    }

    /**
     * A port's clause 2 rules, but those an allow rule of the port has the very match of (it admits
     * all that the conjunction would, and two rules cannot share a match), and its conjunctions' rules.
     */
    private static void conjunctions(TenantRules make, DeviceId d, boolean egress, Map<Match, TreeSet<Long>> clause,
                                     Set<Match> allowed, TreeSet<Long> ids, List<Action> commit, List<FlowRule> rules) {
        int table = egress ? ACL_OUT_CT : ACL_IN_CT;
        for (Map.Entry<Match, TreeSet<Long>> e : clause.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                rules.add(make.make(d, table, Pipeline.PRIO_ACL_ALLOW, e.getKey(), AclConjunctions.clause(2, e.getValue()),
                        -1));
            }
        }
        for (long id : ids) {
            rules.add(AclConjunctions.conjunctionRule(make, d, egress, id, commit, egress ? ROUTE : OUTPUT));
        }
    }

    /** The distinct remote-group shapes of a port's rules ({@link AclConjunctions}), sorted. */
    static List<AclConjunctions.Shape> shapes(Port p, SecurityGroups acl) {
        TreeSet<AclConjunctions.Shape> out = new TreeSet<>(AclConjunctions.Shape.ORDER);
        for (UUID g : p.securityGroups()) {
            for (SecurityGroupRule r : acl.rules(g)) {
                if (SecurityGroupRule.IPV4.equals(r.ethertype()) && r.remoteGroupId() != null
                        && r.remoteIpPrefix() == null) {
                    List<List<Criterion>> l4s = transport(r);
                    if (!l4s.isEmpty()) {
                        out.add(new AclConjunctions.Shape(r.direction() == SecurityGroupRule.Direction.EGRESS,
                                r.remoteGroupId(), l4s));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** The clause 1 rules of the switch's conjunctions in segment {@code meta}, once its ports are compiled. */
    static void addressClauses(TenantRules make, DeviceId d, Criterion meta, AclConjunctions conj,
                               List<FlowRule> rules) {
        conj.addressClauses(make, d, meta, IPV4, NEW, rules);
    }

    /** Rules of tables 2 and 7 for a local port without port security: everything passes. */
    static void open(TenantRules make, DeviceId d, Criterion inPort, Criterion toPort, Criterion meta,
                     List<FlowRule> rules) {
        rules.add(make.make(d, ACL_OUT, Pipeline.PRIO_ACL_OPEN, Match.builder().add(inPort).build(), List.of(), ROUTE));
        rules.add(make.make(d, ACL_IN, Pipeline.PRIO_ACL_OPEN, Match.builder().add(meta).add(toPort).build(),
                List.of(), OUTPUT));
    }

    /** The remote addresses of a rule: its prefix, its remote group's members in the VPC, or anyone (/0). */
    private static List<Ip4Prefix> remotes(SecurityGroupRule r, UUID vpc, SecurityGroups acl) {
        if (r.remoteIpPrefix() != null) {
            return List.of(r.remoteIpPrefix().toIp4Prefix());
        }
        if (r.remoteGroupId() != null) {
            return acl.members(r.remoteGroupId(), vpc);
        }
        return List.of(Ip4Prefix.of(Ip4Address.ZERO, 0));
    }

    /** The protocol and port criteria a rule expands to (one list per match); empty list: none. */
    static List<List<Criterion>> transport(SecurityGroupRule r) {
        List<List<Criterion>> out = new ArrayList<>();
        String proto = r.protocol();
        if (proto == null) {
            out.add(List.of());
            return out;
        }
        int number;
        switch (proto) {
            case "tcp":
                number = IpProtocol.TCP;
                break;
            case "udp":
                number = IpProtocol.UDP;
                break;
            case "icmp":
                number = IpProtocol.ICMP;
                break;
            case "icmpv6":
                return out; // IPv6 only
            default:
                number = Integer.parseInt(proto);
        }
        Criterion ipProto = Criterion.ipProto(number);
        if (number == IpProtocol.ICMP) {
            List<Criterion> c = new ArrayList<>(List.of(ipProto));
            if (r.portRangeMin() != null) {
                c.add(Criterion.exact(Criterion.Type.ICMPV4_TYPE, r.portRangeMin()));
                if (r.portRangeMax() != null) {
                    c.add(Criterion.exact(Criterion.Type.ICMPV4_CODE, r.portRangeMax()));
                }
            }
            out.add(c);
            return out;
        }
        boolean tcp = number == IpProtocol.TCP;
        boolean udp = number == IpProtocol.UDP;
        Integer min = r.portRangeMin();
        Integer max = r.portRangeMax();
        if (!(tcp || udp) || min == null || (min <= 1 && max == 65535)) {
            out.add(List.of(ipProto));
            return out;
        }
        Criterion.Type field = tcp ? Criterion.Type.TCP_DST : Criterion.Type.UDP_DST;
        for (Criterion ports : Criterion.portRange(field, min, max)) {
            out.add(List.of(ipProto, ports)); // value/mask blocks: at most 30 rules for any range
        }
        return out;
    }
}
