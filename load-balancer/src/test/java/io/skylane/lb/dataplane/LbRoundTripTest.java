package io.skylane.lb.dataplane;

import static io.skylane.lb.dataplane.LbLab.answer;
import static io.skylane.lb.dataplane.LbLab.at;
import static io.skylane.lb.dataplane.LbLab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Criterion;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.testing.EmbeddedHeader;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.testing.TenantFixture;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Connections through a VIP on the compiled tenant and load-balancer rules of a line of three
 * switches: a client's first packet reaches a member addressed to the member, from the client (the
 * member sees the client's address); the answers come back from the VIP; every later packet of the
 * connection goes to the same member (conntrack), wherever the client is; hairpin; UDP.
 */
class LbRoundTripTest {

    static final String VIP = "10.0.0.100";
    private static final Ip4Address VIP_IP = Ip4Address.parse(VIP);

    private final LbLab lab = new LbLab(3);
    private final LbLab.Tenant t = lab.tenant("t", "10.0.0.0/24");
    /** Members: two on switch 2, one on switch 3. */
    private final Port m1 = t.port("02:00:00:00:01:01", "10.0.0.21", 2, 1);
    private final Port m2 = t.port("02:00:00:00:01:02", "10.0.0.22", 2, 2);
    private final Port m3 = t.port("02:00:00:00:01:03", "10.0.0.23", 3, 1);
    private final List<Port> members = List.of(m1, m2, m3);
    /** Clients: one on a switch without members, one beside m1 and m2. */
    private final Port c1 = t.port("02:00:00:00:00:01", "10.0.0.11", 1, 1);
    private final Port c2 = t.port("02:00:00:00:00:02", "10.0.0.12", 2, 5);

    private void pool(L4Protocol protocol, int vipPort, int memberPort) {
        LoadBalancer lb = t.lb(VIP);
        Listener l = t.listener(lb, protocol, vipPort);
        Pool pool = t.pool(l, Pool.Algorithm.SOURCE_IP_PORT);
        for (Port m : members) {
            t.member(pool, ip(m).toString(), memberPort, 1);
        }
    }

    /** The member whose port got the packet, checking that exactly one copy went anywhere. */
    private Port receiver(FabricResult r) {
        assertEquals(1, r.deliveries().size(), r::toString);
        assertTrue(r.punts().isEmpty() && !r.hasLoop(), r::toString);
        ConnectPoint where = r.deliveries().get(0).at();
        return members.stream().filter(m -> at(m).equals(where)).findFirst()
                .orElseThrow(() -> new AssertionError("delivered at " + where + ", not at a member\n" + r));
    }

    /**
     * A connection from {@code client} ({@code first}: its first packet, to the VIP), answered by the
     * member it reaches and continued for three more exchanges; returns the member.
     */
    private Port converse(SimFabric f, Port client, SimPacket first, int memberPort) {
        int lbz = LbPipeline.lbZone(t.vpc.segmentId());
        int before = f.device(at(client).deviceId()).connections(lbz);
        FabricResult there = f.send(at(client), first);
        Port m = receiver(there);
        SimPacket got = there.packetAt(at(m));
        assertEquals(ip(client), got.ipv4Src(), "the member sees the client's address\n" + there);
        assertEquals(first.l4Src(), got.l4Src());
        assertEquals(ip(m), got.ipv4Dst());
        assertEquals(memberPort, got.l4Dst());
        assertEquals(m.macAddress(), got.ethDst());
        assertEquals(before + 1, f.device(at(client).deviceId()).connections(lbz),
                "the member was chosen (and the connection committed) at the client's switch");

        FabricResult back = f.send(at(m), answer(m, got));
        assertTrue(back.deliveredOnlyTo(at(client)), back::toString);
        SimPacket reply = back.packetAt(at(client));
        assertEquals(VIP_IP, reply.ipv4Src(), "the answer comes from the VIP\n" + back);
        assertEquals(first.l4Dst(), reply.l4Src());
        assertEquals(ip(client), reply.ipv4Dst());
        assertEquals(first.l4Src(), reply.l4Dst());
        assertEquals(client.macAddress(), reply.ethDst());

        for (int i = 0; i < 3; i++) {
            FabricResult next = f.send(at(client), first);
            assertEquals(m, receiver(next), "a later packet of the connection goes to the same member\n" + next);
            assertEquals(got, next.packetAt(at(m)));
            FabricResult nextBack = f.send(at(m), answer(m, got));
            assertEquals(reply, nextBack.packetAt(at(client)), nextBack::toString);
        }
        return m;
    }

