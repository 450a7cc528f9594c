package io.skylane.topology.fwd;

import static io.skylane.topology.testing.TopologyBuilder.cp;
import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Match;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import io.skylane.core.testing.FabricResult;
import io.skylane.topology.Host;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.topology.testing.Topologies;
import io.skylane.topology.testing.TopologyBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The compiler on generated topologies with known answers, and its rules and groups on the
 * multi-table simulator: a frame from every host to every host (see {@link ForwardingSim}).
 */
class ForwardingCompilerTest {

    private static final AppId APP = AppId.of(11, "path-forwarding");
    private static final ForwardingCompiler COMPILER = new ForwardingCompiler(APP, 1000);
    private static final Predicate<DeviceId> ALL_13 = d -> true;

    // ---- helpers ----------------------------------------------------------------------------

    static Host host(int n, ConnectPoint at) {
        return host(n, at, Instant.EPOCH);
    }

    static Host host(int n, ConnectPoint at, Instant seen) {
        return new Host(mac(n), VlanId.NONE, Set.of(Ip4Address.of(0x0a000000 + n)), at, Instant.EPOCH, seen);
    }

    static MacAddress mac(int n) {
        return MacAddress.of(0x0200_0000_0000L + n);
    }

    /** One host on every edge port of the snapshot, numbered from 1 in port order. */
    static List<Host> hostOnEveryEdgePort(TopologySnapshot s) {
        List<Host> hosts = new ArrayList<>();
        s.edgePorts().forEach((d, p) -> hosts.add(host(hosts.size() + 1, ConnectPoint.of(d, p))));
        return hosts;
    }

    static Map<DeviceId, DesiredState> compile(TopologySnapshot s, Collection<Host> hosts) {
        return compile(s, hosts, ALL_13);
    }

    static Map<DeviceId, DesiredState> compile(TopologySnapshot s, Collection<Host> hosts, Predicate<DeviceId> of13) {
        return COMPILER.compile(s, hosts, new PathComputer(s, LinkWeigher.HOP_COUNT), of13);
    }

    /** The snapshot after the cable of {@code link} failed (both ports down, so neither is an edge port). */
    static TopologySnapshot withoutCable(TopologySnapshot s, Link link) {
        Set<ConnectPoint> down = Set.of(link.src(), link.dst());
        Map<DeviceId, Set<PortNumber>> ports = new TreeMap<>();
        s.devices().forEach(d -> ports.put(d, new TreeSet<>(s.edgePorts(d))));
        s.links().forEach(l -> {
            ports.get(l.srcDevice()).add(l.src().port());
            ports.get(l.dstDevice()).add(l.dst().port());
        });
        down.forEach(cp -> ports.get(cp.deviceId()).remove(cp.port()));
        List<Link> links = s.links().stream().filter(l -> !down.contains(l.src()) && !down.contains(l.dst())).toList();
        return new TopologySnapshot(s.version() + 1, s.time(), ports, links);
    }

    static FlowRule rule(DeviceId d, MacAddress dst, Action a) {
        return FlowRule.builder().device(d).table(0).priority(1000)
                .match(Match.builder().add(Criterion.ethDst(dst)).build()).apply(a).app(APP).build();
    }

    static Action ruleAction(Map<DeviceId, DesiredState> st, DeviceId d, MacAddress dst) {
        return st.get(d).rules().stream().filter(r -> r.match().get(Criterion.Type.ETH_DST).orElseThrow()
                .equals(Criterion.ethDst(dst))).findFirst().orElseThrow().applyActions().get(0);
    }

    static GroupDescription group(Map<DeviceId, DesiredState> st, DeviceId d, Action a) {
        int id = ((Action.Group) a).groupId();
        return st.get(d).groups().stream().filter(g -> g.groupId() == id).findFirst().orElseThrow();
    }

    static Set<PortNumber> bucketPorts(GroupDescription g) {
        Set<PortNumber> ports = new TreeSet<>();
        for (GroupBucket b : g.buckets()) {
            assertEquals(1, b.actions().size());
            PortNumber p = ((Action.Output) b.actions().get(0)).port();
            assertEquals(p, b.watchPort(), "a bucket watches the port it outputs to");
            ports.add(p);
        }
        return ports;
    }

