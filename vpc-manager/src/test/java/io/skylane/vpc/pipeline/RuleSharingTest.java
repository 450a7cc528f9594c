package io.skylane.vpc.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.testing.TenantFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A compile shares equal parts of its rules between switches and ports ({@link TenantRules}, issue
 * #15: millions of rules at cloud scale); the rules stay equal, key for key, to those a compile
 * without that sharing gives.
 */
class RuleSharingTest {

    private static final DeviceId S1 = DeviceId.of(1);
    private static final DeviceId S2 = DeviceId.of(2);
    private static final DeviceId S3 = DeviceId.of(3);

    private final TenantFixture t = new TenantFixture();
    private final Map<UUID, Vpc> vpcs = new HashMap<>();
    private final List<PlacedPort> placed = new ArrayList<>();
    private final TopologySnapshot line = line();

    RuleSharingTest() {
        for (int v = 0; v < 2; v++) {
            Vpc vpc = t.vpc();
            vpcs.put(vpc.id(), vpc);
            t.subnet(vpc.id(), "10.0.0.0/24"); // the same addresses in both VPCs
            int n = 0;
            for (DeviceId d : List.of(S1, S2, S3, S1)) {
                ConnectPoint at = ConnectPoint.of(d, PortNumber.of(10 + 4 * v + n++));
                Port p = t.port(vpc.id(), PortUpdate.NONE.withBinding(TenantFixture.binding(at)));
                placed.add(new PlacedPort(p, at));
            }
        }
    }

    private Map<DeviceId, List<FlowRule>> compile(Set<DeviceId> only) {
        Map<UUID, List<Ip4Address>> gateways = new HashMap<>();
        for (Resource r : t.intents.store().all(ResourceType.SUBNET)) {
            Subnet s = (Subnet) r;
            gateways.computeIfAbsent(s.vpcId(), k -> new ArrayList<>()).add(IpAddresses.ip4(s.gatewayIp()));
        }
        Acl acl = Acl.from(t.intents.store().all(ResourceType.SECURITY_GROUP_RULE),
                t.intents.store().all(ResourceType.PORT)); // the default group: ingress from its own members
        return new VpcCompiler(line, PathComputer.of(line, LinkWeigher.HOP_COUNT)).compile(vpcs, placed, acl, gateways,
                only);
    }

    @Test
    void switchesShareTheirRulesPartsAndTheRulesStayEqualToUnsharedOnes() {
        Map<DeviceId, List<FlowRule>> all = compile(Set.of(S1, S2, S3));
        Map<DeviceId, List<FlowRule>> alone = new TreeMap<>();
        for (DeviceId d : List.of(S1, S2, S3)) {
            alone.putAll(compile(Set.of(d))); // each switch in a compile of its own: nothing shared between them
        }
        assertEquals(alone, all);
        for (DeviceId d : all.keySet()) {
            List<FlowRule> a = all.get(d);
            List<FlowRule> b = alone.get(d);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i).key(), a.get(i).key());
                assertEquals(b.get(i).key().hashCode(), a.get(i).key().hashCode());
                assertEquals(b.get(i).hashCode(), a.get(i).hashCode());
            }
        }
        // A member's routing rule is on every switch of its VPC, with one match and one instruction list.
        FlowRule on1 = routeTo(all.get(S1), S2);
        FlowRule on3 = sameKeyOn(all.get(S3), on1);
        assertSame(on1.match(), on3.match());
        assertSame(on1.instructions(), on3.instructions());
        assertNotSame(on1.match(), sameKeyOn(alone.get(S1), on1).match());
        // A port's conntrack rules share their instructions with the same switch port number's elsewhere.
        Set<Object> lists = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        long rules = 0;
        for (List<FlowRule> l : all.values()) {
            for (FlowRule r : l) {
                lists.add(r.instructions());
                rules++;
            }
        }
        assertTrue(lists.size() * 2 < rules, lists.size() + " instruction lists for " + rules + " rules");
    }

    /**
     * A VPC of 8 ports in the default group, 4 on switch 1 and 4 on switch 3: their ingress from the
     * group's members is matched through conjunctions ({@link AclConjunctions}), whose address
     * clauses are the same rules on both switches, with one match; still equal to unshared rules.
     */
    @Test
    void conjunctionsAddressClausesAreSharedBetweenSwitches() {
        Vpc vpc = t.vpc();
        vpcs.put(vpc.id(), vpc);
        t.subnet(vpc.id(), "10.0.0.0/24");
        for (int n = 0; n < 8; n++) {
            ConnectPoint at = ConnectPoint.of(n < 4 ? S1 : S3, PortNumber.of(3 + n % 4));
            Port p = t.port(vpc.id(), PortUpdate.NONE.withBinding(TenantFixture.binding(at)));
            placed.add(new PlacedPort(p, at));
        }
        Map<DeviceId, List<FlowRule>> all = compile(Set.of(S1, S2, S3));
        Map<DeviceId, List<FlowRule>> alone = new TreeMap<>();
        for (DeviceId d : List.of(S1, S2, S3)) {
            alone.putAll(compile(Set.of(d)));
        }
        assertEquals(alone, all);
        List<FlowRule> clauses = new ArrayList<>();
        for (FlowRule r : all.get(S1)) {
            if (r.applyActions().stream().anyMatch(a -> a instanceof Action.Conjunction c && c.clause() == 1)) {
                clauses.add(r);
            }
        }
        assertEquals(8, clauses.size(), "one address clause per member: " + clauses);
        for (FlowRule r : clauses) {
            assertEquals(4, r.applyActions().size(), "each names the 4 local ports' conjunctions: " + r);
            assertSame(r.match(), sameKeyOn(all.get(S3), r).match());
        }
    }

    /**
     * A VPC's arrival rule (table 5) holds the same instruction list on every switch of the VPC, and a
     * port's port-security rules (its addresses and DHCP) one criterion of its MAC; the rules equal
     * unshared ones (above).
     */
    @Test
    void arrivalsShareTheirInstructionsAndAPortItsSourceMac() {
        Map<DeviceId, List<FlowRule>> all = compile(Set.of(S1, S2, S3));
        Map<List<?>, FlowRule> arrivalOnS1 = new HashMap<>();
        for (FlowRule r : all.get(S1)) {
            if (r.tableId() == Pipeline.FABRIC && r.priority() == Pipeline.PRIO_FABRIC_EGRESS) {
                arrivalOnS1.put(r.instructions(), r);
            }
        }
        assertEquals(2, arrivalOnS1.size(), "one arrival per VPC: " + arrivalOnS1);
        int shared = 0;
        for (FlowRule r : all.get(S3)) {
            if (r.tableId() == Pipeline.FABRIC && r.priority() == Pipeline.PRIO_FABRIC_EGRESS) {
                assertSame(arrivalOnS1.get(r.instructions()).instructions(), r.instructions());
                shared++;
            }
        }
        assertEquals(2, shared);
        // The action addressing a frame to a switch is one object, whatever the VPC and the sender.
        Map<Object, Set<Object>> towards = new HashMap<>();
        for (List<FlowRule> rules : all.values()) {
            for (FlowRule r : rules) {
                if (r.tableId() == Pipeline.ROUTE && r.priority() == Pipeline.PRIO_ROUTE_SWITCHED
                        && !r.applyActions().isEmpty()) {
                    Action first = r.applyActions().get(0);
                    towards.computeIfAbsent(first, k -> java.util.Collections.newSetFromMap(
                            new java.util.IdentityHashMap<>())).add(first);
                }
            }
        }
        assertEquals(3, towards.size(), "towards each of the 3 switches: " + towards.keySet());
        towards.forEach((a, same) -> assertEquals(1, same.size(), "one action for " + a));
        for (List<FlowRule> rules : all.values()) {
            Map<Object, Set<Object>> macCriteria = new HashMap<>();
            for (FlowRule r : rules) {
                if (r.tableId() == Pipeline.PORT_SEC) {
                    r.match().get(io.skylane.core.flow.Criterion.Type.ETH_SRC).ifPresent(c -> macCriteria
                            .computeIfAbsent(c, k -> java.util.Collections.newSetFromMap(
                                    new java.util.IdentityHashMap<>())).add(c));
                }
            }
            assertTrue(!macCriteria.isEmpty());
            macCriteria.forEach((c, same) -> assertEquals(1, same.size(), "one criterion for " + c));
        }
    }

    /** A routed rule (table 4) of {@code rules} towards a port on switch {@code to}. */
    private static FlowRule routeTo(List<FlowRule> rules, DeviceId to) {
        for (FlowRule r : rules) {
            if (r.tableId() == Pipeline.ROUTE && r.priority() == Pipeline.PRIO_ROUTE_ROUTED
                    && r.applyActions().contains(Action.setEthDst(Pipeline.switchMac(to)))) {
                return r;
            }
        }
        throw new AssertionError("no routing rule towards " + to);
    }

    private static FlowRule sameKeyOn(List<FlowRule> rules, FlowRule like) {
        for (FlowRule r : rules) {
            if (r.tableId() == like.tableId() && r.priority() == like.priority() && r.match().equals(like.match())) {
                return r;
            }
        }
        throw new AssertionError("no rule like " + like);
    }

    /** Three switches in a line: 1 - 2 - 3 (ports 1 and 2 are links). */
    private static TopologySnapshot line() {
        Map<DeviceId, Set<PortNumber>> ports = new TreeMap<>();
        Set<Link> links = new HashSet<>();
        for (DeviceId d : List.of(S1, S2, S3)) {
            Set<PortNumber> p = new HashSet<>();
            for (int i = 1; i <= 16; i++) {
                p.add(PortNumber.of(i));
            }
            ports.put(d, p);
        }
        link(links, S1, 2, S2, 1);
        link(links, S2, 2, S3, 1);
        return new TopologySnapshot(1, Instant.EPOCH, ports, links);
    }

    private static void link(Set<Link> links, DeviceId a, long pa, DeviceId b, long pb) {
        links.add(Link.of(ConnectPoint.of(a, PortNumber.of(pa)), ConnectPoint.of(b, PortNumber.of(pb))));
        links.add(Link.of(ConnectPoint.of(b, PortNumber.of(pb)), ConnectPoint.of(a, PortNumber.of(pa))));
    }
}
