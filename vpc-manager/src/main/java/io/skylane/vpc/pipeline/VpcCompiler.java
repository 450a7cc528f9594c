package io.skylane.vpc.pipeline;

import static com.google.common.base.Preconditions.checkNotNull;
import static io.skylane.vpc.pipeline.Pipeline.ACL_IN;
import static io.skylane.vpc.pipeline.Pipeline.ACL_OUT;
import static io.skylane.vpc.pipeline.Pipeline.CLASSIFY;
import static io.skylane.vpc.pipeline.Pipeline.DELIVER;
import static io.skylane.vpc.pipeline.Pipeline.FABRIC;
import static io.skylane.vpc.pipeline.Pipeline.OUTPUT;
import static io.skylane.vpc.pipeline.Pipeline.PORT_SEC;
import static io.skylane.vpc.pipeline.Pipeline.ROUTE;
import static io.skylane.vpc.pipeline.TenantRules.rule;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.PlacedIndex.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;


/**
 * Compiles the tenant intent (VPCs and their placed ports) and the topology into every switch's
 * tenant rules, as {@link Pipeline} lays them out. A pure function: the same inputs give the same
 * rules, so restart, reconnect and recompute are safe. IPv4 only (the data plane is IPv4-first).
 */
public final class VpcCompiler {

    private final TopologySnapshot snapshot;
    private final Transport transport;
    private final CompilePool pool;
    private SecurityGroups acl;
    private Function<UUID, List<Ip4Address>> gateways = v -> List.of();
    private Joins joins = Joins.NONE;
    /** The rules of the running compile, sharing what is the same between switches and ports. */
    private TenantRules make = new TenantRules();

    private static final Criterion IPV4 = Criterion.ethType(EthType.IPV4);
    private static final Criterion ARP = Criterion.ethType(EthType.ARP);
    private static final Criterion UDP = Criterion.ipProto(IpProtocol.UDP);
    private static final Criterion ICMP = Criterion.ipProto(IpProtocol.ICMP);
    private static final Criterion DHCP_SERVER = Criterion.exact(Criterion.Type.UDP_DST, 67);
    private static final Criterion DHCP_CLIENT = Criterion.exact(Criterion.Type.UDP_SRC, 68);
    private static final Criterion ECHO_REQUEST = Criterion.exact(Criterion.Type.ICMPV4_TYPE, 8);
    private static final Criterion FROM_NOWHERE = Criterion.ipv4Src(Ip4Prefix.of(Ip4Address.ZERO, 32));
    private static final List<Action> TO_CONTROLLER = List.of(Action.toController());
    private static final Action DEC_TTL = new Action.DecNwTtl();

    /** What a segment's rules share on every switch that hosts it (keys of {@link TenantRules#shared}). */
    private record SegmentKey(int segment) {
    }

    private record HostKey(int segment, Ip4Address ip) {
    }

    private record PingKey(int segment, Ip4Address gateway) {
    }

    /** A segment's match criteria and its punt rules' matches, the same on each of its switches. */
    private record SegmentParts(Criterion meta, MacAddress router, Criterion toRouter, Match arp, Match dhcp) {
    }

    /** The output to a switch port (the same port numbers repeat on every switch). */
    private record OutputKey(PortNumber port) {
    }

    /** The way from any switch towards a port of {@code segment} on {@code to} (the same everywhere). */
    private record WayKey(DeviceId to, int segment) {
    }

    /** Table 4's actions towards a switch: switched, and routed (TTL, the router's MAC first). */
    private record Ways(List<Action> switched, List<Action> routed, int next) {
    }

    /** A member address's criterion and its routing matches (table 4 and the delivery's, table 6). */
    private record HostParts(Criterion dst, Match routed, Match switched) {
    }

    /** Fabric mode ({@link FabricTransport}) over the snapshot's links. */
    public VpcCompiler(TopologySnapshot snapshot, PathComputer paths) {
        this(snapshot, new FabricTransport(snapshot, paths));
    }

    /** Rules for the switches of {@code snapshot}, crossing between them by {@code transport}. */
    public VpcCompiler(TopologySnapshot snapshot, Transport transport) {
        this(snapshot, transport, CompilePool.SERIAL);
    }

    /**
     * As above, compiling the switches in parallel on {@code pool}'s threads: the same rules, with
     * the same parts shared, as on one thread.
     */
    public VpcCompiler(TopologySnapshot snapshot, Transport transport, CompilePool pool) {
        this.snapshot = snapshot;
        this.transport = transport;
        this.pool = checkNotNull(pool, "pool");
    }

