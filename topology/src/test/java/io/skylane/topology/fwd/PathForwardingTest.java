package io.skylane.topology.fwd;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.MoreExecutors;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.Arp;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.PortClaims;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.host.HostTracker;
import io.skylane.topology.impl.TopologyManager;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Path forwarding over the real core, discovery, topology manager and host tracker, on emulated
 * fabrics; recomputes run at once on the thread of the event that asks for them.
 */
class PathForwardingTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    private static final MacAddress C = MacAddress.parse("02:00:00:00:00:0c");
    private static final MacAddress UNKNOWN = MacAddress.parse("02:00:00:00:00:ff");
    private static final Ip4Address IP_A = Ip4Address.parse("10.0.0.1");
    private static final Ip4Address IP_B = Ip4Address.parse("10.0.0.2");
    private static final Ip4Address IP_C = Ip4Address.parse("10.0.0.3");
    private static final Ip4Address IP_NOBODY = Ip4Address.parse("10.0.0.99");
    /** An ethertype host tracking ignores: the frame teaches nothing and is only forwarded. */
    private static final int EXPERIMENTAL = 0x88b5;

    private final TestCore core = new TestCore();
    private final ManualScheduler timers = new ManualScheduler();
    private final PortClaims claims = new PortClaims();
    private FakeFabric net;
    private LinkDiscovery discovery;
    private TopologyManager topology;
    private HostTracker hosts;
    private PathForwarding app;
    private final Map<DeviceId, Integer> marks = new HashMap<>();

    /** Switches 1..n in a ring (port 1 to the previous, 2 to the next), ports 3 and 4 for hosts. */
    private static FakeFabric ring(TestCore core, int n) {
        FakeFabric f = new FakeFabric(core);
        for (int i = 1; i <= n; i++) {
            f.addSwitch(i, 4);
        }
        for (int i = 1; i <= n; i++) {
            f.wire(i, 2, i % n + 1, 1);
        }
        return f;
    }

    /** Starts everything, then connects the switches {@code connect} (all if none given) and finds the links. */
    private void start(FakeFabric fabric, PathForwarding.Config config, long... connect) {
        net = fabric;
        discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(), timers,
                LinkDiscovery.Config.defaults());
        topology = new TopologyManager(core.devices(), discovery, core.events(), core.clock(),
                MoreExecutors.directExecutor());
        hosts = new HostTracker(core.packets(), topology, core.events(), core.clock(), timers,
                HostTracker.Config.defaults());
        app = new PathForwarding(core.packets(), core.flows(), core.devices(), topology, hosts, claims, core.clock(),
                MoreExecutors.directExecutor(), config);
        topology.start();
        discovery.start();
        hosts.start();
        app.start();
        List<Long> first = new ArrayList<>();
        net.switches().forEach(d -> first.add(d.dpid()));
        if (connect.length > 0) {
            first.clear();
            for (long c : connect) {
                first.add(c);
            }
        }
        for (long dpid : first) {
            net.connect(dpid);
            net.deliver();
        }
        mark();
    }

    private void start(FakeFabric fabric) {
        start(fabric, PathForwarding.Config.defaults());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
            hosts.stop();
            discovery.stop();
            topology.stop();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void send(long dpid, long port, byte[] frame) {
        core.packetIn(net.handle(dpid), TestPackets.packetIn(DeviceId.of(dpid), port, frame));
    }

    /** The host says who it is (and asks for an address nobody has). */
    private void announce(long dpid, long port, MacAddress mac, Ip4Address ip) {
        send(dpid, port, TestPackets.arpRequest(mac, ip, IP_NOBODY));
    }

    /** From now on, {@link #newOuts} counts packet-outs from here. */
    private void mark() {
        marks.clear();
        for (DeviceId d : connected()) {
            marks.put(d, net.handle(d.dpid()).packetOuts().size());
        }
    }

    private Set<DeviceId> connected() {
        return core.devices().devices().stream().filter(Device::connected).map(Device::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The packet-outs sent to a switch since the last {@link #mark}. */
    private List<OutboundPacket> newOuts(long dpid) {
        List<OutboundPacket> all = net.handle(dpid).packetOuts();
        return all.subList(marks.getOrDefault(DeviceId.of(dpid), 0), all.size());
    }

    /** Every port the packet-outs since the last mark were sent out of, over all switches. */
    private Set<ConnectPoint> floodedTo() {
        Set<ConnectPoint> out = new TreeSet<>();
        for (DeviceId d : connected()) {
            for (OutboundPacket p : newOuts(d.dpid())) {
                for (Action a : p.actions()) {
                    out.add(ConnectPoint.of(d, ((Action.Output) a).port()));
                }
            }
        }
        return out;
    }

    private Map<DeviceId, DesiredState> desired() {
        Map<DeviceId, DesiredState> m = new TreeMap<>();
        net.switches().forEach(d -> m.put(d, app.desired(d)));
        return m;
    }

    private static Action actionFor(DesiredState s, MacAddress dst) {
        return s.rules().stream().filter(r -> r.match().get(Criterion.Type.ETH_DST).orElseThrow()
                .equals(Criterion.ethDst(dst))).findFirst().orElseThrow().applyActions().get(0);
    }

    private static GroupDescription groupOf(DesiredState s, Action a) {
        int id = ((Action.Group) a).groupId();
        return s.groups().stream().filter(g -> g.groupId() == id).findFirst().orElseThrow();
    }

    /** Every port a switch's rules and groups of this app send to. */
    private static Set<PortNumber> portsUsed(List<FlowRule> rules, List<GroupDescription> groups) {
        Set<PortNumber> ports = new TreeSet<>();
        List<Action> actions = new ArrayList<>();
        rules.stream().filter(r -> r.appId() == PathForwarding.APP_ID.id()).forEach(r -> actions.addAll(r.applyActions()));
        for (GroupDescription g : groups) {
            for (GroupBucket b : g.buckets()) {
                actions.addAll(b.actions());
                ports.add(b.watchPort());
            }
        }
        for (Action a : actions) {
            if (a instanceof Action.Output o) {
                ports.add(o.port());
            }
        }
        return ports;
    }

    private static Set<PortNumber> ports(long... p) {
        Set<PortNumber> s = new TreeSet<>();
        for (long x : p) {
            s.add(PortNumber.of(x));
        }
        return s;
    }

    // ---- rules ------------------------------------------------------------------------------

    @Test
    void learnedHostsGetARuleOnEverySwitchAndTheSwitchesHoldThem() {
        start(ring(core, 4));
        assertTrue(desired().values().stream().allMatch(DesiredState::isEmpty), "no host, no rule");

        announce(1, 3, A, IP_A);
        announce(3, 4, B, IP_B);

        for (DeviceId d : net.switches()) {
            DesiredState s = app.desired(d);
            assertEquals(2, s.rules().size(), "one rule per host on " + d);
            FakeSwitchHandle h = net.handle(d.dpid());
            s.rules().forEach(r -> assertTrue(h.hasFlow(r), "switch " + d + " holds " + r));
            s.groups().forEach(g -> assertEquals(g, h.groupTable().get(g.groupId()), "switch " + d + " holds group"));
            assertEquals(Set.copyOf(s.rules()), Set.copyOf(core.flows().desiredRules(d).stream()
                    .filter(r -> r.appId() == PathForwarding.APP_ID.id()).toList()));
        }
        assertEquals(Action.output(PortNumber.of(3)), actionFor(app.desired(DeviceId.of(1)), A), "local host");
        assertEquals(Action.output(PortNumber.of(4)), actionFor(app.desired(DeviceId.of(3)), B), "local host");
        GroupDescription ecmp = groupOf(app.desired(DeviceId.of(3)), actionFor(app.desired(DeviceId.of(3)), A));
        assertEquals(GroupDescription.Type.SELECT, ecmp.type(), "two equal ways round the ring to the opposite switch");
        assertEquals(ports(1, 2), portsUsed(List.of(), List.of(ecmp)));
        assertEquals(Action.output(PortNumber.of(1)), actionFor(app.desired(DeviceId.of(2)), A), "next to s1");

        ForwardingSim sim = new ForwardingSim(topology.current(), desired());
        sim.assertReachesOnly(cp(1, 3), B, cp(3, 4));
        sim.assertReachesOnly(cp(3, 4), A, cp(1, 3));
        sim.assertReachesOnly(cp(2, 3), A, cp(1, 3));
    }

    @Test
    void anOddRingGetsFastFailoverToTheLoopFreeAlternate() {
        start(ring(core, 5));

        announce(1, 3, A, IP_A);

        GroupDescription ff = groupOf(app.desired(DeviceId.of(3)), actionFor(app.desired(DeviceId.of(3)), A));
        assertEquals(GroupDescription.Type.FAST_FAILOVER, ff.type());
        assertEquals(List.of(PortNumber.of(1), PortNumber.of(2)),
                ff.buckets().stream().map(GroupBucket::watchPort).toList(), "primary towards s2, then via s4");
        assertEquals(ff, net.handle(3).groupTable().get(ff.groupId()));
    }

    @Test
    void aLinkDownIsRoutedAroundAndNoRuleUsesItsPortsAnyMore() {
        start(ring(core, 4));
        announce(1, 3, A, IP_A);
        announce(2, 3, B, IP_B);
        announce(3, 3, C, IP_C);
        assertTrue(portsUsed(net.handle(1).flows(), List.copyOf(net.handle(1).groupTable().values()))
                .contains(PortNumber.of(2)), "s1 sends to s2 over port 2 before the failure");
        long before = app.counters().get("recomputes");

        net.portDown(1, 2);
        net.portDown(2, 1);

        assertTrue(app.counters().get("recomputes") > before, "recomputed on the topology event");
        assertFalse(topology.current().linkFrom(cp(1, 2)).isPresent());
        for (long[] dead : new long[][] {{1, 2}, {2, 1}}) {
            DeviceId d = DeviceId.of(dead[0]);
            PortNumber p = PortNumber.of(dead[1]);
            DesiredState s = app.desired(d);
            assertFalse(portsUsed(s.rules(), s.groups()).contains(p), "desired on " + d + " avoids " + p);
            FakeSwitchHandle h = net.handle(dead[0]);
            assertFalse(portsUsed(h.flows(), List.copyOf(h.groupTable().values())).contains(p),
                    "switch " + d + " holds nothing using " + p);
        }
        ForwardingSim sim = new ForwardingSim(topology.current(), desired());
        sim.assertReachesOnly(cp(1, 3), B, cp(2, 3)); // the long way round
        sim.assertReachesOnly(cp(2, 3), A, cp(1, 3));
        sim.assertReachesOnly(cp(3, 3), A, cp(1, 3));
        assertEquals(Action.output(PortNumber.of(2)), actionFor(app.desired(DeviceId.of(3)), A),
                "no more ECMP from s3 to s1: one way is left");
        assertTrue(net.handle(3).groupTable().isEmpty(), "the unused select group is gone from s3");
    }

    @Test
    void aReconnectingSwitchIsRefilledWithItsRules() {
        start(new FakeFabric(core).addSwitch(1, 3).addSwitch(2, 3).wire(1, 2, 2, 1));
        announce(1, 3, A, IP_A);
        FlowRule towardsA = app.desired(DeviceId.of(2)).rules().get(0);
        assertEquals(List.of(Action.output(PortNumber.of(1))), towardsA.applyActions());

        net.disconnect(2);
        FakeSwitchHandle again = net.connect(2);
        net.deliver();

        assertTrue(again.hasFlow(towardsA), "a new connection with empty tables gets the rule back");
        assertEquals(List.of(towardsA), app.desired(DeviceId.of(2)).rules());
        new ForwardingSim(topology.current(), desired()).assertReachesOnly(cp(2, 3), A, cp(1, 3));
    }

    @Test
    void aNewSwitchIsProgrammedOnceItsLinksAreFound() {
        start(new FakeFabric(core).addSwitch(1, 3).addSwitch(2, 3).addSwitch(3, 3).wire(1, 2, 2, 1)
                .wire(2, 2, 3, 1), PathForwarding.Config.defaults(), 1, 2);
        announce(1, 3, A, IP_A);
        assertTrue(app.desired(DeviceId.of(3)).isEmpty(), "not connected yet");

        net.connect(3);
        net.deliver();

        assertEquals(Action.output(PortNumber.of(1)), actionFor(app.desired(DeviceId.of(3)), A));
        assertTrue(net.handle(3).flows().stream().anyMatch(r -> r.appId() == PathForwarding.APP_ID.id()));
        new ForwardingSim(topology.current(), desired()).assertReachesOnly(cp(3, 3), A, cp(1, 3));
    }

    // ---- packet-ins -------------------------------------------------------------------------

    @Test
    void anArpRequestIsFloodedToEveryOtherEdgePortAndNeverOverALink() {
        start(ring(core, 4));

        announce(1, 3, A, IP_A);

        Set<ConnectPoint> expected = new TreeSet<>();
        for (long s = 1; s <= 4; s++) {
            expected.add(cp(s, 3));
            expected.add(cp(s, 4));
        }
        expected.remove(cp(1, 3));
        assertEquals(expected, floodedTo(), "every edge port but the ingress, once");
        assertEquals(List.of(Action.output(PortNumber.of(4))), newOuts(1).get(0).actions());
        for (long s = 2; s <= 4; s++) {
            assertEquals(1, newOuts(s).size(), "one packet-out on s" + s);
        }
        assertEquals(0, net.deliver(), "nothing went out of a cabled port: no copy comes back");
        assertEquals(1L, app.counters().get("floods"));
    }

    @Test
    void proxyArpAnswersForAKnownHostFromTheController() {
        start(ring(core, 4));
        announce(1, 3, A, IP_A);
        mark();

        send(3, 4, TestPackets.arpRequest(B, IP_B, IP_A));

        assertEquals(Set.of(cp(3, 4)), floodedTo(), "only the answer, back out of the asking port");
        Ethernet reply = Ethernet.parse(newOuts(3).get(0).data());
        assertEquals(B, reply.destination());
        assertEquals(A, reply.source());
        Arp arp = reply.arp().orElseThrow();
        assertEquals(Arp.REPLY, arp.opcode());
        assertEquals(A, arp.senderMac());
        assertEquals(IP_A, arp.senderIp());
        assertEquals(B, arp.targetMac());
        assertEquals(IP_B, arp.targetIp());
        assertEquals(1L, app.counters().get("arpAnswered"));
    }

    @Test
    void withoutProxyArpTheRequestForAKnownHostIsFlooded() {
        start(ring(core, 3), new PathForwarding.Config(1000, false, Duration.ofSeconds(1)));
        announce(1, 3, A, IP_A);
        mark();

        send(3, 4, TestPackets.arpRequest(B, IP_B, IP_A));

        assertTrue(floodedTo().contains(cp(1, 3)), "the owner gets the request and answers itself");
        assertEquals(5, floodedTo().size(), "6 edge ports but the ingress");
        assertEquals(0L, app.counters().get("arpAnswered"));
    }

    @Test
    void aGratuitousArpIsFloodedEvenWhenTheAddressIsKnown() {
        start(ring(core, 3));
        announce(1, 3, A, IP_A);
        mark();

        send(1, 3, TestPackets.arpRequest(A, IP_A, IP_A));

        assertEquals(5, floodedTo().size());
    }

    @Test
    void aFrameForAKnownHostIsDeliveredStraightToItsPort() {
        start(ring(core, 4));
        announce(1, 3, A, IP_A);
        mark();

        send(3, 3, TestPackets.udp(B, A, IP_B, IP_A, 1000, 2000));

        assertEquals(Set.of(cp(1, 3)), floodedTo(), "one packet-out, on the host's switch, out of its port");
        assertEquals(1L, app.counters().get("delivered"));
    }

    @Test
    void claimedPortsAreLeftAloneByLabForwarding() {
        start(ring(core, 3));
        announce(1, 3, A, IP_A);
        announce(2, 3, B, IP_B);
        assertTrue(app.desired(DeviceId.of(3)).rules().stream().anyMatch(r -> r.match().get(Criterion.Type.ETH_DST)
                .orElseThrow().equals(Criterion.ethDst(B))), "B has rules before its port is claimed");

        claims.claim("tenants", Set.of(cp(2, 3)));
        for (long d = 1; d <= 3; d++) {
            assertTrue(app.desired(DeviceId.of(d)).rules().stream().noneMatch(r -> r.match().get(Criterion.Type.ETH_DST)
                    .orElseThrow().equals(Criterion.ethDst(B))), "no rule towards a host at a claimed port on s" + d);
        }
        mark();
        send(3, 3, TestPackets.ethernet(MacAddress.parse("02:00:00:00:00:0c"), MacAddress.BROADCAST, EXPERIMENTAL));
        assertEquals(Set.of(cp(1, 3), cp(1, 4), cp(2, 4), cp(3, 4)), floodedTo(), "no flood out of the claimed port");
        mark();
        send(3, 3, TestPackets.ethernet(MacAddress.parse("02:00:00:00:00:0c"), B, EXPERIMENTAL));
        assertTrue(floodedTo().stream().noneMatch(cp -> cp.equals(cp(2, 3))), "no delivery to the claimed port");
        mark();
        send(2, 3, TestPackets.ethernet(B, A, EXPERIMENTAL));
        assertEquals(Set.of(), floodedTo(), "frames from a claimed port are not lab forwarding's");
    }

    @Test
    void anUnknownUnicastIsFloodedToEdgePortsOnly() {
        start(ring(core, 3));

        send(2, 3, TestPackets.ethernet(B, UNKNOWN, EXPERIMENTAL));

        assertEquals(Set.of(cp(1, 3), cp(1, 4), cp(2, 4), cp(3, 3), cp(3, 4)), floodedTo());
        assertEquals(0, net.deliver());
    }

    @Test
    void whatArrivesAtALinkPortForNobodyKnownIsDropped() {
        start(ring(core, 3));

        send(2, 1, TestPackets.ethernet(B, MacAddress.BROADCAST, EXPERIMENTAL));

        assertEquals(Set.of(), floodedTo());
        assertEquals(1L, app.counters().get("droppedAtInfrastructure"));
    }

    @Test
    void lldpIsNeverFlooded() {
        start(ring(core, 3));

        send(1, 3, TestPackets.lldp(A));

        assertEquals(Set.of(), floodedTo());
        assertEquals(0L, app.counters().get("floods"));
    }

    @Test
    void answersToTheHostTrackersProbesAreNotFlooded() {
        start(ring(core, 3));

        send(1, 3, TestPackets.ethernet(A, HostTracker.PROBE_MAC, EXPERIMENTAL));

        assertEquals(Set.of(), floodedTo());
        assertEquals(0L, app.counters().get("floods"));
    }

    @Test
    void theSameFrameFromAnotherPortSoonAfterIsACopyAndIsNotFloodedAgain() {
        start(ring(core, 3));
        byte[] frame = TestPackets.ethernet(B, MacAddress.BROADCAST, EXPERIMENTAL);
        send(2, 3, frame);
        mark();

        send(3, 4, frame);
        assertEquals(Set.of(), floodedTo(), "a copy coming back over a cable not discovered yet");
        assertEquals(1L, app.counters().get("floodCopiesStopped"));

        send(2, 3, frame);
        assertEquals(5, floodedTo().size(), "the host repeating itself is flooded again");

        core.clock().advance(Duration.ofSeconds(2));
        mark();
        send(3, 4, frame);
        assertEquals(5, floodedTo().size(), "after the window the frame is new again");
    }

    // ---- host updates -----------------------------------------------------------------------

    /**
     * A fabric without hosts (one being discovered) compiles nothing at each snapshot, and the hosts
     * that come later still get the rules of a full compile, which go when the hosts go.
     */
    @Test
    void withoutHostsNothingIsCompiledAndHostsThatComeLaterAreProgrammed() {
        start(ring(core, 5));
        long recomputes = app.counters().get("recomputes");
        assertTrue(recomputes > 0, "a recompute per snapshot of the discovery: " + app.counters());
        assertEquals(recomputes, app.counters().get("recomputesWithoutHosts"), "none of them compiled");
        assertTrue(desired().values().stream().allMatch(DesiredState::isEmpty), "no host, no rule");
        assertEquals(0L, app.counters().get("switchesProgrammed"));

        announce(2, 3, A, IP_A);
        announce(4, 4, B, IP_B);

        assertMatchesFullCompile();
        assertTrue(desired().values().stream().allMatch(st -> st.rules().size() == 2), "two hosts, two rules each");
        new ForwardingSim(topology.current(), desired()).assertReachesOnly(cp(2, 3), B, cp(4, 4));

        core.clock().advanceSeconds(3600);
        timers.runPeriodic();
        timers.runPending();
        core.clock().advanceSeconds(3600);
        timers.runPeriodic();
        timers.runPending();
        assertTrue(hosts.hosts().isEmpty(), "every host aged out");
        net.disconnect(5); // a snapshot without hosts after rules were held: each switch back to nothing
        net.deliver();
        assertTrue(app.counters().get("recomputesWithoutHosts") > recomputes, app.counters().toString());
        for (DeviceId d : net.switches()) {
            if (d.dpid() == 5) {
                continue;
            }
            assertTrue(app.desired(d).isEmpty(), "nothing left on " + d);
            assertTrue(net.handle(d.dpid()).flows().stream().noneMatch(r -> r.appId() == PathForwarding.APP_ID.id()),
                    "no rule of the app on switch " + d);
        }
    }

    @Test
    void aHostBehindASwitchThatHasHostsChangesOnlyItsOwnRulesWithoutARecompute() {
        start(ring(core, 4));
        announce(1, 3, A, IP_A);
        long recomputes = app.counters().get("recomputes");
        mark();
        int flowModsBefore = totalFlowMods();

        announce(1, 4, B, IP_B);

        assertEquals(recomputes, app.counters().get("recomputes"), "no full recompute for a second host behind s1");
        assertEquals(1L, app.counters().get("hostUpdates"));
        assertEquals(4, totalFlowMods() - flowModsBefore, "one new rule per switch, the rules towards A untouched");
        assertMatchesFullCompile();
    }

    /**
     * Hosts appear, move between switches and ports, and age out in a random order on a ring with
     * ECMP and fast-failover groups: after every step each switch holds exactly the rules a full
     * compile of the current hosts gives (host updates and full recomputes agree), and most steps
     * are host updates.
     */
    @Test
    void hostUpdatesAlwaysAgreeWithAFullCompile() {
        start(ring(core, 5));
        java.util.Random random = new java.util.Random(42);
        int steps = 60;
        long recomputesAtStart = app.counters().get("recomputes");
        for (int i = 0; i < steps; i++) {
            MacAddress mac = MacAddress.parse(String.format("02:00:00:00:01:%02x", random.nextInt(10)));
            long sw = 1 + random.nextInt(5);
            long port = 3 + random.nextInt(2);
            core.clock().advanceSeconds(2); // past the host tracker's move hold-down
            announce(sw, port, mac, Ip4Address.parse("10.0.1." + (1 + random.nextInt(10))));
            assertMatchesFullCompile();
        }
        long recomputes = app.counters().get("recomputes") - recomputesAtStart;
        assertTrue(app.counters().get("hostUpdates") >= steps / 2, "most steps were host updates: " + app.counters());
        assertTrue(recomputes <= steps / 4, "full recomputes only where a switch needs its groups: " + recomputes);

        core.clock().advanceSeconds(3600);
        timers.runPeriodic();
        timers.runPending();
        core.clock().advanceSeconds(3600);
        timers.runPeriodic();
        timers.runPending();
        assertTrue(hosts.hosts().isEmpty(), "every host aged out");
        assertMatchesFullCompile();
        for (DeviceId d : net.switches()) {
            assertTrue(app.desired(d).rules().isEmpty(), "no rule left on " + d);
        }
    }

    private int totalFlowMods() {
        int n = 0;
        for (DeviceId d : connected()) {
            n += (int) net.handle(d.dpid()).ops().stream().filter(o -> o instanceof io.skylane.core.southbound.SwitchOp.FlowOp)
                    .count();
        }
        return n;
    }

    /** Every switch holds the rules of a full compile of the current snapshot and hosts, and their groups. */
    private void assertMatchesFullCompile() {
        var snapshot = topology.current();
        Map<DeviceId, DesiredState> full = new ForwardingCompiler(PathForwarding.APP_ID,
                PathForwarding.Config.defaults().priority()).compile(snapshot, hosts.hosts(),
                io.skylane.topology.path.PathComputer.of(snapshot, io.skylane.topology.path.LinkWeigher.HOP_COUNT),
                d -> true);
        for (DeviceId d : net.switches()) {
            DesiredState want = full.getOrDefault(d, DesiredState.EMPTY);
            DesiredState have = app.desired(d);
            assertEquals(Set.copyOf(want.rules()), Set.copyOf(have.rules()), "rules of " + d);
            assertTrue(have.groups().containsAll(want.groups()), "groups of " + d);
            FakeSwitchHandle h = net.handle(d.dpid());
            assertEquals(Set.copyOf(want.rules()), h.flows().stream()
                    .filter(r -> r.appId() == PathForwarding.APP_ID.id()).collect(Collectors.toSet()), "switch " + d);
            want.groups().forEach(g -> assertEquals(g, h.groupTable().get(g.groupId()), "group on switch " + d));
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------

    @Test
    void stopRemovesEveryRuleAndGroupOfTheApp() {
        start(ring(core, 4));
        announce(1, 3, A, IP_A);
        assertFalse(net.handle(3).groupTable().isEmpty());

        app.stop();

        for (DeviceId d : net.switches()) {
            FakeSwitchHandle h = net.handle(d.dpid());
            assertTrue(h.flows().stream().noneMatch(r -> r.appId() == PathForwarding.APP_ID.id()), "rules on " + d);
            assertTrue(h.groupTable().isEmpty(), "groups on " + d);
            assertTrue(app.desired(d).isEmpty());
        }
        app = null;
        hosts.stop();
        discovery.stop();
        topology.stop();
    }
}