    static Set<PortNumber> ports(long... p) {
        Set<PortNumber> s = new TreeSet<>();
        for (long x : p) {
            s.add(PortNumber.of(x));
        }
        return s;
    }

    /** Every host reaches every other host, and only it, with no loop or black hole. */
    static void assertAllPairsReach(ForwardingSim sim, List<Host> hosts) {
        for (Host a : hosts) {
            for (Host b : hosts) {
                if (a != b) {
                    sim.assertReachesOnly(a.location(), b.mac(), b.location());
                }
            }
        }
    }

    // ---- ring -------------------------------------------------------------------------------

    @Test
    void ringOfFiveHasARulePerHostOnEverySwitchAndEveryPairReachesItsPeer() {
        TopologySnapshot ring = Topologies.ring(5);
        List<Host> hosts = hostOnEveryEdgePort(ring);
        Map<DeviceId, DesiredState> st = compile(ring, hosts);

        assertEquals(ring.devices(), st.keySet());
        for (DeviceId d : ring.devices()) {
            assertEquals(5, st.get(d).rules().size(), "one rule per host on " + d);
        }
        Host h1 = hosts.get(0);
        assertTrue(st.get(dev(1)).rules().contains(rule(dev(1), h1.mac(), Action.output(PortNumber.of(3)))),
                "local host: its port");
        assertAllPairsReach(new ForwardingSim(ring, st), hosts);
    }

    @Test
    void ringUsesFastFailoverTwoHopsAwayAndPlainOutputNextToTheDestination() {
        TopologySnapshot ring = Topologies.ring(5);
        List<Host> hosts = hostOnEveryEdgePort(ring);
        Map<DeviceId, DesiredState> st = compile(ring, hosts);
        MacAddress toS1 = hosts.get(0).mac();

        // 2 and 5 are next to 1: one next hop, no loop-free alternate
        assertEquals(Action.output(PortNumber.of(2)), ruleAction(st, dev(2), toS1));
        assertEquals(Action.output(PortNumber.of(1)), ruleAction(st, dev(5), toS1));
        // 3 -> 2 -> 1, alternate via 4; 4 -> 5 -> 1, alternate via 3
        GroupDescription g3 = group(st, dev(3), ruleAction(st, dev(3), toS1));
        assertEquals(GroupDescription.Type.FAST_FAILOVER, g3.type());
        assertEquals(List.of(PortNumber.of(2), PortNumber.of(1)),
                g3.buckets().stream().map(GroupBucket::watchPort).toList(), "primary first, then the alternate");
        bucketPorts(g3);
        assertEquals(APP.id(), g3.appId());
        assertEquals(0x0b000001, g3.groupId(), "group id: app id on top, the destination's dpid below");
        GroupDescription g4 = group(st, dev(4), ruleAction(st, dev(4), toS1));
        assertEquals(GroupDescription.Type.FAST_FAILOVER, g4.type());
        assertEquals(List.of(PortNumber.of(1), PortNumber.of(2)),
                g4.buckets().stream().map(GroupBucket::watchPort).toList());
    }

    @Test
    void fastFailoverCarriesTrafficOverTheAlternateBeforeTheControllerReacts() {
        TopologySnapshot ring = Topologies.ring(5);
        List<Host> hosts = hostOnEveryEdgePort(ring);
        Map<DeviceId, DesiredState> st = compile(ring, hosts);
        Link dead = ring.linkFrom(cp(3, 2)).orElseThrow(); // 3 -> 2, 3's primary towards 1

        ForwardingSim sim = new ForwardingSim(ring, st, Set.of(dead));
        FabricResult r = sim.send(hosts.get(2).location(), hosts.get(0).mac());

        assertTrue(ForwardingSim.reachedOnly(r, hosts.get(0).location()), r::toString);
        assertTrue(sim.linksUsed(r).contains(ring.linkFrom(cp(3, 1)).orElseThrow()), "went the other way round");
    }

