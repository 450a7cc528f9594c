package io.skylane.vpc.dataplane;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.packet.Arp;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.PortClaims;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.FakeTopologyService;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.LoadBalancerCreate;
import io.skylane.vpc.intent.request.LoadBalancerUpdate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.testing.TenantFixture;
import io.skylane.vpc.store.JournalIntentStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tenant data plane against the real core, discovery and topology on a fake fabric. */
class TenantDataPlaneTest {

    private final DataPlaneTestbed bed = new DataPlaneTestbed();
    private final TestCore core = bed.core;
    private final FakeFabric net = bed.net;
    private final PortClaims claims = bed.claims;
    private final IntentService intents = bed.intents;
    private final TenantDataPlane vpc = bed.vpc;

    @BeforeEach
    void start() {
        bed.start();
    }

    @AfterEach
    void stop() {
        bed.stop();
    }

    private Vpc newVpc() {
        return bed.tenant.vpc();
    }

    private UUID subnet(UUID v, String cidr) {
        return bed.tenant.subnet(v, cidr).id();
    }

    private Port port(UUID v, String mac, String ip, ConnectPoint at) {
        return bed.tenant.port(v, mac, ip, at);
    }

    private List<FlowRule> rulesOn(long dpid) {
        return bed.rulesOn(dpid);
    }

    @Test
    void aBoundPortGetsItsRulesAndItsSwitchPortIsClaimed() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        assertTrue(rulesOn(1).isEmpty(), "no tenant port: no tenant rules");

        port(v.id(), "02:00:00:00:00:01", "10.0.0.5", cp(1, 3));

