package io.skylane.lb.dataplane;

import static io.skylane.lb.dataplane.LbLab.answer;
import static io.skylane.lb.dataplane.LbLab.at;
import static io.skylane.lb.dataplane.LbLab.cp;
import static io.skylane.lb.dataplane.LbLab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Criterion;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import io.skylane.vpc.testing.TenantFixture;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may reach a VIP and its members: not another VPC (another tenant with the same addresses on
 * the same switches), not a source outside the listener's allowed CIDRs (dropped at the client's
 * switch), not a client the member's security groups refuse (they see the client's address); while
 * the controller's health probes from the VIP reach members whatever their groups, and the members'
 * answers to them come to the controller.
 */
class LbPolicyTest {

    private static final String VIP = "10.0.0.100";
    private static final Ip4Address VIP_IP = Ip4Address.parse(VIP);

    private final LbLab lab = new LbLab(3);
    private final LbLab.Tenant t = lab.tenant("t", "10.0.0.0/24");

    /** The member that got the only copy delivered, checked to be one of {@code members}. */
    private static Port receiver(FabricResult r, List<Port> members) {
        assertEquals(1, r.deliveries().size(), r::toString);
        assertTrue(r.punts().isEmpty(), r::toString);
        ConnectPoint where = r.deliveries().get(0).at();
        return members.stream().filter(m -> at(m).equals(where)).findFirst()
                .orElseThrow(() -> new AssertionError("delivered at " + where + ", not at one of its members\n" + r));
    }

    /** A TCP listener on VIP:80 with a member on port 8080 at each of {@code members}. */
    private static Pool webPool(LbLab.Tenant tenant, List<Port> members) {
        Pool pool = tenant.pool(tenant.listener(tenant.lb(VIP), L4Protocol.TCP, 80), Pool.Algorithm.SOURCE_IP_PORT);
        members.forEach(m -> tenant.member(pool, ip(m).toString(), 8080, 1));
        return pool;
    }