    /**
     * Rules for every switch of the snapshot (an empty list where a switch needs none).
     *
     * @param vpcs   the VPCs, by id
     * @param placed the ports that have a location (ports elsewhere or nowhere are left out)
     */
    public Map<DeviceId, List<FlowRule>> compile(Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed) {
        return compile(vpcs, placed, null);
    }

    /**
     * As above, with security groups enforced (stateful, Open vSwitch connection tracking) when
     * {@code acl} is given; without it tables 2 and 7 let everything through.
     */
    public Map<DeviceId, List<FlowRule>> compile(Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed, SecurityGroups acl) {
        return compile(vpcs, placed, acl, Map.of());
    }

    /**
     * As above; pings (ICMP echo requests) to the {@code gateways} of each VPC (by VPC id: the
     * addresses the controller answers for, its subnets' gateways and its load balancers' VIPs) go to
     * the controller, which answers them.
     */
    public Map<DeviceId, List<FlowRule>> compile(Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed, SecurityGroups acl,
                                                 Map<UUID, List<Ip4Address>> gateways) {
        return compile(vpcs, placed, acl, gateways, snapshot.devices());
    }

    /**
     * As above, with routers: each VPC's hosts also reach, through its router MAC, the ports of other
     * VPCs that {@code joins} opens to them ({@link JoinedRoutes}).
     */
    public Map<DeviceId, List<FlowRule>> compile(Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed, SecurityGroups acl,
                                                 Map<UUID, List<Ip4Address>> gateways, Joins joins) {
        Map<DeviceId, List<FlowRule>> out = new TreeMap<>();
        compileParts(PlacedIndex.of(vpcs, placed), acl, v -> gateways.getOrDefault(v, List.of()), joins,
                snapshot.devices(), null, d -> null).forEach((d, parts) -> out.put(d, parts.all()));
        return out;
    }

    /**
     * As above, for the switches of {@code only} (those of the snapshot): the rules each gets are
     * the same as in a full compile, since a switch's rules depend only on the inputs, not on which
     * other switches are compiled. The tenant data plane recompiles only the switches a change
     * touches this way.
     */
    public Map<DeviceId, List<FlowRule>> compile(Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed, SecurityGroups acl,
                                                 Map<UUID, List<Ip4Address>> gateways, Set<DeviceId> only) {
        Map<DeviceId, List<FlowRule>> out = new TreeMap<>();
        compileParts(vpcs, placed, acl, gateways, only, null).forEach((d, parts) -> out.put(d, parts.all()));
        return out;
    }

    /**
     * The rules of the switches of {@code only} in parts ({@link SwitchRules}): the base of each, and
     * the rules of each segment it hosts that {@code segments} names (every hosted one when null).
     * A segment's part on a switch depends only on that VPC (its ports wherever they are, its
     * gateways, its local ports' security groups) and on the transport, so the tenant data plane
     * keeps the parts of untouched VPCs from one recompute to the next. No tenant port anywhere: no
     * rules at all (empty parts).
     */
    public Map<DeviceId, SwitchRules> compileParts(Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed,
                                                   SecurityGroups acl, Map<UUID, List<Ip4Address>> gateways,
                                                   Set<DeviceId> only, Set<Integer> segments) {
        return compileParts(PlacedIndex.of(vpcs, placed), acl, v -> gateways.getOrDefault(v, List.of()), only,
                segments, d -> null);
    }

    /**
     * As above, from an index of the placed ports (ports on switches outside the snapshot are left
     * out) and the addresses the controller answers pings for in each VPC, by VPC id; what the
     * compile reads of them is the touched switches' and segments' share only. A switch whose
     * {@code kept} rules (null: none) were compiled by this compiler's transport for the same peers
     * keeps their base (the same list: the hand-over skips comparing it). With a pool, the
     * index, {@code acl}, {@code gateways} and {@code kept} are read from its threads: nothing may
     * change them until the compile returns.
     */
    public Map<DeviceId, SwitchRules> compileParts(PlacedIndex index, SecurityGroups acl,
                                                   Function<UUID, List<Ip4Address>> gateways, Set<DeviceId> only,
                                                   Set<Integer> segments, Function<DeviceId, SwitchRules> kept) {
        return compileParts(index, acl, gateways, Joins.NONE, only, segments, kept);
    }

