package io.skylane.vpc.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.testing.TenantFixture;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tenant pipeline applied by the fake multi-table switches: where packets go, on a line of
 * three switches and, for random intent and random packets, on a fat-tree against a reference model.
 */
class VpcPipelineTest {


    /** Switches, links and host ports of a test network. */
    static final class Net {
        final Map<DeviceId, Set<PortNumber>> ports = new TreeMap<>();
        final Set<Link> links = new HashSet<>();
        final List<ConnectPoint> edges = new ArrayList<>();

        Net port(long d, long p) {
            ports.computeIfAbsent(DeviceId.of(d), k -> new TreeSet<>()).add(PortNumber.of(p));
            return this;
        }

        Net cable(long a, long pa, long b, long pb) {
            port(a, pa).port(b, pb);
            links.add(Link.of(cp(a, pa), cp(b, pb)));
            links.add(Link.of(cp(b, pb), cp(a, pa)));
            return this;
        }

        Net edge(long d, long p) {
            port(d, p);
            edges.add(cp(d, p));
            return this;
        }

        TopologySnapshot snapshot() {
            return new TopologySnapshot(1, Instant.EPOCH, ports, links);
        }

        SimFabric fabric(Map<DeviceId, List<FlowRule>> rules) {
            SimFabric.Builder b = SimFabric.builder();
            Set<Link> seen = new HashSet<>();
            for (Link l : links) {
                if (seen.add(l) && seen.add(Link.of(l.dst(), l.src()))) {
                    b.link(l.src(), l.dst());
                }
            }
            edges.forEach(b::edge);
            List<FlowRule> all = new ArrayList<>();
            rules.values().forEach(all::addAll);
            return b.rules(all).build();
        }
    }

    static ConnectPoint cp(long d, long p) {
        return ConnectPoint.of(DeviceId.of(d), PortNumber.of(p));
    }

    private final TenantFixture fixture = new TenantFixture();
    private final IntentService intents = fixture.intents;

    private Vpc vpc() {
        return fixture.vpc();
    }

    private void subnet(Vpc v, String cidr) {
        fixture.subnet(v.id(), cidr);
    }

    private Port port(Vpc v, String mac, String ip, ConnectPoint at) {
        return fixture.port(v.id(), mac, ip, at);
    }