    @Test
    void afterACableFailsTheRecomputedRulesAvoidItAndEveryPairStillReaches() {
        TopologySnapshot ring = Topologies.ring(5);
        List<Host> hosts = hostOnEveryEdgePort(ring);
        Link cable = ring.linkFrom(cp(1, 1)).orElseThrow(); // 1 - 2
        TopologySnapshot after = withoutCable(ring, cable);
        Map<DeviceId, DesiredState> st = compile(after, hosts);

        ForwardingSim sim = new ForwardingSim(after, st);
        for (Host a : hosts) {
            for (Host b : hosts) {
                if (a != b) {
                    FabricResult r = sim.send(a.location(), b.mac());
                    assertTrue(ForwardingSim.reachedOnly(r, b.location()), r::toString);
                    Set<Link> used = sim.linksUsed(r);
                    assertFalse(used.contains(cable) || used.contains(cable.reverse()), r::toString);
                }
            }
        }
        // a line now: no alternates, no equal-cost choices, so no groups at all
        st.values().forEach(s -> assertEquals(List.of(), s.groups()));
    }

    @Test
    void evenRingUsesBothWaysToTheOppositeSwitch() {
        TopologySnapshot ring = Topologies.ring(6);
        List<Host> hosts = hostOnEveryEdgePort(ring);
        Map<DeviceId, DesiredState> st = compile(ring, hosts);

        GroupDescription g = group(st, dev(4), ruleAction(st, dev(4), hosts.get(0).mac()));
        assertEquals(GroupDescription.Type.SELECT, g.type());
        assertEquals(ports(1, 2), bucketPorts(g));
        g.buckets().forEach(b -> assertEquals(1, b.weight()));
        assertAllPairsReach(new ForwardingSim(ring, st), hosts);
    }

    // ---- fat-tree ---------------------------------------------------------------------------

    @Test
    void fatTreeSpreadsOverHalfKUplinksAndEveryPairReaches() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        TopologySnapshot s = ft.snapshot();
        List<Host> hosts = hostOnEveryEdgePort(s);
        assertEquals(16, hosts.size());
        Map<DeviceId, DesiredState> st = compile(s, hosts);

        MacAddress toEdge00 = hosts.get(0).mac();
        assertEquals(ft.edge(0, 0), hosts.get(0).location().deviceId());
        GroupDescription up = group(st, ft.edge(1, 0), ruleAction(st, ft.edge(1, 0), toEdge00));
        assertEquals(GroupDescription.Type.SELECT, up.type());
        assertEquals(ft.half(), up.buckets().size(), "edge -> aggregation: k/2 buckets");
        assertEquals(ports(3, 4), bucketPorts(up));
        GroupDescription aggUp = group(st, ft.agg(1, 0), ruleAction(st, ft.agg(1, 0), toEdge00));
        assertEquals(ft.half(), aggUp.buckets().size(), "aggregation of another pod -> cores: k/2 buckets");
        assertEquals(Action.output(PortNumber.of(1)), ruleAction(st, ft.core(0), toEdge00), "core: straight down");
        assertEquals(Action.output(PortNumber.of(1)), ruleAction(st, ft.agg(0, 1), toEdge00), "own pod: down");
        // one group per destination switch, shared by its hosts: 7 other edge switches
        assertEquals(7, st.get(ft.edge(1, 0)).groups().size());
        assertEquals(16, st.get(ft.edge(1, 0)).rules().size());