    /** 30 connections from {@code client}; every member must get some (equal weights, per connection). */
    private void thirtyConnections(Port client, int firstSrcPort) {
        pool(L4Protocol.TCP, 80, 8080);
        SimFabric f = lab.fabric();
        Map<Port, Integer> byMember = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            byMember.merge(converse(f, client, t.tcp(client, VIP, firstSrcPort + i, 80), 8080), 1, Integer::sum);
        }
        assertEquals(Set.copyOf(members), byMember.keySet(), "30 connections reach every member: " + byMember);
    }

    @Test
    void aClientOnASwitchWithoutMembersReachesEveryMemberAndGetsItsAnswersFromTheVip() {
        thirtyConnections(c1, 40000);
    }

    @Test
    void aClientOnTheMembersSwitchReachesLocalAndRemoteMembersAlike() {
        thirtyConnections(c2, 41000);
    }

    @Test
    void udpDatagramsToTheVipReachAMemberAndTheAnswersComeFromTheVip() {
        pool(L4Protocol.UDP, 53, 5353);
        SimFabric f = lab.fabric();
        Set<Port> reached = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            reached.add(converse(f, c1, t.udp(c1, VIP, 50000 + i, 53), 5353));
        }
        assertEquals(Set.copyOf(members), reached);
        FabricResult tcp = f.send(at(c1), t.tcp(c1, VIP, 50000, 53));
        assertTrue(tcp.isDropped(), "no TCP listener on port 53\n" + tcp);
    }

    /**
     * A member without a server on the port answers a datagram with ICMP port unreachable: the client
     * gets it from the VIP, about the datagram it sent (un-DNAT of the related error, as Linux does),
     * whether the member is on the client's switch or another one.
     */
    @Test
    void aMembersPortUnreachableReachesTheClientFromTheVipAboutWhatTheClientSent() {
        pool(L4Protocol.UDP, 53, 5353);
        SimFabric f = lab.fabric();
        Set<Port> reached = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            for (Port client : List.of(c1, c2)) {
                SimPacket sent = t.udp(client, VIP, 51000 + i, 53);
                FabricResult there = f.send(at(client), sent);
                Port m = receiver(there);
                reached.add(m);
                SimPacket got = there.packetAt(at(m));
                SimPacket error = SimPacket.icmpError(m.macAddress(), got.ethSrc(), ip(m), ip(client), 3, 3, got);
                FabricResult back = f.send(at(m), error);
                assertTrue(back.deliveredOnlyTo(at(client)), back::toString);
                SimPacket seen = back.packetAt(at(client));
                assertEquals(VIP_IP, seen.ipv4Src(), back::toString);
                assertEquals(3, seen.get(Criterion.Type.ICMPV4_TYPE));
                assertEquals(EmbeddedHeader.of(sent), seen.embedded().orElseThrow(),
                        "about what the client sent\n" + back);
            }
        }
        assertEquals(Set.copyOf(members), reached);
    }

    @Test
    void noMemberUpOnAUdpListenerPuntsTheDatagramToTheControllerToBeRefused() {
        pool(L4Protocol.UDP, 53, 5353);
        SimFabric f = lab.fabric(id -> false);
        FabricResult r = f.send(at(c1), t.udp(c1, VIP, 50000, 53));
        assertTrue(r.deliveries().isEmpty(), r::toString);
        assertEquals(1, r.punts().size(), r::toString);
        FabricResult.Punt p = r.punts().get(0);
        assertEquals(at(c1).deviceId(), p.device(), "refused at the client's switch");
        assertEquals(LbPipeline.APP_ID.cookie(LbPipeline.COOKIE_REFUSE), p.cookie());
        assertEquals(VIP_IP, p.packet().ipv4Dst(), "the controller gets the datagram as sent, to answer from the VIP");
        assertEquals(ip(c1), p.packet().ipv4Src());
    }

    /**
     * A member connecting to its own VIP: when the hash picks another member, that member sees
     * the first one's address as for any client; when it picks the member itself, the connection is
     * source-NATed to the VIP (the member sees a connection from the VIP, out of the port it came
     * in by), and either way the answers come from the VIP.
     */
    @Test
    void aMemberConnectingToItsOwnVipIsAnsweredFromTheVipWhicheverMemberServesIt() {
        pool(L4Protocol.TCP, 80, 8080);
        SimFabric f = lab.fabric();
        int self = 0;
        int others = 0;
        for (int i = 0; i < 40; i++) {
            int srcPort = 43000 + i;
            SimPacket syn = t.tcp(m1, VIP, srcPort, 80);
            FabricResult there = f.send(at(m1), syn);
            Port m = receiver(there);
            SimPacket got = there.packetAt(at(m));
            assertEquals(ip(m), got.ipv4Dst(), there::toString);
            assertEquals(8080, got.l4Dst());
            if (m.equals(m1)) {
                self++;
                assertEquals(VIP_IP, got.ipv4Src(), "the member chose itself: it sees the VIP\n" + there);
                assertTrue(got.l4Src() >= LbPipeline.HAIRPIN_PORT_MIN && got.l4Src() <= LbPipeline.HAIRPIN_PORT_MAX,
                        "hairpin source port " + got.l4Src());
                List<ConnectPoint> path = there.deliveries().get(0).path();
                assertEquals(List.of(at(m1)), path, "out of the port it came in by (output:IN_PORT), on its switch");
            } else {
                others++;
                assertEquals(ip(m1), got.ipv4Src(), "another member sees the member's address\n" + there);
                assertEquals(srcPort, got.l4Src());
            }
            FabricResult back = f.send(at(m), answer(m, got));
            assertTrue(back.deliveredOnlyTo(at(m1)), back::toString);
            assertEquals(SimPacket.tcp(t.routerMac(), m1.macAddress(), VIP_IP, ip(m1), 80, srcPort)
                    .withTtl(back.packetAt(at(m1)).ttl()), back.packetAt(at(m1)), "the answer comes from the VIP\n" + back);
            FabricResult again = f.send(at(m1), syn);
            assertEquals(got, again.packetAt(at(m)), "the connection keeps its member\n" + again);
        }
        assertTrue(self > 0 && others > 0, "both cases exercised: " + self + " to itself, " + others + " to others");
    }

    /**
     * Two listeners of one VIP with their own pools, one member address in both on different ports,
     * and a member without port security beside the client (its reply is untracked on that switch).
     */
    @Test
    void twoListenersOfOneVipReachTheirOwnPoolsAndAMemberWithoutPortSecurityAnswersToo() {
        Port open = t.port(TenantFixture.settings("02:00:00:00:01:09", "10.0.0.29", LbLab.cp(1, 2))
                .withSecurityGroups(List.of()).withPortSecurityEnabled(false));
        LoadBalancer lb = t.lb(VIP);
        Pool http = t.pool(t.listener(lb, L4Protocol.TCP, 80), Pool.Algorithm.SOURCE_IP_PORT);
        t.member(http, "10.0.0.21", 8080, 1);
        Pool https = t.pool(t.listener(lb, L4Protocol.TCP, 443), Pool.Algorithm.SOURCE_IP_PORT);
        t.member(https, "10.0.0.21", 8443, 1);
        t.member(https, "10.0.0.29", 8443, 1);
        SimFabric f = lab.fabric();
        Set<Ip4Address> on443 = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            FabricResult a = f.send(at(c1), t.tcp(c1, VIP, 44000 + i, 80));
            assertTrue(a.deliveredOnlyTo(at(m1)), a::toString);
            assertEquals(8080, a.packetAt(at(m1)).l4Dst());
            FabricResult b = f.send(at(c1), t.tcp(c1, VIP, 44000 + i, 443));
            assertEquals(1, b.deliveries().size(), b::toString);
            ConnectPoint where = b.deliveries().get(0).at();
            Port m = where.equals(at(m1)) ? m1 : open;
            assertEquals(at(m), where, b::toString);
            SimPacket got = b.packetAt(where);
            assertEquals(8443, got.l4Dst());
            on443.add(got.ipv4Dst());
            FabricResult back = f.send(where, answer(m, got));
            assertTrue(back.deliveredOnlyTo(at(c1)), back::toString);
            assertEquals(SimPacket.tcp(t.routerMac(), c1.macAddress(), VIP_IP, ip(c1), 443, 44000 + i).withTtl(
                    back.packetAt(at(c1)).ttl()), back.packetAt(at(c1)), back::toString);
            FabricResult backA = f.send(at(m1), answer(m1, a.packetAt(at(m1))));
            assertEquals(80, backA.packetAt(at(c1)).l4Src(), backA::toString);
        }
        assertEquals(Set.of(ip(m1), ip(open)), on443);
    }
}
