package io.skylane.vpc.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.testing.TenantFixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Remote groups matched through conjunctions ({@link AclConjunctions}): where they pay, how many
 * rules they make, and their ids. That the traffic admitted stays the same is the property tests'
 * ({@code VpcPipelineTest.randomSecurityGroupsOnCrowdedSwitchesMatchNeutronSemanticsThroughConjunctions},
 * {@code IncrementalCompileTest.incrementalRecomputesAgreeWithAFullCompileWhenConjunctionsAreUsed}).
 */
class AclConjunctionsTest {

    private static final DeviceId S1 = DeviceId.of(1);

    private final TenantFixture t = new TenantFixture();
    private final Vpc vpc = t.vpc();

    AclConjunctionsTest() {
        t.subnet(vpc.id(), "10.0.0.0/24");
    }

    private Port port(long switchPort, UUID... groups) {
        PortUpdate s = PortUpdate.NONE.withBinding(TenantFixture.binding(ConnectPoint.of(S1, PortNumber.of(switchPort))));
        return t.port(vpc.id(), groups.length == 0 ? s : s.withSecurityGroups(List.of(groups)));
    }

    private List<FlowRule> compile() {
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : t.intents.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
        }
        Set<PortNumber> ports = new HashSet<>();
        for (int i = 1; i <= 40; i++) {
            ports.add(PortNumber.of(i));
        }
        TopologySnapshot s = new TopologySnapshot(1, Instant.EPOCH, Map.of(S1, ports), Set.<Link>of());
        Acl acl = Acl.from(t.intents.store().all(ResourceType.SECURITY_GROUP_RULE),
                t.intents.store().all(ResourceType.PORT));
        return new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT)).compile(Map.of(vpc.id(), vpc), placed, acl)
                .get(S1);
    }

    private static List<FlowRule> allowing(List<FlowRule> rules, int table) {
        return rules.stream().filter(r -> r.tableId() == table && r.priority() == Pipeline.PRIO_ACL_ALLOW).toList();
    }

    /** Each conjunction's rule by its id, with the zone it commits in. */
    private static Map<Long, Integer> conjunctions(List<FlowRule> rules) {
        Map<Long, Integer> out = new TreeMap<>();
        for (FlowRule r : rules) {
            r.match().get(Criterion.Type.CONJ_ID).ifPresent(c -> out.put(((Criterion.NumberField) c).value(),
                    ((Action.Ct) r.applyActions().get(0)).zone()));
        }
        return out;
    }

    @Test
    void conjunctionsAreUsedWhereTheyMakeFewerRules() {
        // L ports sharing a shape of M members and B blocks: L*M*B expanded, M + L*(B+1) as conjunctions
        assertFalse(AclConjunctions.pays(1, 1000, 1), "one port: never");
        assertFalse(AclConjunctions.pays(2, 4, 1), "8 against 8");
        assertTrue(AclConjunctions.pays(2, 5, 1), "10 against 9");
        assertTrue(AclConjunctions.pays(3, 4, 1), "12 against 10");
        assertFalse(AclConjunctions.pays(100, 2, 1), "200 against 202");
        assertTrue(AclConjunctions.pays(2, 2, 30), "120 against 64");
        assertFalse(AclConjunctions.pays(5, 0, 1), "no members: nothing to match");
    }

    @Test
    void aVpcInTheDefaultGroupHoldsMPlusTwoLIngressRulesInsteadOfLTimesM() {
        int n = 12;
        for (int i = 0; i < n; i++) {
            port(3 + i);
        }
        List<FlowRule> rules = compile();
        List<FlowRule> ingress = allowing(rules, Pipeline.ACL_IN_CT);
        assertEquals(n + n + n, ingress.size(), "an address clause per member, a port clause and a conjunction "
                + "per port (expanded: " + n * n + ")");
        long addressClauses = ingress.stream().filter(r -> r.applyActions().size() == n
                && r.applyActions().stream().allMatch(a -> a instanceof Action.Conjunction c && c.clause() == 1))
                .count();
        assertEquals(n, addressClauses, "each member's address names every local port's conjunction");
        assertEquals(n, conjunctions(rules).size());
        // egress in the default group is to anyone: one rule per port, no conjunction
        assertEquals(n, allowing(rules, Pipeline.ACL_OUT_CT).size());
    }

    @Test
    void twoPortsAndFewMembersStayExpanded() {
        UUID web = t.group("web", RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(80, 80)
                .withRemoteGroupId(t.defaultGroup()));
        port(3, web);
        port(4, web);
        port(5);
        port(6);
        List<FlowRule> rules = compile();
        assertTrue(conjunctions(rules).isEmpty(), "2 ports x 2 members: 4 rules expanded, 6 as conjunctions");
        assertEquals(4 + 2 * 2, allowing(rules, Pipeline.ACL_IN_CT).size(),
                "web's two ports from the two default members, and the default ports from each other");
    }

    @Test
    void idsAreUniqueOnTheSwitchAndStayWhenOtherPortsComeAndGo() {
        UUID web = t.group("web", RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(80, 81)
                .withRemoteGroupId(t.defaultGroup()), RuleSpec.any(Direction.EGRESS).withRemoteGroupId(t.defaultGroup()));
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ports.add(i % 2 == 0 ? port(3 + i, t.defaultGroup(), web) : port(3 + i));
        }
        Map<Long, Integer> before = conjunctions(compile());
        // port 3 (default and web): ingress from default, ingress tcp 80-81 from default, egress to default
        assertEquals(List.of(3 << 16, (3 << 16) | 0x8000, (3 << 16) | 0x8001),
                before.keySet().stream().filter(id -> id >>> 16 == 3).map(Long::intValue).toList());
        before.forEach((id, zone) -> assertEquals(id >>> 16, (long) zone, "an id starts with its port's number"));

        port(20, t.defaultGroup(), web); // another port and member
        Map<Long, Integer> grown = conjunctions(compile());
        assertTrue(grown.entrySet().containsAll(before.entrySet()), before + " kept in " + grown);
        assertEquals(before.size() + 3, grown.size());

        t.intents.delete(ResourceType.PORT, Actor.ADMIN, ports.get(2).id(), null, false); // port 5
        Map<Long, Integer> shrunk = conjunctions(compile());
        Map<Long, Integer> expected = new TreeMap<>(grown);
        expected.keySet().removeIf(id -> id >>> 16 == 5);
        assertEquals(expected, shrunk);
    }
}