        assertAllPairsReach(new ForwardingSim(s, st), hosts);
    }

    @Test
    void fatTreeUplinkFailureIsAbsorbedByTheSelectGroups() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        TopologySnapshot s = ft.snapshot();
        List<Host> hosts = hostOnEveryEdgePort(s);
        Map<DeviceId, DesiredState> st = compile(s, hosts);
        Link uplink = s.linkFrom(ConnectPoint.of(ft.edge(0, 0), PortNumber.of(3))).orElseThrow();
        ForwardingSim before = new ForwardingSim(s, st, Set.of(uplink));

        for (Host a : hosts.subList(0, 2)) { // the hosts of edge(0, 0)
            for (Host b : hosts) {
                if (!b.location().deviceId().equals(ft.edge(0, 0))) {
                    before.assertReachesOnly(a.location(), b.mac(), b.location());
                }
            }
        }
        TopologySnapshot after = withoutCable(s, uplink);
        assertAllPairsReach(new ForwardingSim(after, compile(after, hosts)), hosts);
    }

    // ---- line, parts, OpenFlow 1.0 ----------------------------------------------------------

    @Test
    void lineHasNoGroupsAndEveryPairReaches() {
        TopologySnapshot line = Topologies.linear(4);
        List<Host> hosts = hostOnEveryEdgePort(line);
        Map<DeviceId, DesiredState> st = compile(line, hosts);

        st.values().forEach(x -> assertEquals(List.of(), x.groups()));
        assertEquals(Action.output(PortNumber.of(1)), ruleAction(st, dev(1), hosts.get(3).mac()));
        assertEquals(Action.output(PortNumber.of(2)), ruleAction(st, dev(4), hosts.get(0).mac()));
        assertAllPairsReach(new ForwardingSim(line, st), hosts);
    }

    @Test
    void switchesOfAnotherConnectedPartGetNoRulesForAHost() {
        TopologyBuilder b = new TopologyBuilder();
        b.cable(1, 1, 2, 1);
        b.cable(3, 1, 4, 1);
        b.hostPort(1, 2).hostPort(2, 2).hostPort(3, 2).hostPort(4, 2);
        TopologySnapshot s = b.build();
        Host h1 = host(1, cp(1, 2));
        Host h2 = host(2, cp(2, 2));
        Host h3 = host(3, cp(3, 2));
        Host h4 = host(4, cp(4, 2));
        Map<DeviceId, DesiredState> st = compile(s, List.of(h1, h2, h3, h4));

        for (long d = 1; d <= 4; d++) {
            assertEquals(2, st.get(dev(d)).rules().size(), "rules for the two hosts of its part only");
        }
        ForwardingSim sim = new ForwardingSim(s, st);
        assertAllPairsReach(sim, List.of(h1, h2));
        assertAllPairsReach(sim, List.of(h3, h4));
        FabricResult across = sim.send(h1.location(), h3.mac());
        assertTrue(across.deliveredTo().isEmpty() && !across.drops().isEmpty(), () -> "no way across parts: " + across);
    }

    @Test
    void openFlow10SwitchesGetPlainOutputToTheFirstNextHop() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        TopologySnapshot s = ft.snapshot();
        List<Host> hosts = hostOnEveryEdgePort(s);
        DeviceId old = ft.edge(1, 0);
        Map<DeviceId, DesiredState> st = compile(s, hosts, d -> !d.equals(old));

        assertEquals(List.of(), st.get(old).groups());
        assertEquals(Action.output(PortNumber.of(3)), ruleAction(st, old, hosts.get(0).mac()), "lowest next hop");
        assertFalse(st.get(ft.edge(1, 1)).groups().isEmpty(), "1.3 neighbours keep their groups");
        assertAllPairsReach(new ForwardingSim(s, st), hosts);

        Map<DeviceId, DesiredState> all10 = compile(s, hosts, d -> false);
        all10.values().forEach(x -> assertEquals(List.of(), x.groups()));
        assertAllPairsReach(new ForwardingSim(s, all10), hosts);
    }

    // ---- hosts ------------------------------------------------------------------------------

    @Test
    void hostsAwayFromEdgePortsAreLeftOutAndTheLastSeenOfOneMacWins() {
        TopologySnapshot line = Topologies.linear(3);
        Host onLink = host(1, cp(2, 1)); // 2/1 carries a link
        Host unknownSwitch = host(2, cp(9, 3));
        Host older = host(3, cp(1, 3), Instant.EPOCH);
        Host newer = host(3, cp(3, 3), Instant.EPOCH.plusSeconds(5));
        Map<DeviceId, DesiredState> st = compile(line, List.of(onLink, unknownSwitch, newer, older));

        for (DeviceId d : line.devices()) {
            assertEquals(1, st.get(d).rules().size(), "only the host of mac 3, once");
        }
        assertEquals(Action.output(PortNumber.of(3)), ruleAction(st, dev(3), mac(3)));
        assertEquals(Action.output(PortNumber.of(1)), ruleAction(st, dev(1), mac(3)));
    }

    @Test
    void noHostsMeansAnEmptyStateForEverySwitch() {
        TopologySnapshot ring = Topologies.ring(3);
        Map<DeviceId, DesiredState> st = compile(ring, List.of());
        assertEquals(ring.devices(), st.keySet());
        st.values().forEach(x -> assertTrue(x.isEmpty()));
    }

    @Test
    void theSameInputsGiveEqualStates() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        List<Host> hosts = hostOnEveryEdgePort(ft.snapshot());
        List<Host> reversed = new ArrayList<>(hosts);
        java.util.Collections.reverse(reversed);
        assertEquals(compile(ft.snapshot(), hosts), compile(ft.snapshot(), reversed));
    }

    /** What {@link #assertAllPairsReach} relies on: the simulator shows where rules go wrong. */
    @Test
    void theSimulatorSeesLoopsDeadEndsAndBlackHoles() {
        TopologySnapshot line = Topologies.linear(3);
        MacAddress m = mac(7);
        Map<DeviceId, DesiredState> deadEnd = Map.of(
                dev(1), new DesiredState(List.of(rule(dev(1), m, Action.output(PortNumber.of(1)))), List.of()));
        FabricResult r = new ForwardingSim(line, deadEnd).send(cp(1, 3), m);
        assertFalse(ForwardingSim.reachedOnly(r, cp(3, 3)));
        assertTrue(r.drops().get(0).reason().startsWith("table miss"), r::toString);

        TopologySnapshot ring = Topologies.ring(3);
        Map<DeviceId, DesiredState> roundAndRound = new TreeMap<>();
        for (long d = 1; d <= 3; d++) {
            roundAndRound.put(dev(d), new DesiredState(List.of(rule(dev(d), m, Action.output(PortNumber.of(1)))),
                    List.of()));
        }
        r = new ForwardingSim(ring, roundAndRound).send(cp(1, 3), m);
        assertFalse(ForwardingSim.reachedOnly(r, cp(3, 3)));
        assertTrue(r.hasLoop(), r::toString);

        Map<DeviceId, DesiredState> pingPong = Map.of(
                dev(1), new DesiredState(List.of(rule(dev(1), m, Action.output(PortNumber.of(1)))), List.of()),
                dev(2), new DesiredState(List.of(rule(dev(2), m, Action.output(PortNumber.of(2)))), List.of()));
        r = new ForwardingSim(line, pingPong).send(cp(1, 3), m);
        assertFalse(ForwardingSim.reachedOnly(r, cp(3, 3)));
        assertTrue(r.drops().get(0).reason().startsWith("output to the ingress port"), r::toString);

        Link l12 = line.linkFrom(cp(1, 1)).orElseThrow();
        r = new ForwardingSim(line, pingPong, Set.of(l12)).send(cp(1, 3), m);
        assertFalse(ForwardingSim.reachedOnly(r, cp(3, 3)));
        assertTrue(r.drops().get(0).reason().contains("which is down"), r::toString);
    }

    // ---- group ids --------------------------------------------------------------------------

    @Test
    void groupIdsStayInTheAppRangeAndDoNotCollide() {
        DeviceId a = DeviceId.of(0x0000_0000_0100_0005L);
        DeviceId b = DeviceId.of(0x0000_0000_0200_0005L);
        DeviceId c = DeviceId.of(6);
        Map<DeviceId, Integer> ids = ForwardingGroupIds.assign(new TreeSet<>(Set.of(a, b, c)), 0x0b000000);
        assertEquals(0x0b000005, ids.get(a));
        assertEquals(0x0b000006, ids.get(c), "its own low bits come first in dpid order");
        assertEquals(0x0b000007, ids.get(b), "a collision takes the next free value");
        assertEquals(3, Set.copyOf(ids.values()).size());
        ids.values().forEach(id -> assertTrue(ForwardingGroupIds.inRange(APP.id(), id)));
        assertNotEquals(ForwardingGroupIds.base(APP.id()), ForwardingGroupIds.base(12));
        assertThrows(IllegalArgumentException.class, () -> ForwardingGroupIds.base(0x100));
    }
}