    private Map<DeviceId, List<FlowRule>> compile(Net net) {
        Map<UUID, Vpc> vpcs = new HashMap<>();
        for (Resource r : intents.store().all(ResourceType.VPC)) {
            vpcs.put(r.id(), (Vpc) r);
        }
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : intents.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
        }
        TopologySnapshot s = net.snapshot();
        return new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT)).compile(vpcs, placed);
    }

    private static Ip4Address ip(Port p) {
        return Ip4Address.of(p.fixedIps().get(0).ipAddress().getAddress(), 0);
    }

    private static Net line() {
        return new Net().cable(1, 10, 2, 10).cable(2, 11, 3, 10).edge(1, 1).edge(1, 2).edge(2, 1).edge(3, 1).edge(3, 2);
    }

    @Test
    void sameVpcIsDeliveredOtherVpcWithTheSameAddressIsNot() {
        Net net = line();
        Vpc a = vpc();
        Vpc b = vpc();
        subnet(a, "10.0.0.0/24");
        subnet(b, "10.0.0.0/24");
        Port a1 = port(a, "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        Port a2 = port(a, "02:00:00:00:0a:02", "10.0.0.12", cp(3, 1));
        Port b1 = port(b, "02:00:00:00:0b:01", "10.0.0.11", cp(1, 2));
        Port b2 = port(b, "02:00:00:00:0b:02", "10.0.0.12", cp(3, 2));
        SimFabric f = net.fabric(compile(net));

        FabricResult r = f.send(cp(1, 1), SimPacket.icmpEcho(a1.macAddress(), a2.macAddress(), ip(a1), ip(a2)));
        assertTrue(r.deliveredOnlyTo(cp(3, 1)), r.toString());
        SimPacket got = r.packetAt(cp(3, 1));
        assertEquals(a2.macAddress(), got.ethDst());
        assertEquals(a1.macAddress(), got.ethSrc());
        assertTrue(got.vlans().isEmpty(), "untagged at the host");
        assertEquals(64, got.ttl(), "switched: TTL unchanged");

        FabricResult rb = f.send(cp(1, 2), SimPacket.icmpEcho(b1.macAddress(), b2.macAddress(), ip(b1), ip(b2)));
        assertTrue(rb.deliveredOnlyTo(cp(3, 2)), "same address, other VPC: to its own port only\n" + rb);

        // a1 aiming at b2's MAC: still only within its own VPC (10.0.0.12 there is a2).
        FabricResult cross = f.send(cp(1, 1), SimPacket.icmpEcho(a1.macAddress(), b2.macAddress(), ip(a1), ip(b2)));
        assertFalse(cross.deliveredTo().contains(cp(3, 2)), cross.toString());
    }

    @Test
    void spoofedSourcesAreDroppedAtTheFirstSwitch() {
        Net net = line();
        Vpc a = vpc();
        subnet(a, "10.0.0.0/24");
        Port a1 = port(a, "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        Port a2 = port(a, "02:00:00:00:0a:02", "10.0.0.12", cp(3, 1));
        SimFabric f = net.fabric(compile(net));

        FabricResult ipSpoof = f.send(cp(1, 1), SimPacket.icmpEcho(a1.macAddress(), a2.macAddress(),
                Ip4Address.parse("10.0.0.99"), ip(a2)));
        assertTrue(ipSpoof.isDropped() && ipSpoof.hops().size() == 1, ipSpoof.toString());
        FabricResult macSpoof = f.send(cp(1, 1), SimPacket.icmpEcho(MacAddress.parse("02:00:00:00:0a:99"),
                a2.macAddress(), ip(a1), ip(a2)));
        assertTrue(macSpoof.isDropped() && macSpoof.hops().size() == 1, macSpoof.toString());
        FabricResult arpSpoof = f.send(cp(1, 1), SimPacket.arpRequest(a1.macAddress(), ip(a2), ip(a1)));
        assertTrue(arpSpoof.isDropped() && arpSpoof.punts().isEmpty(), arpSpoof.toString());
        FabricResult arp = f.send(cp(1, 1), SimPacket.arpRequest(a1.macAddress(), ip(a1), ip(a2)));
        assertEquals(1, arp.punts().size(), "a genuine ARP request goes to the controller\n" + arp);
        assertTrue(arp.deliveredTo().isEmpty(), "and is not flooded");
    }

    @Test
    void routedBetweenSubnetsWithTheRouterMacAndTtlMinusOne() {
        Net net = line();
        Vpc a = vpc();
        subnet(a, "10.0.0.0/24");
        subnet(a, "10.0.1.0/24");
        Port a1 = port(a, "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        Port a3 = port(a, "02:00:00:00:0a:03", "10.0.1.13", cp(2, 1));
        MacAddress router = Pipeline.routerMac(a.segmentId());
        SimFabric f = net.fabric(compile(net));

        FabricResult r = f.send(cp(1, 1), SimPacket.icmpEcho(a1.macAddress(), router, ip(a1), ip(a3)));
        assertTrue(r.deliveredOnlyTo(cp(2, 1)), r.toString());
        SimPacket got = r.packetAt(cp(2, 1));
        assertEquals(63, got.ttl());
        assertEquals(router, got.ethSrc());
        assertEquals(a3.macAddress(), got.ethDst());
    }

    @Test
    void transitSwitchesHoldNoPerPortRules() {
        Net net = line();
        Vpc a = vpc();
        subnet(a, "10.0.0.0/22");
        for (int i = 0; i < 40; i++) {
            ConnectPoint at = i % 2 == 0 ? cp(1, 100 + i) : cp(3, 100 + i);
            net.edge(at.deviceId().dpid(), at.port().value());
            port(a, String.format("02:00:00:00:%02x:01", i), "10.0.1." + (i + 10), at);
        }
        Map<DeviceId, List<FlowRule>> rules = compile(net);
        int transit = rules.get(DeviceId.of(2)).size();
        port(a, "02:00:00:00:ff:01", "10.0.2.10", cp(1, 2));
        assertEquals(transit, compile(net).get(DeviceId.of(2)).size(), "s2 has no port of the VPC: nothing per port");
        assertTrue(transit <= 8, "transit table size " + transit + ": link ports and other switches only");
    }

    @Test
    void addingAPortChangesAsManyRulesInASmallVpcAsInALargeOne() {
        assertEquals(rulesChangedByOneMorePort(3), rulesChangedByOneMorePort(60),
                "rules changed by one port add must not grow with the other ports of the VPC");
    }

    /** Rules that differ (added or removed, all switches) when a VPC of {@code others} ports gets one more. */
    private int rulesChangedByOneMorePort(int others) {
        TenantFixture t = new TenantFixture();
        Vpc v = t.vpc();
        t.subnet(v.id(), "10.0.0.0/24");
        Net net = line();
        List<PlacedPort> placed = new ArrayList<>();
        for (int i = 0; i < others; i++) {
            ConnectPoint at = i % 2 == 0 ? cp(1, 100 + i) : cp(3, 100 + i);
            net.edge(at.deviceId().dpid(), at.port().value());
            Port p = t.port(v.id(), PortUpdate.NONE);
            placed.add(new PlacedPort(p, at));
        }
        net.edge(1, 99);
        TopologySnapshot s = net.snapshot();
        VpcCompiler c = new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT));
        Map<DeviceId, List<FlowRule>> before = c.compile(Map.of(v.id(), v), placed);
        Port extra = t.port(v.id(), PortUpdate.NONE);
        List<PlacedPort> more = new ArrayList<>(placed);
        more.add(new PlacedPort(extra, cp(1, 99)));
        Map<DeviceId, List<FlowRule>> after = c.compile(Map.of(v.id(), v), more);
        int changed = 0;
        for (DeviceId d : after.keySet()) {
            Set<FlowRule> a = new HashSet<>(after.get(d));
            Set<FlowRule> b = new HashSet<>(before.get(d));
            changed += (int) (a.stream().filter(r -> !b.contains(r)).count() + b.stream().filter(r -> !a.contains(r)).count());
        }
        return changed;
    }

    // ---- property: random intent, random packets, against a reference model ----------------------

    /** A k=4 fat-tree: 4 core (1..4), pods of 2 aggregation and 2 edge switches, 3 host ports per edge. */
    private static Net fatTree() {
        return fatTree(3);
    }

    /** The same with {@code hostPorts} host ports (1..9, then 110..) per edge switch. */
    private static Net fatTree(int hostPorts) {
        Net net = new Net();
        int k = 4;
        int half = k / 2;
        long next = 1;
        List<Long> core = new ArrayList<>();
        for (int i = 0; i < half * half; i++) {
            core.add(next++);
        }
        for (int pod = 0; pod < k; pod++) {
            List<Long> aggs = new ArrayList<>();
            List<Long> edges = new ArrayList<>();
            for (int i = 0; i < half; i++) {
                aggs.add(next++);
            }
            for (int i = 0; i < half; i++) {
                edges.add(next++);
            }
            for (int a = 0; a < half; a++) {
                for (int j = 0; j < half; j++) {
                    net.cable(aggs.get(a), 10 + j, core.get(a * half + j), 10 + pod);
                }
                for (int e = 0; e < half; e++) {
                    net.cable(aggs.get(a), 20 + e, edges.get(e), 10 + a);
                }
            }
            for (long e : edges) {
                for (int p = 1; p <= hostPorts; p++) {
                    net.edge(e, p <= 9 ? p : 100 + p); // 10 and 11 are the uplinks
                }
            }
        }
        return net;
    }

    @Test
    void randomIntentAndPacketsMatchTheReferenceModel() {
        Random rnd = new Random(20261125L);
        for (int round = 0; round < 5; round++) {
            IntentService local = TenantFixture.newService();
            runRound(local, rnd);
        }
    }

    private void runRound(IntentService svc, Random rnd) {
        Net net = fatTree();
        TenantFixture t = new TenantFixture(svc, "r");
        List<ConnectPoint> free = new ArrayList<>(net.edges);
        java.util.Collections.shuffle(free, rnd);
        List<Port> ports = new ArrayList<>();
        Map<UUID, Vpc> vpcs = new HashMap<>();
        int nVpcs = 2 + rnd.nextInt(3);
        for (int v = 0; v < nVpcs; v++) {
            Vpc vpc = t.vpc();
            vpcs.put(vpc.id(), vpc);
            int nSubnets = 1 + rnd.nextInt(2);
            for (int s = 0; s < nSubnets; s++) {
                // The same CIDRs in every VPC: isolation must not depend on addresses.
                t.subnet(vpc.id(), "10.0." + s + ".0/24");
            }
            int nPorts = 1 + rnd.nextInt(5);
            for (int p = 0; p < nPorts && !free.isEmpty(); p++) {
                ConnectPoint at = free.remove(free.size() - 1);
                ports.add(t.port(vpc.id(), PortUpdate.NONE.withBinding(TenantFixture.binding(at))));
            }
        }
        List<PlacedPort> placed = new ArrayList<>();
        ports.forEach(p -> placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port()))));
        TopologySnapshot s = net.snapshot();
        SimFabric f = net.fabric(new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT)).compile(vpcs, placed));

        for (int i = 0; i < 300; i++) {
            Port src = ports.get(rnd.nextInt(ports.size()));
            Port dstPort = ports.get(rnd.nextInt(ports.size()));
            ConnectPoint from = ConnectPoint.of(src.binding().dpid(), src.binding().port());
            Ip4Address dstIp = ip4(dstPort);
            int segment = vpcs.get(src.vpcId()).segmentId();
            MacAddress router = Pipeline.routerMac(segment);
            int kind = rnd.nextInt(4);
            MacAddress ethDst = kind == 0 ? router : kind == 1 ? dstPort.macAddress()
                    : MacAddress.of(0x020000000000L | rnd.nextInt(1 << 24));
            boolean spoof = rnd.nextInt(6) == 0;
            Ip4Address srcIp = spoof ? Ip4Address.parse("10.0.0.250") : ip4(src);
            SimPacket pkt = SimPacket.icmpEcho(src.macAddress(), ethDst, srcIp, dstIp);

            FabricResult r = f.send(from, pkt);
            // Reference model: the owner of dstIp inside the sender's VPC, unless spoofed or itself.
            Port owner = null;
            for (Port p : ports) {
                if (p.vpcId().equals(src.vpcId()) && ip4(p).equals(dstIp)) {
                    owner = p;
                }
            }
            boolean spoofedForReal = spoof && !srcIp.equals(ip4(src));
            String why = "round packet " + i + " " + pkt + "\n" + r;
            assertFalse(r.hasLoop(), why);
            if (spoofedForReal || owner == null || owner.id().equals(src.id())) {
                assertTrue(r.deliveredTo().isEmpty(), "must not be delivered: " + why);
                continue;
            }
            ConnectPoint to = ConnectPoint.of(owner.binding().dpid(), owner.binding().port());
            assertTrue(r.deliveredOnlyTo(to), "must reach exactly " + to + ": " + why);
            SimPacket got = r.packetAt(to);
            boolean routed = ethDst.equals(router);
            assertEquals(owner.macAddress(), got.ethDst(), why);
            assertEquals(routed ? router : src.macAddress(), got.ethSrc(), why);
            assertEquals(routed ? 63 : 64, got.ttl(), why);
            assertTrue(got.vlans().isEmpty(), why);
        }
    }

    // ---- security groups: compiled with the Acl, against Neutron semantics -----------------------

    /** Every group's rules and members (the ports' IPv4 fixed IPs), as TenantDataPlane builds them. */
    private static Acl acl(IntentService svc) {
        return Acl.from(svc.store().all(ResourceType.SECURITY_GROUP_RULE), svc.store().all(ResourceType.PORT));
    }

    private static Map<DeviceId, List<FlowRule>> compileWithAcl(IntentService svc, Net net) {
        Map<UUID, Vpc> vpcs = new HashMap<>();
        for (Resource r : svc.store().all(ResourceType.VPC)) {
            vpcs.put(r.id(), (Vpc) r);
        }
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : svc.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
        }
        TopologySnapshot s = net.snapshot();
        return new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT)).compile(vpcs, placed, acl(svc));
    }

    private static ConnectPoint at(Port p) {
        return ConnectPoint.of(p.binding().dpid(), p.binding().port());
    }

    /** The packet back: addresses and ports swapped, an echo reply for an echo request. */
    private static SimPacket reverse(SimPacket p, MacAddress ethSrc, MacAddress ethDst) {
        Ip4Address src = p.ipv4Dst();
        Ip4Address dst = p.ipv4Src();
        if (p.ipProto() == IpProtocol.TCP) {
            return SimPacket.tcp(ethSrc, ethDst, src, dst, p.l4Dst(), p.l4Src());
        } else if (p.ipProto() == IpProtocol.UDP) {
            return SimPacket.udp(ethSrc, ethDst, src, dst, p.l4Dst(), p.l4Src());
        }
        return SimPacket.icmpEcho(ethSrc, ethDst, src, dst).with(Criterion.Type.ICMPV4_TYPE, 0);
    }

    @Test
    void securityGroupsDefaultGroupMembersTalkAndATcpPortRuleAdmitsOnlyItsPortWithReplies() {
        Net net = line();
        Vpc a = vpc();
        subnet(a, "10.0.0.0/24");
        UUID web = fixture.group("web", RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(8080, 8080));
        Port a1 = port(a, "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1));
        Port a2 = port(a, "02:00:00:00:0a:02", "10.0.0.12", cp(3, 1));
        Port w = fixture.port(a.id(), TenantFixture.settings("02:00:00:00:0a:03", "10.0.0.13", cp(2, 1))
                .withSecurityGroups(List.of(web)));
        SimFabric f = net.fabric(compileWithAcl(intents, net));

        // Default group: a1 -> a2 (a member), and the echo reply.
        SimPacket ping = SimPacket.icmpEcho(a1.macAddress(), a2.macAddress(), ip(a1), ip(a2));
        FabricResult r = f.send(cp(1, 1), ping);
        assertTrue(r.deliveredOnlyTo(cp(3, 1)), r.toString());
        FabricResult pong = f.send(cp(3, 1), reverse(ping, a2.macAddress(), a1.macAddress()));
        assertTrue(pong.deliveredOnlyTo(cp(1, 1)), pong.toString());

        // The web port: 8080 in, 22 not; the reply of 8080 leaves although the group allows no egress.
        SimPacket http = SimPacket.tcp(a1.macAddress(), w.macAddress(), ip(a1), ip(w), 40000, 8080);
        FabricResult in = f.send(cp(1, 1), http);
        assertTrue(in.deliveredOnlyTo(cp(2, 1)), in.toString());
        FabricResult back = f.send(cp(2, 1), reverse(http, w.macAddress(), a1.macAddress()));
        assertTrue(back.deliveredOnlyTo(cp(1, 1)), "the reply passes both zones\n" + back);
        FabricResult ssh = f.send(cp(1, 1), SimPacket.tcp(a1.macAddress(), w.macAddress(), ip(a1), ip(w), 40001, 22));
        assertTrue(ssh.deliveredTo().isEmpty(), ssh.toString());
        assertTrue(ssh.drops().stream().anyMatch(d -> d.device().equals(DeviceId.of(2))
                && d.reason().contains("table " + Pipeline.ACL_IN_CT)), "dropped by the web port's ingress ACL\n" + ssh);
        FabricResult fromWeb = f.send(cp(2, 1), SimPacket.tcp(w.macAddress(), a1.macAddress(), ip(w), ip(a1), 8080, 40002));
        assertTrue(fromWeb.deliveredTo().isEmpty(), "not a reply, and web allows no egress\n" + fromWeb);
        assertTrue(fromWeb.drops().stream().anyMatch(d -> d.device().equals(DeviceId.of(2))
                && d.reason().contains("table " + Pipeline.ACL_OUT_CT)), "dropped by its egress ACL\n" + fromWeb);
    }

    /**
     * A remote group admits its members of the receiving port's own VPC: addresses are per VPC, so a
     * member in another VPC of the tenant names, here, whichever port holds its address.
     */
    @Test
    void aRemoteGroupAdmitsItsMembersInTheSameVpcNotTheirAddressesElsewhere() {
        Net net = line();
        Vpc a = vpc();
        Vpc b = vpc();
        subnet(a, "10.0.0.0/24");
        subnet(b, "10.0.0.0/24");
        UUID out = fixture.group("out", RuleSpec.any(Direction.EGRESS));
        port(a, "02:00:00:00:0a:01", "10.0.0.11", cp(1, 1)); // in the default group, in VPC a
        Port b1 = port(b, "02:00:00:00:0b:01", "10.0.0.12", cp(3, 1));
        Port b2 = port(b, "02:00:00:00:0b:02", "10.0.0.13", cp(3, 2));
        Port x = fixture.port(b.id(), TenantFixture.settings("02:00:00:00:0b:03", "10.0.0.11", cp(2, 1))
                .withSecurityGroups(List.of(out))); // a's address, in VPC b, not in the default group
        SimFabric f = net.fabric(compileWithAcl(intents, net));

        FabricResult member = f.send(cp(3, 2), SimPacket.tcp(b2.macAddress(), b1.macAddress(), ip(b2), ip(b1), 40000, 22));
        assertTrue(member.deliveredOnlyTo(cp(3, 1)), "a member of the default group in b reaches b1\n" + member);
        FabricResult stranger = f.send(cp(2, 1), SimPacket.tcp(x.macAddress(), b1.macAddress(), ip(x), ip(b1), 40001, 22));
        assertTrue(stranger.deliveredTo().isEmpty(), "x is no member, whoever holds its address in a\n" + stranger);
        assertTrue(stranger.drops().stream().anyMatch(d -> d.device().equals(DeviceId.of(3))
                && d.reason().contains("table " + Pipeline.ACL_IN_CT)), "dropped by b1's ingress ACL\n" + stranger);
    }

    @Test
    void randomSecurityGroupsAndPacketsMatchNeutronSemantics() {
        Random rnd = new Random(20261126L);
        int delivered = 0;
        int denied = 0;
        for (int round = 0; round < 6; round++) {
            IntentService local = TenantFixture.newService();
            int[] counts = runSecurityRound(local, rnd, false);
            delivered += counts[0];
            denied += counts[1];
        }
        assertTrue(delivered > 100 && denied > 100, "both outcomes exercised: " + delivered + " delivered, "
                + denied + " denied");
    }

    /**
     * The same with VPCs crowded onto two switches (8 to 15 ports of one or two VPCs on 24 host
     * ports): several local ports share a remote-group rule, so the compiler matches the members
     * through conjunctions (AclConjunctions), and the semantics must not change.
     */
    @Test
    void randomSecurityGroupsOnCrowdedSwitchesMatchNeutronSemanticsThroughConjunctions() {
        Random rnd = new Random(20261207L);
        int delivered = 0;
        int denied = 0;
        int conjunctive = 0;
        int throughConjunction = 0;
        for (int round = 0; round < 6; round++) {
            IntentService local = TenantFixture.newService();
            int[] counts = runSecurityRound(local, rnd, true);
            delivered += counts[0];
            denied += counts[1];
            conjunctive += counts[2];
            throughConjunction += counts[3];
        }
        assertTrue(delivered > 100 && denied > 100, "both outcomes exercised: " + delivered + " delivered, "
                + denied + " denied");
        assertTrue(conjunctive > 0 && throughConjunction > 20, conjunctive + " rules with conjunctions, "
                + throughConjunction + " connections admitted through one");
    }

    private static final String[] PREFIXES = {"10.0.0.0/24", "10.0.1.0/24", "10.0.0.0/25", "10.0.0.0/16",
        "0.0.0.0/0", "192.168.0.0/16"};
    private static final int[] DST_PORTS = {22, 23, 53, 80, 81, 1023, 1024, 1031, 8080, 8081, 8088, 40000, 48080, 65535};
    /** How far a random rule's port range reaches past its first port: one port to most of the space. */
    private static final int[] RANGE_WIDTHS = {0, 1, 7, 1000, 40000};

    /**
     * Delivered and denied new connections of one round, and the rules with conjunction actions;
     * {@code crowded}: the ports on two switches of 12 host ports, more of them.
     */
    private int[] runSecurityRound(IntentService svc, Random rnd, boolean crowded) {
        Net net = crowded ? fatTree(12) : fatTree();
        TenantFixture t = new TenantFixture(svc, "r");
        List<UUID> groups = new ArrayList<>(List.of(t.defaultGroup()));
        int nGroups = 1 + rnd.nextInt(3);
        for (int g = 0; g < nGroups; g++) {
            groups.add(t.group("g" + g, new RuleSpec[0]));
        }
        for (UUID g : groups.subList(1, groups.size())) {
            int nRules = rnd.nextInt(5);
            for (int i = 0; i < nRules; i++) {
                RuleSpec rule = RuleSpec.any(rnd.nextBoolean() ? Direction.INGRESS : Direction.EGRESS);
                int proto = rnd.nextInt(4);
                if (proto == 0 || proto == 1) {
                    rule = rule.withProtocol(proto == 0 ? "tcp" : "udp");
                    if (rnd.nextInt(4) != 0) {
                        int min = DST_PORTS[rnd.nextInt(DST_PORTS.length)];
                        rule = rule.withPorts(min, Math.min(65535, min + RANGE_WIDTHS[rnd.nextInt(RANGE_WIDTHS.length)]));
                    }
                } else if (proto == 2) {
                    rule = rule.withProtocol("icmp");
                    int type = rnd.nextInt(3);
                    if (type > 0) {
                        rule = rule.withPorts(type == 1 ? 8 : 0, null);
                    }
                }
                int remote = rnd.nextInt(3);
                if (remote == 0) {
                    rule = rule.withRemoteIpPrefix(IpPrefix.parse(PREFIXES[rnd.nextInt(PREFIXES.length)]));
                } else if (remote == 1) {
                    rule = rule.withRemoteGroupId(groups.get(rnd.nextInt(groups.size())));
                }
                try {
                    t.rule(g, rule);
                } catch (IntentException e) {
                    if (!e.getMessage().contains("already has this rule")) {
                        throw e;
                    }
                }
            }
        }

        List<ConnectPoint> free = new ArrayList<>(net.edges);
        if (crowded) {
            List<DeviceId> edgeSwitches = free.stream().map(ConnectPoint::deviceId).distinct().sorted().toList();
            DeviceId a = edgeSwitches.get(rnd.nextInt(edgeSwitches.size()));
            DeviceId b = edgeSwitches.get(rnd.nextInt(edgeSwitches.size()));
            free.removeIf(cp -> !cp.deviceId().equals(a) && !cp.deviceId().equals(b));
        }
        java.util.Collections.shuffle(free, rnd);
        List<Port> ports = new ArrayList<>();
        Map<UUID, Vpc> vpcs = new HashMap<>();
        int nVpcs = 1 + rnd.nextInt(2);
        for (int v = 0; v < nVpcs; v++) {
            Vpc vpc = t.vpc();
            vpcs.put(vpc.id(), vpc);
            int nSubnets = 1 + rnd.nextInt(2);
            for (int s = 0; s < nSubnets; s++) {
                t.subnet(vpc.id(), "10.0." + s + ".0/24");
            }
            int nPorts = crowded ? 8 + rnd.nextInt(8) : 2 + rnd.nextInt(5);
            for (int p = 0; p < nPorts && !free.isEmpty(); p++) {
                ConnectPoint at = free.remove(free.size() - 1);
                PortUpdate settings = PortUpdate.NONE.withBinding(TenantFixture.binding(at));
                int kind = rnd.nextInt(8);
                if (kind == 0) {
                    settings = settings.withPortSecurityEnabled(false).withSecurityGroups(List.of());
                } else if (kind > 2) { // else: the tenant's default group
                    List<UUID> mine = new ArrayList<>();
                    for (UUID g : groups) {
                        if (rnd.nextInt(3) == 0) {
                            mine.add(g);
                        }
                    }
                    settings = settings.withSecurityGroups(mine);
                }
                ports.add(t.port(vpc.id(), settings));
            }
        }
        Acl acl = acl(svc);
        Map<DeviceId, List<FlowRule>> compiled = compileWithAcl(svc, net);
        SimFabric f = net.fabric(compiled);
        int conjunctive = (int) compiled.values().stream().flatMap(List::stream)
                .filter(r -> r.applyActions().stream().anyMatch(a -> a instanceof Action.Conjunction)).count();

        int delivered = 0;
        int denied = 0;
        int throughConjunction = 0;
        for (int i = 0; i < 150; i++) {
            f.flushConntrack();
            Port src = ports.get(rnd.nextInt(ports.size()));
            Port dstPort = ports.get(rnd.nextInt(ports.size()));
            Ip4Address dstIp = ip4(dstPort);
            MacAddress router = Pipeline.routerMac(vpcs.get(src.vpcId()).segmentId());
            boolean routed = rnd.nextBoolean();
            MacAddress ethDst = routed ? router : dstPort.macAddress();
            boolean spoof = rnd.nextInt(10) == 0;
            Ip4Address srcIp = spoof ? Ip4Address.parse("10.0.0.250") : ip4(src);
            int proto = rnd.nextInt(3);
            int dport = DST_PORTS[rnd.nextInt(DST_PORTS.length)];
            int sport = 1024 + rnd.nextInt(60000);
            SimPacket pkt = proto == 0 ? SimPacket.tcp(src.macAddress(), ethDst, srcIp, dstIp, sport, dport)
                    : proto == 1 ? SimPacket.udp(src.macAddress(), ethDst, srcIp, dstIp, sport, dport)
                    : SimPacket.icmpEcho(src.macAddress(), ethDst, srcIp, dstIp);

            FabricResult r = f.send(at(src), pkt);
            Port owner = null;
            for (Port p : ports) {
                if (p.vpcId().equals(src.vpcId()) && ip4(p).equals(dstIp)) {
                    owner = p;
                }
            }
            boolean spoofed = !srcIp.equals(ip4(src)) && src.portSecurityEnabled();
            boolean expected = !spoofed && owner != null && !owner.id().equals(src.id())
                    && allows(src, SecurityGroupRule.Direction.EGRESS, dstIp, pkt, acl, ports)
                    && allows(owner, SecurityGroupRule.Direction.INGRESS, srcIp, pkt, acl, ports);
            String why = "packet " + i + " " + pkt + " from " + describe(src) + " to "
                    + (owner == null ? "nobody" : describe(owner)) + "\n" + acl.rulesByGroup() + "\n" + r;
            assertFalse(r.hasLoop(), why);
            if (!expected) {
                assertTrue(r.deliveredTo().isEmpty(), "must not be delivered: " + why);
                denied++;
                continue;
            }
            delivered++;
            assertTrue(r.deliveredOnlyTo(at(owner)), "must reach exactly " + at(owner) + ": " + why);
            if (r.hops().stream().flatMap(h -> h.rulesHit().stream())
                    .anyMatch(x -> x.match().get(Criterion.Type.CONJ_ID).isPresent())) {
                throughConjunction++;
            }
            SimPacket got = r.packetAt(at(owner));
            assertEquals(owner.macAddress(), got.ethDst(), why);
            assertEquals(routed ? 63 : 64, got.ttl(), why);
            if (!srcIp.equals(ip4(src))) {
                continue; // a spoofed source of an open port: its replies go to whoever owns that address
            }
            // Stateful: the reply passes whatever the rules say, through both ports' zones.
            SimPacket reply = reverse(pkt, owner.macAddress(), routed ? router : src.macAddress());
            FabricResult back = f.send(at(owner), reply);
            assertTrue(back.deliveredOnlyTo(at(src)), "the reply must reach " + at(src) + ": " + why
                    + "\nreply: " + back);
            // And the connection goes on in the original direction.
            FabricResult more = f.send(at(src), pkt);
            assertTrue(more.deliveredOnlyTo(at(owner)), "established: " + why + "\nagain: " + more);
        }
        return new int[] {delivered, denied, conjunctive, throughConjunction};
    }

    private static String describe(Port p) {
        return at(p) + " " + ip4(p) + (p.portSecurityEnabled() ? " groups " + p.securityGroups() : " (no port security)");
    }

    /**
     * Neutron: a port without port security allows everything; else some rule of its groups must. A
     * remote group means its member ports in {@code p}'s VPC (from the ports themselves, not the Acl).
     */
    private static boolean allows(Port p, SecurityGroupRule.Direction dir, Ip4Address remote, SimPacket pkt, Acl acl,
                                  List<Port> ports) {
        if (!p.portSecurityEnabled()) {
            return true;
        }
        for (UUID g : p.securityGroups()) {
            for (SecurityGroupRule r : acl.rulesByGroup().getOrDefault(g, List.of())) {
                if (r.direction() == dir && SecurityGroupRule.IPV4.equals(r.ethertype()) && remoteMatches(r, remote, p.vpcId(), ports)
                        && protocolMatches(r, pkt)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean remoteMatches(SecurityGroupRule r, Ip4Address remote, UUID vpc, List<Port> ports) {
        if (r.remoteIpPrefix() != null) {
            return Ip4Prefix.of(Ip4Address.of(r.remoteIpPrefix().address().getAddress(), 0), r.remoteIpPrefix().length())
                    .contains(remote);
        }
        if (r.remoteGroupId() != null) {
            return ports.stream().anyMatch(m -> m.vpcId().equals(vpc) && m.securityGroups().contains(r.remoteGroupId())
                    && ip4(m).equals(remote));
        }
        return true;
    }

    private static boolean protocolMatches(SecurityGroupRule r, SimPacket pkt) {
        if (r.protocol() == null) {
            return true;
        }
        int proto = pkt.ipProto();
        switch (r.protocol()) {
            case "tcp":
            case "udp":
                if (proto != (r.protocol().equals("tcp") ? IpProtocol.TCP : IpProtocol.UDP)) {
                    return false;
                }
                return r.portRangeMin() == null
                        || (pkt.l4Dst() >= r.portRangeMin() && pkt.l4Dst() <= r.portRangeMax());
            case "icmp":
                if (proto != IpProtocol.ICMP) {
                    return false;
                }
                return r.portRangeMin() == null || (pkt.get(Criterion.Type.ICMPV4_TYPE) == r.portRangeMin()
                        && (r.portRangeMax() == null || pkt.get(Criterion.Type.ICMPV4_CODE) == r.portRangeMax()));
            default:
                return Integer.parseInt(r.protocol()) == proto;
        }
    }


    private static Ip4Address ip4(Port p) {
        return Ip4Address.of(((Inet4Address) p.fixedIps().get(0).ipAddress()).getAddress(), 0);
    }
}
