package io.skylane.lb.dataplane;

import static io.skylane.lb.dataplane.LbLab.answer;
import static io.skylane.lb.dataplane.LbLab.at;
import static io.skylane.lb.dataplane.LbLab.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.testing.FabricResult;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.TenantFixture;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Load balancers of VPCs whose segment is above 4,095 (fabric mode carries it as an MPLS label;
 * overlay mode as a 24-bit VNI): their conntrack zones come from {@link LbZones}, per switch, and
 * two such VPCs with the same addresses and VIP never share a zone on a switch.
 */
class LbWideSegmentTest {

    private static final String VIP = "10.0.0.100";

    private final IntentService intents = new IntentService(JournalIntentStore.inMemory(),
            new IntentConfig(TenantFixture.ADMIN_TOKEN, 70_000, 16_777_215, IntentConfig.DEFAULT_MAC_PREFIX),
            Clock.systemUTC());
    private final LbLab lab = new LbLab(3, intents);

    @Test
    void twoWideVpcsWithTheSameVipEachReachTheirOwnMembers() {
        LbLab.Tenant a = lab.tenant("a", "10.0.0.0/24");
        LbLab.Tenant b = lab.tenant("b", "10.0.0.0/24");
        assertEquals(70_000, a.vpc.segmentId());
        assertEquals(70_001, b.vpc.segmentId());
        Port am = a.port("02:00:00:00:0a:21", "10.0.0.21", 3, 1);
        Port ac = a.port("02:00:00:00:0a:11", "10.0.0.11", 1, 1);
        Port bm = b.port("02:00:00:00:0b:21", "10.0.0.21", 3, 2);
        Port bc = b.port("02:00:00:00:0b:11", "10.0.0.11", 1, 2);
        for (LbLab.Tenant t : List.of(a, b)) {
            Pool pool = t.pool(t.listener(t.lb(VIP), L4Protocol.TCP, 80), Pool.Algorithm.SOURCE_IP_PORT);
            t.member(pool, "10.0.0.21", 8080, 1);
        }
        SimFabric f = lab.fabric();
        // The same 5-tuple from both VPCs' clients: each reaches its own member and gets its answer.
        for (Object[] c : new Object[][] {{a, ac, am}, {b, bc, bm}}) {
            LbLab.Tenant t = (LbLab.Tenant) c[0];
            Port client = (Port) c[1];
            Port member = (Port) c[2];
            FabricResult there = f.send(at(client), t.tcp(client, VIP, 40000, 80));
            assertTrue(there.deliveredOnlyTo(at(member)), there.toString());
            SimPacket got = there.packetAt(at(member));
            assertEquals(8080, got.l4Dst());
            assertEquals(ip(client), got.ipv4Src());
            FabricResult back = f.send(at(member), answer(member, got));
            assertTrue(back.deliveredOnlyTo(at(client)), back.toString());
            assertEquals(Ip4Address.parse(VIP), back.packetAt(at(client)).ipv4Src(), back.toString());
            assertEquals(80, back.packetAt(at(client)).l4Src());
        }
        // On switch 1 each VPC's connection was committed in its own zone (indices 1 and 2).
        assertEquals(1, f.device(at(ac).deviceId()).connections(LbPipeline.lbZone(1)));
        assertEquals(1, f.device(at(bc).deviceId()).connections(LbPipeline.lbZone(2)));
    }
}