    @Test
    void anotherTenantWithTheSameAddressesNeverReachesTheMembersAndItsOwnVipOnlyReachesItsOwn() {
        List<Port> mine = List.of(t.port("02:00:00:00:01:01", "10.0.0.21", 2, 1),
                t.port("02:00:00:00:01:02", "10.0.0.22", 3, 1));
        Port myClient = t.port("02:00:00:00:00:01", "10.0.0.11", 1, 1);
        webPool(t, mine);
        LbLab.Tenant u = lab.tenant("u", "10.0.0.0/24");
        // Same MACs and addresses, other ports of the same switches.
        List<Port> theirs = List.of(u.port("02:00:00:00:01:01", "10.0.0.21", 2, 6),
                u.port("02:00:00:00:01:02", "10.0.0.22", 3, 6));
        Port theirClient = u.port("02:00:00:00:00:01", "10.0.0.11", 1, 6);

        SimFabric f = lab.fabric();
        for (int i = 0; i < 20; i++) {
            FabricResult r = f.send(at(theirClient), u.tcp(theirClient, VIP, 40000 + i, 80));
            assertTrue(r.deliveries().isEmpty() && r.punts().isEmpty(), "u has no VIP 10.0.0.100\n" + r);
            FabricResult r2 = f.send(at(theirClient), t.tcp(theirClient, VIP, 40000 + i, 80));
            assertTrue(r2.deliveries().isEmpty() && r2.punts().isEmpty(), "not even to t's router MAC\n" + r2);
        }

        webPool(u, theirs);
        f = lab.fabric();
        Set<Port> reachedMine = new HashSet<>();
        Set<Port> reachedTheirs = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            // The same 5-tuple from both tenants, on the same switch, at the same time.
            SimPacket syn = t.tcp(myClient, VIP, 40000 + i, 80);
            FabricResult a = f.send(at(myClient), syn);
            FabricResult b = f.send(at(theirClient), u.tcp(theirClient, VIP, 40000 + i, 80));
            Port m = receiver(a, mine);
            Port n = receiver(b, theirs);
            reachedMine.add(m);
            reachedTheirs.add(n);
            FabricResult backB = f.send(at(n), answer(n, b.packetAt(at(n))));
            assertTrue(backB.deliveredOnlyTo(at(theirClient)), backB::toString);
            assertEquals(VIP_IP, backB.packetAt(at(theirClient)).ipv4Src());
            FabricResult backA = f.send(at(m), answer(m, a.packetAt(at(m))));
            assertTrue(backA.deliveredOnlyTo(at(myClient)), backA::toString);
            assertEquals(VIP_IP, backA.packetAt(at(myClient)).ipv4Src());
            assertEquals(a.packetAt(at(m)), f.send(at(myClient), syn).packetAt(at(m)), "t's connection goes on");
        }
        assertEquals(Set.copyOf(mine), reachedMine);
        assertEquals(Set.copyOf(theirs), reachedTheirs);
    }

    @Test
    void aSourceOutsideTheListenersAllowedCidrsIsDroppedAtTheClientsSwitch() {
        Port member = t.port("02:00:00:00:01:01", "10.0.0.21", 2, 1);
        Port inside = t.port("02:00:00:00:00:01", "10.0.0.11", 1, 1);
        Port outside = t.port("02:00:00:00:00:02", "10.0.0.50", 1, 2);
        Port outsideOnMembersSwitch = t.port("02:00:00:00:00:03", "10.0.0.51", 2, 5);
        Pool pool = t.pool(t.listener(t.lb(VIP), L4Protocol.TCP, 80, "10.0.0.0/28", "192.168.0.0/16"),
                Pool.Algorithm.SOURCE_IP);
        t.member(pool, "10.0.0.21", 8080, 1);
        SimFabric f = lab.fabric();

        FabricResult served = f.send(at(inside), t.tcp(inside, VIP, 40000, 80));
        assertTrue(served.deliveredOnlyTo(at(member)), served::toString);
        for (Port p : List.of(outside, outsideOnMembersSwitch)) {
            FabricResult r = f.send(at(p), t.tcp(p, VIP, 40000, 80));
            assertTrue(r.isDropped(), r::toString);
            assertTrue(r.hops().size() == 1 && r.drops().stream().allMatch(d -> d.device().equals(at(p).deviceId())),
                    "dropped at the client's switch\n" + r);
            assertTrue(r.drops().stream().anyMatch(d -> d.reason().contains("table " + SkylanePipeline.ROUTE.id())),
                    r::toString);
            FabricResult direct = f.send(at(p), SimPacket.tcp(p.macAddress(), t.routerMac(), ip(p), ip(member), 40001,
                    8080));
            assertTrue(direct.deliveredOnlyTo(at(member)), "allowed_cidrs guards the VIP, not the member\n" + direct);
        }
    }

    @Test
    void aMembersGroupsSeeTheClientsAddressButNeverBlockProbesFromTheVip() {
        UUID narrow = t.fixture.group("narrow", RuleSpec.any(Direction.INGRESS).withProtocol("tcp")
                .withPorts(8080, 8080).withRemoteIpPrefix(IpPrefix.parse("10.0.0.0/28")));
        Port member = t.port(TenantFixture.settings("02:00:00:00:01:01", "10.0.0.21", cp(2, 1))
                .withSecurityGroups(List.of(narrow)));
        Port inside = t.port("02:00:00:00:00:01", "10.0.0.11", 1, 1);
        Port outside = t.port("02:00:00:00:00:02", "10.0.0.50", 1, 2);
        Pool pool = webPool(t, List.of(member));
        t.monitor(pool, HealthMonitor.Type.TCP);
        SimFabric f = lab.fabric();

        FabricResult in = f.send(at(inside), t.tcp(inside, VIP, 40000, 80));
        assertTrue(in.deliveredOnlyTo(at(member)), in::toString);
        FabricResult back = f.send(at(member), answer(member, in.packetAt(at(member))));
        assertEquals(VIP_IP, back.packetAt(at(inside)).ipv4Src(), back::toString);

        FabricResult out = f.send(at(outside), t.tcp(outside, VIP, 40000, 80));
        assertTrue(out.isDropped(), "10.0.0.50 is outside the member's 10.0.0.0/28\n" + out);
        DeviceId memberSwitch = at(member).deviceId();
        assertTrue(out.drops().stream().anyMatch(d -> d.device().equals(memberSwitch)
                && d.reason().contains("table " + SkylanePipeline.ACL_IN_CT.id())), "by the member's ingress ACL\n" + out);

        // The controller's probe: a SYN from VIP:65300, a packet-out at the member's switch.
        SimPacket probe = SimPacket.tcp(t.routerMac(), member.macAddress(), VIP_IP, ip(member), 65300, 8080);
        FabricResult p = f.packetOut(memberSwitch, probe);
        assertTrue(p.deliveredOnlyTo(at(member)), "the VIP is outside 10.0.0.0/28, the probe passes anyway\n" + p);
        assertEquals(probe, p.packetAt(at(member)));
        FabricResult synAck = f.send(at(member), answer(member, p.packetAt(at(member))));
        assertTrue(synAck.deliveries().isEmpty(), synAck::toString);
        assertEquals(1, synAck.punts().size(), synAck::toString);
        FabricResult.Punt punt = synAck.punts().get(0);
        assertEquals(memberSwitch, punt.device());
        assertEquals(LbPipeline.APP_ID.cookie(LbPipeline.COOKIE_PROBE), punt.cookie());
        assertEquals(SimPacket.tcp(member.macAddress(), t.routerMac(), ip(member), VIP_IP, 8080, 65300),
                punt.packet().onWire(), "the member's answer, as it sent it");
    }

    /** UDP-CONNECT and PING monitors: the member's port unreachable and echo reply to the VIP go to the controller. */
    @Test
    void udpConnectAndPingProbeAnswersArePuntedAtTheMembersSwitch() {
        UUID closed = t.fixture.group("closed", RuleSpec.any(Direction.EGRESS));
        Port dns = t.port(TenantFixture.settings("02:00:00:00:01:01", "10.0.0.21", cp(3, 1))
                .withSecurityGroups(List.of(closed)));
        Port web = t.port(TenantFixture.settings("02:00:00:00:01:02", "10.0.0.22", cp(3, 2))
                .withSecurityGroups(List.of(closed)));
        Pool udp = t.pool(t.listener(t.lb(VIP), L4Protocol.UDP, 53), Pool.Algorithm.SOURCE_IP_PORT);
        t.member(udp, "10.0.0.21", 5353, 1);
        t.monitor(udp, HealthMonitor.Type.UDP_CONNECT);
        Pool tcp = t.pool(t.listener(t.lb("10.0.0.101"), L4Protocol.TCP, 80), Pool.Algorithm.SOURCE_IP_PORT);
        t.member(tcp, "10.0.0.22", 8080, 1);
        t.monitor(tcp, HealthMonitor.Type.PING);
        SimFabric f = lab.fabric();
        DeviceId sw = DeviceId.of(3);
        long probeCookie = LbPipeline.APP_ID.cookie(LbPipeline.COOKIE_PROBE);

        SimPacket udpProbe = SimPacket.udp(t.routerMac(), dns.macAddress(), VIP_IP, ip(dns), 65301, 5353);
        FabricResult there = f.packetOut(sw, udpProbe);
        assertTrue(there.deliveredOnlyTo(at(dns)), "no ingress rule admits it but the probe's\n" + there);
        SimPacket got = there.packetAt(at(dns));
        FabricResult unreachable = f.send(at(dns),
                SimPacket.icmpError(dns.macAddress(), got.ethSrc(), ip(dns), VIP_IP, 3, 3, got));
        assertEquals(1, unreachable.punts().size(), unreachable::toString);
        assertEquals(probeCookie, unreachable.punts().get(0).cookie());
        assertEquals(sw, unreachable.punts().get(0).device());

        Ip4Address vip2 = Ip4Address.parse("10.0.0.101");
        SimPacket ping = SimPacket.icmpEcho(t.routerMac(), web.macAddress(), vip2, ip(web));
        FabricResult echo = f.packetOut(sw, ping);
        assertTrue(echo.deliveredOnlyTo(at(web)), echo::toString);
        SimPacket request = echo.packetAt(at(web));
        SimPacket reply = SimPacket.icmpEcho(web.macAddress(), request.ethSrc(), ip(web), vip2)
                .with(Criterion.Type.ICMPV4_TYPE, 0);
        FabricResult pong = f.send(at(web), reply);
        assertEquals(1, pong.punts().size(), pong::toString);
        assertEquals(probeCookie, pong.punts().get(0).cookie());
        assertEquals(sw, pong.punts().get(0).device());
    }
}
