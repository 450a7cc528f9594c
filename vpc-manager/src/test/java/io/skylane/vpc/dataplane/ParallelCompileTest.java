package io.skylane.vpc.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.CompilePool;
import io.skylane.vpc.pipeline.FabricTransport;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.pipeline.PlacedIndex;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.pipeline.SegmentRules;
import io.skylane.vpc.pipeline.SwitchRules;
import io.skylane.vpc.pipeline.VpcCompiler;
import io.skylane.vpc.testing.StoredRouters;
import io.skylane.vpc.testing.TenantFixture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A full compile spread over several threads ({@link CompilePool}, issue #15) gives every switch
 * the rules, in the same parts and order, that the compile on one thread gives, and shares their
 * matches and instruction lists as much (so that the heap the rules hold does not grow): on
 * generated clouds of several tenants on a fat-tree k=4, with crowded switches (conjunctions),
 * remote groups, ports without port security, and routers joining VPCs. Each side reads its own
 * {@link TenantState}, so that the parallel side fills the state's caches from its threads.
 */
class ParallelCompileTest {

    private long conjunctive;
    private long joined;

    @Test
    void aParallelFullCompileGivesTheSerialRulesAndSharesAsMuch() {
        for (long seed : new long[] {1, 2, 3}) {
            DataPlaneTestbed bed = new DataPlaneTestbed(TenantNetwork.fabric(), core -> FakeFabric.fatTree(core, 4));
            bed.start();
            bed.executor.hold(); // the data plane does not follow: only the compiles below run
            try {
                cloud(bed, new Random(seed));
                compare(bed);
            } finally {
                bed.stop();
            }
        }
        assertTrue(conjunctive > 0, "no conjunction compiled");
        assertTrue(joined > 0, "no joined route compiled");
    }

    /** Three tenants of four VPCs each (two joined by a router), 160 ports on the 8 edge switches. */
    private void cloud(DataPlaneTestbed bed, Random rnd) {
        List<ConnectPoint> edgePorts = new ArrayList<>();
        for (int pod = 0; pod < 4; pod++) {
            for (int e = 0; e < 2; e++) {
                for (int p = 0; p < 20; p++) {
                    edgePorts.add(ConnectPoint.of(DeviceId.of(0x300 + 16L * pod + e), PortNumber.of(10 + p)));
                }
            }
        }
        Collections.shuffle(edgePorts, rnd);
        int next = 0;
        for (int t = 0; t < 3; t++) {
            TenantFixture tenant = new TenantFixture(bed.intents, "p" + t);
            UUID web = tenant.group("web", new RuleSpec(io.skylane.vpc.intent.request.Common.NONE,
                    SecurityGroupRule.Direction.INGRESS, "IPv4", "tcp", 80, 80, null, tenant.defaultGroup()));
            tenant.rule(web, new RuleSpec(io.skylane.vpc.intent.request.Common.NONE,
                    SecurityGroupRule.Direction.INGRESS, "IPv4", "udp", 1000, 2000, IpPrefix.parse("10.0.0.0/8"), null));
            List<Subnet> subnets = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                Vpc vpc = tenant.vpc();
                subnets.add(tenant.subnet(vpc.id(), "10." + v + ".0.0/16"));
                for (int i = 0; i < 13; i++) {
                    PortUpdate settings = PortUpdate.NONE.withBinding(TenantFixture.binding(edgePorts.get(next++)));
                    int kind = rnd.nextInt(6);
                    if (kind == 0) {
                        settings = settings.withPortSecurityEnabled(false).withSecurityGroups(List.of());
                    } else if (kind <= 2) {
                        settings = settings.withSecurityGroups(List.of(tenant.defaultGroup(), web));
                    }
                    tenant.port(vpc.id(), settings);
                }
            }
            new StoredRouters(tenant).create(subnets.get(0).id(), subnets.get(1).id());
        }
    }

    private void compare(DataPlaneTestbed bed) {
        TopologySnapshot snapshot = bed.topology.current();
        Map<DeviceId, SwitchRules> serial = compile(bed, snapshot, CompilePool.SERIAL);
        for (int threads : new int[] {2, 4}) {
            try (CompilePool pool = CompilePool.of(threads)) {
                Map<DeviceId, SwitchRules> parallel = compile(bed, snapshot, pool);
                assertEquals(serial.keySet(), parallel.keySet());
                for (DeviceId d : serial.keySet()) {
                    SwitchRules a = serial.get(d);
                    SwitchRules b = parallel.get(d);
                    assertEquals(a.all(), b.all(), d + " on " + threads + " threads");
                    assertEquals(a.base(), b.base());
                    assertEquals(a.peers(), b.peers());
                    assertEquals(a.hosted(), b.hosted());
                    assertEquals(a.bySegment().keySet(), b.bySegment().keySet());
                    for (int seg : a.bySegment().keySet()) {
                        SegmentRules x = a.bySegment().get(seg);
                        SegmentRules y = b.bySegment().get(seg);
                        assertEquals(x.common(), y.common());
                        assertEquals(List.copyOf(x.ports().keySet()), List.copyOf(y.ports().keySet()));
                        x.ports().forEach((port, part) -> assertEquals(part.rules(), y.ports().get(port).rules()));
                    }
                }
                assertEquals(distinctParts(serial), distinctParts(parallel), "shared parts on " + threads + " threads");
            }
        }
        for (SwitchRules s : serial.values()) {
            for (FlowRule r : s.all()) {
                if (r.applyActions().stream().anyMatch(a -> a instanceof Action.Conjunction)) {
                    conjunctive++;
                }
                if (r.priority() == Pipeline.PRIO_ROUTE_JOINED) {
                    joined++;
                }
            }
        }
    }

    /** Every switch's rules, from a state of their own built from the store. */
    private static Map<DeviceId, SwitchRules> compile(DataPlaneTestbed bed, TopologySnapshot snapshot,
                                                      CompilePool pool) {
        TenantState state = new TenantState();
        state.rebuild(bed.intents.store());
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : bed.intents.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
        }
        PlacedIndex index = PlacedIndex.of(state.vpcs(), placed);
        FabricTransport transport = new FabricTransport(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT));
        return new VpcCompiler(snapshot, transport, pool).compileParts(index, state, state::answered, state.joins(),
                snapshot.devices(), null, d -> null);
    }

    /** How many distinct (by identity) matches and instruction lists the rules hold, and how many rules. */
    private static List<Integer> distinctParts(Map<DeviceId, SwitchRules> compiled) {
        Set<Object> matches = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Object> instructions = Collections.newSetFromMap(new IdentityHashMap<>());
        int rules = 0;
        for (SwitchRules s : compiled.values()) {
            for (FlowRule r : s.all()) {
                matches.add(r.match());
                instructions.add(r.instructions());
                rules++;
            }
        }
        return List.of(matches.size(), instructions.size(), rules);
    }
}