    /**
     * As above, with routers ({@code joins}): a VPC's part on a switch then also depends on the ports
     * of the VPCs joined to it (their addresses in the joined subnets, their switches), and a
     * switch's peers include the switches of the VPCs joined to those it hosts.
     */
    public Map<DeviceId, SwitchRules> compileParts(PlacedIndex index, SecurityGroups acl,
                                                   Function<UUID, List<Ip4Address>> gateways, Joins joins,
                                                   Set<DeviceId> only, Set<Integer> segments,
                                                   Function<DeviceId, SwitchRules> kept) {
        this.acl = acl;
        this.gateways = gateways;
        this.joins = joins;
        this.make = new TenantRules();
        Map<DeviceId, SwitchRules> out = new TreeMap<>();
        Set<DeviceId> targets = new TreeSet<>(only);
        targets.retainAll(snapshot.devices());
        if (!anyTenantPort(index)) {
            targets.forEach(d -> out.put(d, new SwitchRules(List.of(), Set.of(), Set.of(), Map.of())));
            return out;
        }
        List<DeviceId> order = List.copyOf(targets);
        List<SwitchRules> compiled = pool.map(order, d -> switchRules(d, index, segments, kept.apply(d)));
        for (int i = 0; i < order.size(); i++) {
            out.put(order.get(i), compiled.get(i));
        }
        return out;
    }

    /**
     * Switch {@code d}'s base and the parts of {@code segments} it hosts (null: all it hosts),
     * reusing what {@code before} (null: nothing) holds of the same inputs. Reads the compile's
     * inputs only, so that switches compile in parallel.
     */
    private SwitchRules switchRules(DeviceId d, PlacedIndex index, Set<Integer> segments, SwitchRules before) {
        Set<Integer> here = index.hosted(d);
        Set<DeviceId> peers = new TreeSet<>();
        for (DeviceId h : index.peers(d)) {
            if (snapshot.devices().contains(h)) {
                peers.add(h);
            }
        }
        if (!joins.isEmpty()) {
            joinedPeers(index, d, here, peers);
        }
        List<FlowRule> base;
        if (before != null && before.peers().equals(peers) && !before.base().isEmpty()) {
            base = before.base();
        } else {
            base = new ArrayList<>();
            transport.between(d, peers, base);
            base.add(rule(d, ACL_OUT, Pipeline.PRIO_ACL_PASS, Match.ALL, List.of(), ROUTE));
            base.add(rule(d, ACL_IN, Pipeline.PRIO_ACL_PASS, Match.ALL, List.of(), OUTPUT));
        }
        Map<Integer, SegmentRules> parts = new TreeMap<>();
        for (int seg : segments == null ? here : segments) {
            if (here.contains(seg)) {
                List<Member> members = new ArrayList<>();
                for (Member m : index.members(seg)) {
                    if (snapshot.devices().contains(m.location().deviceId())) {
                        members.add(m);
                    }
                }
                parts.put(seg, segment(d, seg, members, index, before == null ? null : before.bySegment().get(seg)));
            }
        }
        return new SwitchRules(base, peers, here, parts);
    }

    /** Adds to {@code peers} the other switches hosting a port of a VPC joined to one hosted on {@code d}. */
    private void joinedPeers(PlacedIndex index, DeviceId d, Set<Integer> here, Set<DeviceId> peers) {
        for (int seg : here) {
            for (Join j : joins.from(index.members(seg).iterator().next().vpc())) {
                for (DeviceId h : index.hosts(j.segment())) {
                    if (!h.equals(d) && snapshot.devices().contains(h)) {
                        peers.add(h);
                    }
                }
            }
        }
    }

    /**
     * Whether any placed port counts (its VPC exists, its switch is in the snapshot): without one,
     * no switch gets any tenant rule; with one, every switch gets the transport's and the pass rules.
     */
    public boolean anyTenantPort(Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed) {
        for (PlacedPort p : placed) {
            if (vpcs.containsKey(p.port().vpcId()) && snapshot.devices().contains(p.location().deviceId())) {
                return true;
            }
        }
        return false;
    }