        assertTrue(claims.isClaimed(cp(1, 3)));
        assertTrue(rulesOn(1).stream().anyMatch(r -> r.tableId() == Pipeline.CLASSIFY
                && r.priority() == Pipeline.PRIO_CLASSIFY_PORT), "classification of the port on s1");
        assertTrue(rulesOn(1).stream().anyMatch(r -> r.tableId() == Pipeline.OUTPUT), "output to the port on s1");
        assertTrue(rulesOn(2).stream().noneMatch(r -> r.tableId() == Pipeline.OUTPUT), "no port on s2");
        assertTrue(rulesOn(2).stream().anyMatch(r -> r.tableId() == Pipeline.FABRIC), "s2 carries fabric transit");
        assertTrue(core.flows().desiredRules(DeviceId.of(1)).stream().allMatch(r -> r.appId() != Pipeline.APP_ID.id()
                || r.cookie() >>> 48 == Pipeline.APP_ID.id()), "every tenant rule carries the app's cookie");
    }

    /**
     * A fabric being discovered publishes a snapshot every 100 ms: without a tenant port nor load
     * balancer, nothing placed or compiled before, the data plane neither places nor compiles; the
     * first ports then get the rules of a full compile on every switch.
     */
    @Test
    void withoutAnyPortTopologyChangesCompileNothingAndTheFirstPortsGetAFullCompile() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        long idle = vpc.counters().get("idleRecomputes");
        long published = bed.topology.counters().get("published");

        net.portDown(2, 2); // the cable between s2 and s3

        assertTrue(bed.topology.counters().get("published") > published, "a new snapshot");
        assertTrue(vpc.counters().get("idleRecomputes") > idle, "nothing to place: " + vpc.counters());
        for (long s = 1; s <= 3; s++) {
            assertTrue(rulesOn(s).isEmpty(), "no tenant rule on s" + s);
        }

        net.portUp(2, 2);
        net.deliver();
        long idleBefore = vpc.counters().get("idleRecomputes");
        port(v.id(), "02:00:00:00:00:01", "10.0.0.5", cp(1, 3));
        port(v.id(), "02:00:00:00:00:02", "10.0.0.6", cp(3, 3));

        assertEquals(idleBefore, vpc.counters().get("idleRecomputes"), "ports: compiled");
        Map<DeviceId, List<FlowRule>> full = vpc.compileAll();
        for (long s = 1; s <= 3; s++) {
            assertFalse(rulesOn(s).isEmpty(), "s" + s + " carries the VPC");
            assertEquals(Set.copyOf(full.get(DeviceId.of(s))), Set.copyOf(rulesOn(s)), "s" + s);
        }
        assertTrue(claims.isClaimed(cp(1, 3)) && claims.isClaimed(cp(3, 3)));
    }

    /** The last port deleted and its switch port unplugged: nothing is left, and the recomputes go idle again. */
    @Test
    void theLastPortGoneTheRulesGoAndTheNextTopologyChangeCompilesNothing() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        Port p = port(v.id(), "02:00:00:00:00:01", "10.0.0.5", cp(1, 3));
        intents.delete(ResourceType.PORT, Actor.ADMIN, p.id(), null, false);
        net.portDown(1, 3); // unplugged: nothing left quarantined
        assertFalse(claims.isClaimed(cp(1, 3)));
        long idle = vpc.counters().get("idleRecomputes");

        net.portDown(2, 2);

        assertTrue(vpc.counters().get("idleRecomputes") > idle, "nothing left to place: " + vpc.counters());
        for (long s = 1; s <= 3; s++) {
            assertTrue(rulesOn(s).isEmpty(), "no tenant rule on s" + s);
        }
    }

    @Test
    void addingAPortChangesOnlyTheSwitchesOfItsVpc() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        port(v.id(), "02:00:00:00:00:01", "10.0.0.5", cp(1, 3));
        List<FlowRule> s3Before = rulesOn(3);
        List<FlowRule> s1Before = rulesOn(1);

        port(v.id(), "02:00:00:00:00:02", "10.0.0.6", cp(1, 4));

        assertEquals(Set.copyOf(s3Before), Set.copyOf(rulesOn(3)), "s3 has no port of the VPC: untouched");
        assertTrue(rulesOn(1).size() > s1Before.size());
    }

    /**
     * The tenant's default group spans its VPCs, and admits its members: a port in one VPC used to
     * recompile every VPC with a port in the group (its members there were matched by address).
     */
    @Test
    void aPortOfTheDefaultGroupRecompilesItsOwnVpcOnly() {
        Vpc a = newVpc();
        Vpc b = newVpc();
        subnet(a.id(), "10.0.0.0/24");
        subnet(b.id(), "10.0.0.0/24");
        port(a.id(), "02:00:00:00:00:01", "10.0.0.5", cp(1, 3));
        port(b.id(), "02:00:00:00:00:02", "10.0.0.5", cp(3, 3));
        List<FlowRule> s3Before = rulesOn(3);
        long before = vpc.counters().get("recompiledVpcs");

        port(a.id(), "02:00:00:00:00:03", "10.0.0.6", cp(1, 4));

        assertEquals(1, vpc.counters().get("recompiledVpcs") - before, "a only: " + vpc.counters());
        assertEquals(Set.copyOf(s3Before), Set.copyOf(rulesOn(3)), "b's switch keeps its rules");
    }

    @Test
    void arpIsAnsweredForTheGatewayAndPortsOfTheSameVpcOnly() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        Vpc other = newVpc();
        subnet(other.id(), "10.0.0.0/24");
        MacAddress mine = MacAddress.parse("02:00:00:00:00:01");
        port(v.id(), mine.toString(), "10.0.0.5", cp(1, 3));
        port(v.id(), "02:00:00:00:00:02", "10.0.0.6", cp(3, 3));
        port(other.id(), "02:00:00:00:00:09", "10.0.0.7", cp(3, 4));

        Arp gw = arp(1, 3, mine, "10.0.0.5", "10.0.0.1");
        assertEquals(Pipeline.routerMac(v.segmentId()), gw.senderMac());
        Arp peer = arp(1, 3, mine, "10.0.0.5", "10.0.0.6");
        assertEquals(MacAddress.parse("02:00:00:00:00:02"), peer.senderMac());
        assertEquals(null, arp(1, 3, mine, "10.0.0.5", "10.0.0.7"), "a port of another VPC is never answered");
        assertEquals(null, arp(1, 3, MacAddress.parse("02:00:00:00:00:66"), "10.0.0.5", "10.0.0.6"),
                "a spoofed source MAC is not answered");
    }

    /** Sends an ARP request in at dpid/port; returns the answer sent back out of that port, or null. */
    private Arp arp(long dpid, long port, MacAddress from, String fromIp, String target) {
        int before = net.handle(dpid).packetOuts().size();
        core.packetIn(net.handle(dpid), TestPackets.packetIn(DeviceId.of(dpid), port,
                TestPackets.arpRequest(from, Ip4Address.parse(fromIp), Ip4Address.parse(target))));
        List<OutboundPacket> outs = net.handle(dpid).packetOuts();
        for (OutboundPacket p : outs.subList(before, outs.size())) {
            Ethernet eth = Ethernet.parse(p.data());
            if (eth.arp().isPresent() && !eth.arp().get().isRequest()) {
                return eth.arp().get();
            }
        }
        return null;
    }

    /** An ICMP echo request: id 0x1234, seq 7, 4 bytes of data. */
    private static byte[] echoRequest() {
        byte[] icmp = {8, 0, 0, 0, 0x12, 0x34, 0, 7, 'p', 'i', 'n', 'g'};
        int sum = IcmpEcho.checksum(icmp, 0, icmp.length);
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        return icmp;
    }

    /** The frame a port sends to ping {@code to} through its VPC's router MAC. */
    private static byte[] ping(Vpc v, MacAddress from, String fromIp, String to, byte[] icmp) {
        byte[] ip = new byte[20 + icmp.length];
        ip[0] = 0x45;
        ip[3] = (byte) ip.length;
        ip[8] = 64;
        ip[9] = 1;
        System.arraycopy(Ip4Address.parse(fromIp).toBytes(), 0, ip, 12, 4);
        System.arraycopy(Ip4Address.parse(to).toBytes(), 0, ip, 16, 4);
        int hs = IcmpEcho.checksum(ip, 0, 20);
        ip[10] = (byte) (hs >>> 8);
        ip[11] = (byte) hs;
        System.arraycopy(icmp, 0, ip, 20, icmp.length);
        return Ethernet.build(Pipeline.routerMac(v.segmentId()), from, io.skylane.core.net.VlanId.NONE, 0x0800, ip);
    }

    @Test
    void aLoadBalancersVipAnswersArpAndPingsFromItsOwnVpcOnly() {
        Vpc v = newVpc();
        UUID subnet = subnet(v.id(), "10.0.0.0/24");
        Vpc other = newVpc();
        subnet(other.id(), "10.0.0.0/24");
        MacAddress mine = MacAddress.parse("02:00:00:00:00:01");
        port(v.id(), mine.toString(), "10.0.0.5", cp(1, 3));
        port(other.id(), "02:00:00:00:00:09", "10.0.0.5", cp(3, 4));
        intents.create(Actor.ADMIN, new LoadBalancerCreate(bed.tenant.tenant, subnet,
                IpAddresses.parse("10.0.0.100"), LoadBalancerUpdate.NONE));

        Arp answer = arp(1, 3, mine, "10.0.0.5", "10.0.0.100");
        assertEquals(Pipeline.routerMac(v.segmentId()), answer.senderMac(), "the VIP is the VPC's router");
        assertEquals(null, arp(3, 4, MacAddress.parse("02:00:00:00:00:09"), "10.0.0.5", "10.0.0.100"),
                "the same address in another VPC is nobody");
        assertTrue(rulesOn(1).stream().anyMatch(r -> r.tableId() == Pipeline.ROUTE
                && r.match().get(io.skylane.core.flow.Criterion.Type.IPV4_DST)
                        .equals(java.util.Optional.of(io.skylane.core.flow.Criterion.ipv4Dst(
                                io.skylane.core.net.Ip4Prefix.parse("10.0.0.100/32"))))
                && r.match().get(io.skylane.core.flow.Criterion.Type.ICMPV4_TYPE).isPresent()), "echo to the VIP punted");
        int before = net.handle(1).packetOuts().size();
        core.packetIn(net.handle(1), TestPackets.packetIn(DeviceId.of(1), 3,
                ping(v, mine, "10.0.0.5", "10.0.0.100", echoRequest())));
        List<OutboundPacket> outs = net.handle(1).packetOuts();
        assertEquals(before + 1, outs.size());
        byte[] reply = outs.get(outs.size() - 1).data();
        Ethernet eth = Ethernet.parse(reply);
        assertEquals(mine, eth.destination());
        assertEquals(Ip4Address.parse("10.0.0.100"), Ip4Address.of(reply, eth.payloadOffset() + 12), "from the VIP");
        assertEquals(0, reply[eth.payloadOffset() + 20], "echo reply");
    }

    @Test
    void aPingToTheGatewayIsAnswered() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        MacAddress mine = MacAddress.parse("02:00:00:00:00:01");
        port(v.id(), mine.toString(), "10.0.0.5", cp(1, 3));
        assertTrue(rulesOn(1).stream().anyMatch(r -> r.tableId() == Pipeline.ROUTE
                && r.match().get(io.skylane.core.flow.Criterion.Type.ICMPV4_TYPE).isPresent()), "echo to the gateway punted");

        // An echo request (id 0x1234, seq 7, 4 bytes of data) from 10.0.0.5 to the gateway 10.0.0.1.
        byte[] icmp = echoRequest();
        int before = net.handle(1).packetOuts().size();
        core.packetIn(net.handle(1), TestPackets.packetIn(DeviceId.of(1), 3, ping(v, mine, "10.0.0.5", "10.0.0.1", icmp)));

        List<OutboundPacket> outs = net.handle(1).packetOuts();
        assertEquals(before + 1, outs.size());
        byte[] reply = outs.get(outs.size() - 1).data();
        Ethernet eth = Ethernet.parse(reply);
        assertEquals(mine, eth.destination());
        assertEquals(Pipeline.routerMac(v.segmentId()), eth.source());
        int off = eth.payloadOffset();
        assertEquals(Ip4Address.parse("10.0.0.1"), Ip4Address.of(reply, off + 12));
        assertEquals(Ip4Address.parse("10.0.0.5"), Ip4Address.of(reply, off + 16));
        assertEquals(0, reply[off + 20], "echo reply");
        assertEquals(0, IcmpEcho.checksum(reply, off, 20), "IPv4 header checksum");
        assertEquals(0, IcmpEcho.checksum(reply, off + 20, icmp.length), "ICMP checksum");
        assertEquals('g', reply[off + 20 + icmp.length - 1], "the data comes back");
    }

    @Test
    void aPacketWhoseTtlRanOutGetsTimeExceededFromTheGateway() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        MacAddress mine = MacAddress.parse("02:00:00:00:00:01");
        port(v.id(), mine.toString(), "10.0.0.5", cp(1, 3));
        byte[] probe = TestPackets.udp(mine, Pipeline.routerMac(v.segmentId()), Ip4Address.parse("10.0.0.5"),
                Ip4Address.parse("10.0.1.9"), 40000, 33434);
        int before = net.handle(1).packetOuts().size();
        core.packetIn(net.handle(1), new io.skylane.core.packet.InboundPacket(DeviceId.of(1),
                io.skylane.core.net.PortNumber.of(3), probe, java.util.OptionalInt.empty(),
                io.skylane.core.packet.InboundPacket.Reason.INVALID_TTL, 4, 0, probe.length));

        List<OutboundPacket> outs = net.handle(1).packetOuts();
        assertEquals(before + 1, outs.size());
        byte[] reply = outs.get(outs.size() - 1).data();
        Ethernet eth = Ethernet.parse(reply);
        int off = eth.payloadOffset();
        assertEquals(mine, eth.destination());
        assertEquals(Ip4Address.parse("10.0.0.1"), Ip4Address.of(reply, off + 12), "from the gateway");
        assertEquals(11, reply[off + 20], "time exceeded");
        assertEquals(0, IcmpEcho.checksum(reply, off + 20, reply.length - off - 20 - (reply.length - off - 20 - 36)),
                "checksum over the ICMP message");
        assertEquals(Ip4Address.parse("10.0.1.9"), Ip4Address.of(reply, off + 20 + 8 + 16), "quotes the probe's header");
    }

    @Test
    void anUnboundPortIsPlacedWhereItsMacShowsUp() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        Port p = port(v.id(), "02:00:00:00:00:01", "10.0.0.5", null);
        assertFalse(claims.isClaimed(cp(2, 3)));

        core.packetIn(net.handle(2), TestPackets.packetIn(DeviceId.of(2), 3, TestPackets.arpRequest(
                p.macAddress(), Ip4Address.parse("10.0.0.5"), Ip4Address.parse("10.0.0.1"))));

        assertTrue(claims.isClaimed(cp(2, 3)));
        assertEquals(p.id(), vpc.portsAt().get(cp(2, 3)).id());
        assertTrue(rulesOn(2).stream().anyMatch(r -> r.tableId() == Pipeline.OUTPUT));
    }

    /**
     * A port bound to a switch only (a hypervisor's bridge, Neutron's binding:host_id) is learned by
     * its MAC at an edge port of that switch, never of another; learned again at another edge port
     * of it once its interface there is gone, and at the new switch when the binding changes.
     */
    @Test
    void aPortBoundToASwitchOnlyIsLearnedThereOnly() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        Port p = bed.tenant.port(v.id(), TenantFixture.settings("02:00:00:00:00:01", "10.0.0.5", null)
                .withBinding(Port.Binding.onSwitch(DeviceId.of(1))));
        long misplaced = vpc.counters().get("misplacedMacs");

        arpFrom(p, 2, 3);
        assertEquals(Set.of(), placesOf(p), "seen at another switch: not bound there");
        assertFalse(claims.isClaimed(cp(2, 3)));
        assertEquals(misplaced + 1, vpc.counters().get("misplacedMacs"), "counted");
        assertEquals(Port.Status.DOWN, status(p));

        arpFrom(p, 1, 3);
        assertEquals(Set.of(cp(1, 3)), placesOf(p), "learned at an edge port of its switch");
        assertTrue(claims.isClaimed(cp(1, 3)));
        assertTrue(rulesOn(1).stream().anyMatch(r -> r.tableId() == Pipeline.OUTPUT));
        assertEquals(Port.Status.ACTIVE, status(p));

        // The VM's interface is unplugged and comes back at another port of the bridge.
        net.portRemoved(1, 3);
        assertEquals(Set.of(), placesOf(p), "its interface went away");
        assertFalse(claims.isClaimed(cp(1, 3)), "gone with the interface: nothing to quarantine");
        arpFrom(p, 1, 1);
        assertEquals(Set.of(cp(1, 1)), placesOf(p), "learned again at the new port");

        // Bound to switch 2 now: learned again there, not kept at switch 1.
        intents.update(Actor.ADMIN, p.id(), io.skylane.vpc.intent.request.PortUpdate.NONE
                .withBinding(Port.Binding.onSwitch(DeviceId.of(2))), null);
        assertEquals(Set.of(), placesOf(p), "not at switch 1 any more");
        arpFrom(p, 1, 1);
        assertEquals(Set.of(), placesOf(p), "switch 1 is not its switch now");
        arpFrom(p, 2, 3);
        assertEquals(Set.of(cp(2, 3)), placesOf(p));
        assertEquals(Port.Status.ACTIVE, status(p));
    }

    private void arpFrom(Port p, long dpid, long port) {
        core.packetIn(net.handle(dpid), TestPackets.packetIn(DeviceId.of(dpid), port, TestPackets.arpRequest(
                p.macAddress(), p.fixedIps().get(0).ipAddress() instanceof java.net.Inet4Address a
                        ? Ip4Address.parse(a.getHostAddress()) : null, Ip4Address.parse("10.0.0.1"))));
    }

    private Set<ConnectPoint> placesOf(Port p) {
        Set<ConnectPoint> at = new java.util.HashSet<>();
        vpc.portsAt().forEach((cp, q) -> {
            if (q.id().equals(p.id())) {
                at.add(cp);
            }
        });
        return at;
    }

    @Test
    void aPortIsActiveOnceItsSwitchConfirmedItsRulesAndDownWhenTheSwitchGoes() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        Port bound = port(v.id(), "02:00:00:00:00:01", "10.0.0.5", cp(1, 3));
        Port elsewhere = port(v.id(), "02:00:00:00:00:02", "10.0.0.6", cp(255, 1));
        Port unbound = port(v.id(), "02:00:00:00:00:03", "10.0.0.7", null);

        assertEquals(Port.Status.ACTIVE, status(bound));
        assertEquals(Port.Status.DOWN, status(elsewhere), "its switch is not connected");
        assertEquals(Port.Status.DOWN, status(unbound), "not placed anywhere");

        net.disconnect(1);
        assertEquals(Port.Status.DOWN, status(bound));
        net.connect(1);
        net.deliver();
        assertEquals(Port.Status.ACTIVE, status(bound), "back once the reconnected switch holds its rules");
    }

    @Test
    void aPortStaysActiveWhileAnotherPortOnItsSwitchWaitsForItsRules() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        Port first = port(v.id(), "02:00:00:00:00:01", "10.0.0.5", cp(1, 3));
        assertEquals(Port.Status.ACTIVE, status(first));
        net.handle(1).answerBarriers(FakeSwitchHandle.Answer.LATER);
        JournalIntentStore store = (JournalIntentStore) intents.store();
        long before = store.lastSeq();

        Port second = port(v.id(), "02:00:00:00:00:02", "10.0.0.6", cp(1, 4));
        assertEquals(Port.Status.DOWN, status(second), "its rules are not confirmed yet");
        assertEquals(Port.Status.ACTIVE, status(first), "its own rules did not change: no flap");
        assertEquals(before + 1, store.lastSeq(), "one write: the create, no status change");

        net.handle(1).releaseBarriers();
        assertEquals(Port.Status.ACTIVE, status(second));
        assertEquals(Port.Status.ACTIVE, status(first));
    }

    @Test
    void thePortsOfAReconnectingSwitchChangeStatusInOneJournalWrite() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        List<Port> ports = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ports.add(port(v.id(), "02:00:00:00:00:1" + i, "10.0.0.1" + i, cp(1, 10 + i)));
        }
        assertTrue(ports.stream().allMatch(p -> status(p) == Port.Status.ACTIVE));
        JournalIntentStore store = (JournalIntentStore) intents.store();

        long before = store.lastSeq();
        net.disconnect(1);
        assertTrue(ports.stream().allMatch(p -> status(p) == Port.Status.DOWN));
        assertEquals(before + 1, store.lastSeq(), "five ports DOWN: one batch");

        before = store.lastSeq();
        net.connect(1);
        net.deliver();
        assertTrue(ports.stream().allMatch(p -> status(p) == Port.Status.ACTIVE));
        assertEquals(before + 1, store.lastSeq(), "five ports ACTIVE again: one batch");
    }

    @Test
    void theSwitchPortsOfBoundPortsAreClaimedAtStartNotAtTheFirstRecompute() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        port(v.id(), "02:00:00:00:00:01", "10.0.0.5", cp(2, 7));
        TestCore other = new TestCore();
        PortClaims fresh = new PortClaims();
        List<Runnable> neverRun = new java.util.ArrayList<>();
        TenantDataPlane idle = new TenantDataPlane(intents.store(), new FakeTopologyService(), other.devices(),
                other.flows(), other.packets(), fresh, neverRun::add, statuses -> { });
        idle.start();
        assertTrue(fresh.isClaimed(cp(2, 7)), "claimed before the first recompute runs");
        assertFalse(neverRun.isEmpty(), "the first recompute is still waiting");
        idle.stop();
    }

    private Port.Status status(Port p) {
        return ((Port) intents.store().get(ResourceType.PORT, p.id())).status();
    }

    @Test
    void deletingThePortRemovesItsRulesAndClaim() {
        Vpc v = newVpc();
        subnet(v.id(), "10.0.0.0/24");
        Port p = port(v.id(), "02:00:00:00:00:01", "10.0.0.5", cp(1, 3));
        assertFalse(rulesOn(1).isEmpty());

        intents.delete(ResourceType.PORT, Actor.ADMIN, p.id(), null, false);

        assertTrue(rulesOn(1).isEmpty(), "no tenant port left: no tenant rules");
        assertTrue(claims.isClaimed(cp(1, 3)), "the host left there stays out of lab forwarding");

        net.portDown(1, 3);
        assertFalse(claims.isClaimed(cp(1, 3)), "unplugged: the switch port is free again");
    }
}
