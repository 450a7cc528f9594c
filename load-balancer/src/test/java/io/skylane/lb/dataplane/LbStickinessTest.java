package io.skylane.lb.dataplane;

import static io.skylane.lb.dataplane.LbLab.answer;
import static io.skylane.lb.dataplane.LbLab.at;
import static io.skylane.lb.dataplane.LbLab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Pool changes on switches that keep their connections ({@link LbLab#recompile}): established
 * connections keep their member whatever happens to the pool (members added, removed, reweighted,
 * drained); new connections avoid drained and down members; a backup member serves only when no
 * other member is up; with no member up a new connection goes to the controller to be refused.
 */
class LbStickinessTest {

    private static final String VIP = "10.0.0.100";

    private final LbLab lab = new LbLab(3);
    private final LbLab.Tenant t = lab.tenant("t", "10.0.0.0/24");
    private final Port p1 = t.port("02:00:00:00:01:01", "10.0.0.21", 2, 1);
    private final Port p2 = t.port("02:00:00:00:01:02", "10.0.0.22", 2, 2);
    private final Port p3 = t.port("02:00:00:00:01:03", "10.0.0.23", 3, 1);
    /** Not a member at first. */
    private final Port p4 = t.port("02:00:00:00:01:04", "10.0.0.24", 3, 2);
    private final List<Port> hosts = List.of(p1, p2, p3, p4);
    /** Clients on each switch: without members, beside p1 and p2, beside p3 and p4. */
    private final List<Port> clients = List.of(t.port("02:00:00:00:00:01", "10.0.0.11", 1, 1),
            t.port("02:00:00:00:00:02", "10.0.0.12", 2, 5), t.port("02:00:00:00:00:03", "10.0.0.13", 3, 5));
    private final Pool pool = t.pool(t.listener(t.lb(VIP), L4Protocol.TCP, 80), Pool.Algorithm.SOURCE_IP_PORT);
    private final Member m1 = t.member(pool, "10.0.0.21", 8080, 1);
    private final Member m2 = t.member(pool, "10.0.0.22", 8080, 1);
    private final Member m3 = t.member(pool, "10.0.0.23", 8080, 1);
    private int nextPort = 40000;

    /** An established connection: what the member got and what the client got back. */
    private record Conn(Port client, Port member, SimPacket sent, SimPacket atMember, SimPacket atClient) {
    }

    private Port receiver(FabricResult r) {
        assertEquals(1, r.deliveries().size(), r::toString);
        assertTrue(r.punts().isEmpty(), r::toString);
        ConnectPoint where = r.deliveries().get(0).at();
        return hosts.stream().filter(m -> at(m).equals(where)).findFirst()
                .orElseThrow(() -> new AssertionError("delivered at " + where + ", not at a member\n" + r));
    }

    /** A new connection from {@code client}: SYN, SYN/ACK from the member it reached. */
    private Conn open(SimFabric f, Port client) {
        SimPacket syn = t.tcp(client, VIP, nextPort++, 80);
        FabricResult there = f.send(at(client), syn);
        Port m = receiver(there);
        SimPacket got = there.packetAt(at(m));
        assertEquals(ip(client), got.ipv4Src());
        FabricResult back = f.send(at(m), answer(m, got));
        SimPacket reply = back.packetAt(at(client));
        assertEquals(Ip4Address.parse(VIP), reply.ipv4Src(), back::toString);
        return new Conn(client, m, syn, got, reply);
    }

    /** Opens {@code perClient} connections from each client. */
    private List<Conn> openMany(SimFabric f, int perClient) {
        List<Conn> out = new ArrayList<>();
        for (Port c : clients) {
            for (int i = 0; i < perClient; i++) {
                out.add(open(f, c));
            }
        }
        return out;
    }

    /** Each connection's next packet reaches its member unchanged, and the member's answer comes back from the VIP. */
    private static void assertKept(SimFabric f, List<Conn> conns, String after) {
        for (Conn c : conns) {
            FabricResult there = f.send(at(c.client()), c.sent());
            assertTrue(there.deliveredOnlyTo(at(c.member())), after + ": the connection keeps its member\n" + there);
            assertEquals(c.atMember(), there.packetAt(at(c.member())));
            FabricResult back = f.send(at(c.member()), answer(c.member(), c.atMember()));
            assertTrue(back.deliveredOnlyTo(at(c.client())), after + "\n" + back);
            assertEquals(c.atClient(), back.packetAt(at(c.client())), after + "\n" + back);
        }
    }

    /** Where {@code n} new connections per client go, by member port. */
    private Map<Port, Integer> newConnections(SimFabric f, int n) {
        Map<Port, Integer> by = new HashMap<>();
        openMany(f, n).forEach(c -> by.merge(c.member(), 1, Integer::sum));
        return by;
    }

    private Member update(Member m, MemberUpdate u) {
        return t.update(m, u);
    }

    @Test
    void establishedConnectionsKeepTheirMemberThroughAddingReweightingDrainingAndRemovingMembers() {
        SimFabric f = lab.fabric();
        List<Conn> conns = openMany(f, 20);
        assertEquals(Set.of(p1, p2, p3), by(conns).keySet(), "every member serves some connection");

        t.member(pool, "10.0.0.24", 8080, 1);
        f = lab.recompile(f);
        assertKept(f, conns, "p4 added");
        assertTrue(newConnections(f, 20).containsKey(p4), "p4 takes new connections");

        update(m1, MemberUpdate.NONE.withWeight(5));
        f = lab.recompile(f);
        assertKept(f, conns, "m1's weight 1 -> 5");

        update(m2, MemberUpdate.NONE.withAdminStateUp(false));
        f = lab.recompile(f);
        assertKept(f, conns, "m2 drained (admin_state_up false)");
        conns.addAll(openMany(f, 10));
        assertFalse(by(conns.subList(60, conns.size())).containsKey(p2), "no new connection to the drained m2");

        update(m3, MemberUpdate.NONE.withWeight(0));
        f = lab.recompile(f);
        assertKept(f, conns, "m3 drained (weight 0)");
        Map<Port, Integer> fresh = newConnections(f, 20);
        assertEquals(Set.of(p1, p4), fresh.keySet(), "new connections avoid both drained members: " + fresh);

        // Removing a member keeps the connections of the others (the removed one's are outside this test).
        Member m4 = (Member) lab.intents.store().all(ResourceType.MEMBER).stream()
                .filter(r -> ((Member) r).address().getHostAddress().equals("10.0.0.24")).findFirst().orElseThrow();
        lab.intents.delete(ResourceType.MEMBER, Actor.ADMIN, m4.id(), null, false);
        f = lab.recompile(f);
        assertKept(f, conns.stream().filter(c -> !c.member().equals(p4)).toList(), "p4 removed");
        assertEquals(Set.of(p1), newConnections(f, 10).keySet(), "only m1 is left to take new connections");
    }

    private static Map<Port, Integer> by(List<Conn> conns) {
        Map<Port, Integer> by = new HashMap<>();
        conns.forEach(c -> by.merge(c.member(), 1, Integer::sum));
        return by;
    }

    @Test
    void aMemberTheMonitorFindsDownTakesNoNewConnectionAndKeepsItsOwn() {
        SimFabric f = lab.fabric();
        List<Conn> conns = openMany(f, 20);
        Predicate<UUID> m2Down = id -> !id.equals(m2.id());
        f = lab.recompile(f, m2Down);
        assertKept(f, conns, "m2 down");
        assertEquals(Set.of(p1, p3), newConnections(f, 20).keySet());
        f = lab.recompile(f);
        assertTrue(newConnections(f, 20).containsKey(p2), "m2 back up takes new connections again");
        assertKept(f, conns, "m2 up again");
    }

    @Test
    void aBackupMemberServesOnlyWhenNoOtherMemberIsUpAndNoMemberUpRefuses() {
        update(m3, MemberUpdate.NONE.withBackup(true));
        SimFabric f = lab.fabric();
        assertEquals(Set.of(p1, p2), newConnections(f, 20).keySet(), "the backup waits while others are up");

        f = lab.recompile(f, id -> !id.equals(m1.id()));
        assertEquals(Set.of(p2), newConnections(f, 10).keySet(), "m1 down, m2 up: still not the backup");

        f = lab.recompile(f, id -> id.equals(m3.id()));
        List<Conn> onBackup = openMany(f, 10);
        assertEquals(Set.of(p3), by(onBackup).keySet(), "m1 and m2 down: the backup takes every new connection");

        update(m1, MemberUpdate.NONE.withWeight(2));
        f = lab.recompile(f);
        assertEquals(Set.of(p1, p2), newConnections(f, 20).keySet(), "others up again: the backup is left alone");
        assertKept(f, onBackup, "the backup's connections go on");

        f = lab.recompile(f, id -> false);
        Port client = clients.get(0);
        FabricResult syn = f.send(at(client), t.tcp(client, VIP, nextPort++, 80));
        assertTrue(syn.deliveries().isEmpty(), syn::toString);
        assertEquals(1, syn.punts().size(), syn::toString);
        assertEquals(at(client).deviceId(), syn.punts().get(0).device());
        assertEquals(LbPipeline.APP_ID.cookie(LbPipeline.COOKIE_REFUSE), syn.punts().get(0).cookie(),
                "no member up: the SYN goes to the controller to be refused (RST from the VIP)");
        assertKept(f, onBackup, "connections established before go on");
    }
}