    /** As above, for the ports of an index. */
    public boolean anyTenantPort(PlacedIndex index) {
        for (DeviceId d : index.switches()) {
            if (snapshot.devices().contains(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Everything one VPC needs on switch {@code d}; the part of each local port whose inputs are
     * those of its part in {@code kept} (the VPC's rules there as last compiled; null: none) is that
     * part, not compiled again.
     */
    private SegmentRules segment(DeviceId d, int segment, List<Member> members, PlacedIndex index,
                                 SegmentRules kept) {
        List<Member> local = new ArrayList<>();
        for (Member m : members) {
            if (m.location().deviceId().equals(d)) {
                local.add(m);
            }
        }
        if (local.isEmpty()) {
            return SegmentRules.NONE; // not hosted here
        }
        List<FlowRule> rules = new ArrayList<>();
        SegmentParts seg = make.shared(new SegmentKey(segment), () -> segmentParts(segment));
        Criterion meta = seg.meta();
        transport.arrival(d, segment, make, rules); // frames of this VPC arriving from other switches
        // ARP and DHCP are answered by the controller.
        rules.add(make.make(d, ROUTE, Pipeline.PRIO_ROUTE_PUNT, seg.arp(), TO_CONTROLLER, -1));
        rules.add(make.make(d, ROUTE, Pipeline.PRIO_ROUTE_PUNT, seg.dhcp(), TO_CONTROLLER, -1));
        for (Ip4Address gw : gateways.apply(members.get(0).vpc())) {
            Match ping = make.shared(new PingKey(segment, gw), () -> Match.builder().add(meta).add(IPV4)
                    .add(Criterion.ipv4Dst(Ip4Prefix.of(gw, 32))).add(ICMP).add(ECHO_REQUEST).build());
            rules.add(make.make(d, ROUTE, Pipeline.PRIO_ROUTE_PUNT, ping, TO_CONTROLLER, -1));
        }
        AclConjunctions conj = conjunctions(local);
        Map<UUID, SegmentRules.PortPart> ports = new LinkedHashMap<>();
        for (Member m : local) {
            PortInputs inputs = PortInputs.of(m, acl, conj);
            SegmentRules.PortPart was = kept == null ? null : kept.ports().get(m.port().id());
            if (was != null && was.inputs().equals(inputs)) {
                conj.reuse(m.location().port()); // its conjunctions still in the address clauses
                ports.put(m.port().id(), was);
            } else {
                List<FlowRule> own = new ArrayList<>();
                port(d, m, seg, conj, own);
                ports.put(m.port().id(), new SegmentRules.PortPart(inputs, own));
            }
        }
        AclCompiler.addressClauses(make, d, meta, conj, rules);
        for (Member m : members) {
            DeviceId at = m.location().deviceId();
            boolean here = at.equals(d);
            if (!here && !transport.reaches(d, at)) {
                continue; // a hypervisor without a tunnel: the addresses are unreachable from here
            }
            Ways ways = make.shared(new WayKey(here ? null : at, segment), () -> ways(d, at, segment, seg, here));
            for (Ip4Address ip : m.ips()) {
                HostParts host = hostParts(seg, segment, ip);
                rules.add(make.make(d, ROUTE, Pipeline.PRIO_ROUTE_ROUTED, host.routed(), ways.routed(), ways.next()));
                rules.add(make.make(d, ROUTE, Pipeline.PRIO_ROUTE_SWITCHED, host.switched(), ways.switched(),
                        ways.next()));
            }
        }
        if (!joins.isEmpty()) {
            JoinedRoutes.add(make, transport, snapshot.devices(), index, d, segment, meta, seg.toRouter(),
                    joins.from(members.get(0).vpc()), rules);
        }
        return new SegmentRules(rules, ports);
    }

    /**
     * The ways towards {@code at} from {@code d} (the transport's actions depend on {@code at} and
     * the segment only, so every switch of the compile shares them).
     */
    private Ways ways(DeviceId d, DeviceId at, int segment, SegmentParts seg, boolean here) {
        List<Action> towards = here ? List.of() : transport.towards(d, at, segment).orElseThrow();
        List<Action> routed = new ArrayList<>(towards.size() + 2);
        routed.add(DEC_TTL);
        routed.add(Action.setEthSrc(seg.router()));
        routed.addAll(towards);
        return new Ways(towards, List.copyOf(routed), here ? DELIVER : FABRIC);
    }

    private static SegmentParts segmentParts(int segment) {
        Criterion meta = Criterion.metadata(segment, Pipeline.SEGMENT_MASK);
        MacAddress router = Pipeline.routerMac(segment);
        return new SegmentParts(meta, router, Criterion.ethDst(router), Match.builder().add(meta).add(ARP).build(),
                Match.builder().add(meta).add(IPV4).add(UDP).add(DHCP_SERVER).build());
    }

    private HostParts hostParts(SegmentParts seg, int segment, Ip4Address ip) {
        return make.shared(new HostKey(segment, ip), () -> {
            Criterion dst = Criterion.ipv4Dst(Ip4Prefix.of(ip, 32));
            return new HostParts(dst, Match.builder().add(seg.meta()).add(seg.toRouter()).add(IPV4).add(dst).build(),
                    Match.builder().add(seg.meta()).add(IPV4).add(dst).build());
        });
    }

    /** Which security group rules of the local ports (of one VPC) are conjunctive matches here. */
    private AclConjunctions conjunctions(List<Member> local) {
        if (acl == null) {
            return AclConjunctions.none();
        }
        List<AclConjunctions.LocalPort> ports = new ArrayList<>();
        for (Member m : local) {
            if (m.port().portSecurityEnabled()) {
                ports.add(new AclConjunctions.LocalPort(m.location().port(), AclCompiler.shapes(m.port(), acl)));
            }
        }
        return AclConjunctions.plan(local.get(0).vpc(), acl, ports);
    }

    /** A local port's classification, port security, delivery and output. */
    private void port(DeviceId d, Member m, SegmentParts seg, AclConjunctions conj, List<FlowRule> rules) {
        Port p = m.port();
        PortNumber in = m.location().port();
        Criterion inPort = Criterion.inPort(in);
        Criterion meta = seg.meta();
        rules.add(make.make(d, CLASSIFY, Pipeline.PRIO_CLASSIFY_PORT, Match.builder().add(inPort).build(),
                List.of(), PORT_SEC, m.segment()));
        if (!p.portSecurityEnabled()) {
            rules.add(make.make(d, PORT_SEC, Pipeline.PRIO_PORT_SEC_OPEN, Match.builder().add(inPort).build(),
                    List.of(), ACL_OUT));
        } else {
            Map<MacAddress, List<Ip4Prefix>> sources = new HashMap<>();
            List<Ip4Prefix> own = new ArrayList<>();
            m.ips().forEach(ip -> own.add(Ip4Prefix.of(ip, 32)));
            sources.put(p.macAddress(), own);
            for (Port.AddressPair pair : p.allowedAddressPairs()) {
                IpPrefix pre = pair.ipAddress();
                if (pre.version() == 4) {
                    sources.computeIfAbsent(pair.macAddress(), k -> new ArrayList<>())
                            .add(pre.toIp4Prefix());
                }
            }
            Criterion ownSrc = Criterion.ethSrc(p.macAddress());
            for (Map.Entry<MacAddress, List<Ip4Prefix>> e : new TreeMap<>(sources).entrySet()) {
                Criterion ethSrc = e.getKey().equals(p.macAddress()) ? ownSrc : Criterion.ethSrc(e.getKey());
                for (Ip4Prefix src : e.getValue()) {
                    rules.add(make.make(d, PORT_SEC, Pipeline.PRIO_PORT_SEC_ALLOW, Match.builder().add(inPort)
                            .add(ethSrc).add(IPV4).add(Criterion.ipv4Src(src)).build(), List.of(), ACL_OUT));
                    rules.add(make.make(d, PORT_SEC, Pipeline.PRIO_PORT_SEC_ALLOW, Match.builder().add(inPort)
                            .add(ethSrc).add(ARP).add(Criterion.arpSpa(src)).add(Criterion.arpSha(e.getKey())).build(),
                            List.of(), ACL_OUT));
                }
            }
            // DHCP before the port has its address: from 0.0.0.0, its own MAC, to the server port.
            rules.add(make.make(d, PORT_SEC, Pipeline.PRIO_PORT_SEC_DHCP, Match.builder().add(inPort)
                    .add(ownSrc).add(IPV4).add(FROM_NOWHERE).add(UDP)
                    .add(DHCP_CLIENT).add(DHCP_SERVER).build(), List.of(), ACL_OUT));
        }
        Criterion toPort = Criterion.ethDst(p.macAddress());
        if (acl != null) {
            if (p.portSecurityEnabled()) {
                AclCompiler.port(make, d, p, in, inPort, toPort, meta, acl, conj, rules);
            } else {
                AclCompiler.open(make, d, inPort, toPort, meta, rules);
            }
        }
        for (Ip4Address ip : m.ips()) {
            rules.add(make.make(d, DELIVER, Pipeline.PRIO_LOCAL, hostParts(seg, m.segment(), ip).switched(),
                    List.of(Action.setEthDst(p.macAddress())), ACL_IN));
        }
        rules.add(make.make(d, OUTPUT, Pipeline.PRIO_LOCAL, Match.builder().add(meta).add(toPort).build(),
                make.shared(new OutputKey(in), () -> List.of(Action.output(in))), -1));
    }
}
