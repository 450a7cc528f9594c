package io.skylane.vpc.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Security groups compiled to stateful ACL rules (tables 2, 3, 7, 8). */
class AclCompilerTest {

    private final TenantFixture t = new TenantFixture();
    private final IntentService svc = t.intents;
    private final Vpc vpc = t.vpc();

    AclCompilerTest() {
        t.subnet(vpc.id(), "10.0.0.0/24");
    }

    private Port port(PortUpdate settings, long switchPort) {
        return t.port(vpc.id(), settings.withBinding(TenantFixture.binding(
                ConnectPoint.of(DeviceId.of(1), PortNumber.of(switchPort)))));
    }

    private List<FlowRule> compile() {
        Map<UUID, List<SecurityGroupRule>> rules = new HashMap<>();
        for (Resource r : svc.store().all(ResourceType.SECURITY_GROUP_RULE)) {
            rules.computeIfAbsent(((SecurityGroupRule) r).securityGroupId(), k -> new ArrayList<>()).add((SecurityGroupRule) r);
        }
        Map<UUID, Map<UUID, List<Ip4Prefix>>> members = new HashMap<>();
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : svc.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
            for (UUID g : p.securityGroups()) {
                members.computeIfAbsent(g, k -> new HashMap<>()).computeIfAbsent(p.vpcId(), k -> new ArrayList<>())
                        .add(Ip4Prefix.of(Ip4Address.of(p.fixedIps().get(0).ipAddress().getAddress(), 0), 32));
            }
        }
        TopologySnapshot s = new TopologySnapshot(1, Instant.EPOCH,
                Map.of(DeviceId.of(1), Set.of(PortNumber.of(1), PortNumber.of(2), PortNumber.of(3))), Set.<Link>of());
        return new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT))
                .compile(Map.of(vpc.id(), vpc), placed, new Acl(rules, members)).get(DeviceId.of(1));
    }

    private static List<FlowRule> table(List<FlowRule> rules, int table) {
        return rules.stream().filter(r -> r.tableId() == table).toList();
    }

    @Test
    void theDefaultGroupAllowsEgressAnywhereAndIngressFromItsMembersOnly() {
        Port a = port(PortUpdate.NONE, 1);
        Port b = port(PortUpdate.NONE, 2);
        List<FlowRule> rules = compile();
        List<FlowRule> track = table(rules, Pipeline.ACL_OUT).stream().filter(r -> r.priority() == Pipeline.PRIO_ACL_TRACK).toList();
        assertEquals(2, track.size(), "every IPv4 packet of both ports goes through conntrack");
        assertTrue(track.get(0).applyActions().get(0) instanceof Action.Ct);
        List<FlowRule> egressNew = table(rules, Pipeline.ACL_OUT_CT).stream()
                .filter(r -> r.priority() == Pipeline.PRIO_ACL_ALLOW).toList();
        assertEquals(2, egressNew.size(), "one allow-anything egress rule per port");
        assertTrue(egressNew.stream().allMatch(r -> r.match().get(Criterion.Type.IPV4_DST).isEmpty()));
        List<FlowRule> ingressNew = table(rules, Pipeline.ACL_IN_CT).stream()
                .filter(r -> r.priority() == Pipeline.PRIO_ACL_ALLOW).toList();
        // Each port admits new connections from the two members of the group, nothing else.
        assertEquals(4, ingressNew.size(), ingressNew.toString());
        Set<Criterion> sources = new java.util.HashSet<>();
        ingressNew.forEach(r -> sources.add(r.match().get(Criterion.Type.IPV4_SRC).orElseThrow()));
        assertEquals(Set.of(Criterion.ipv4Src(Ip4Prefix.of(ip(a), 32)), Criterion.ipv4Src(Ip4Prefix.of(ip(b), 32))), sources);
        assertTrue(ingressNew.stream().allMatch(r -> r.applyActions().equals(List.of(Action.ctCommit(
                (int) portOf(r, a, b))))), "committed in the destination port's zone");
    }

    private static Ip4Address ip(Port p) {
        return Ip4Address.of(p.fixedIps().get(0).ipAddress().getAddress(), 0);
    }

    private static long portOf(FlowRule r, Port a, Port b) {
        Criterion dst = r.match().get(Criterion.Type.ETH_DST).orElseThrow();
        return dst.equals(Criterion.ethDst(a.macAddress())) ? a.binding().port().value() : b.binding().port().value();
    }

    @Test
    void aTcpPortRuleAndPortsWithoutPortSecurity() {
        UUID web = t.group("web", RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(8080, 8081)
                .withRemoteIpPrefix(IpPrefix.parse("10.0.0.0/24")));
        port(PortUpdate.NONE.withSecurityGroups(List.of(web)), 1);
        port(PortUpdate.NONE.withPortSecurityEnabled(false).withSecurityGroups(List.of()), 2);
        List<FlowRule> rules = compile();
        List<FlowRule> ingressNew = table(rules, Pipeline.ACL_IN_CT).stream()
                .filter(r -> r.priority() == Pipeline.PRIO_ACL_ALLOW).toList();
        assertEquals(1, ingressNew.size(), "ports 8080 and 8081, one block: " + ingressNew);
        assertTrue(ingressNew.stream().allMatch(r -> r.match().get(Criterion.Type.IPV4_SRC).orElseThrow()
                .equals(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.0/24")))));
        assertEquals(new Criterion.NumberField(Criterion.Type.TCP_DST, 8080, 0xfffe),
                ingressNew.get(0).match().get(Criterion.Type.TCP_DST).orElseThrow());
        assertTrue(table(rules, Pipeline.ACL_OUT).stream().anyMatch(r -> r.priority() == Pipeline.PRIO_ACL_OPEN
                && r.match().get(Criterion.Type.IN_PORT).orElseThrow().equals(Criterion.inPort(PortNumber.of(2)))),
                "no port security: open");
        assertTrue(table(rules, Pipeline.ACL_OUT_CT).stream().noneMatch(r -> r.priority() == Pipeline.PRIO_ACL_ALLOW),
                "the web group allows no egress: only replies leave");
    }

    @Test
    void aWidePortRangeIsEnforcedAsValueMaskBlocks() {
        UUID high = t.group("high", RuleSpec.any(Direction.INGRESS).withProtocol("udp").withPorts(1024, 65535));
        port(PortUpdate.NONE.withSecurityGroups(List.of(high)), 1);
        List<FlowRule> ingressNew = table(compile(), Pipeline.ACL_IN_CT).stream()
                .filter(r -> r.priority() == Pipeline.PRIO_ACL_ALLOW).toList();
        assertEquals(Criterion.portRange(Criterion.Type.UDP_DST, 1024, 65535), ingressNew.stream()
                .map(r -> r.match().get(Criterion.Type.UDP_DST).orElseThrow()).toList(), ingressNew.toString());
        assertTrue(ingressNew.stream().allMatch(r -> r.match().get(Criterion.Type.IP_PROTO).orElseThrow()
                .equals(Criterion.ipProto(IpProtocol.UDP))));
    }
}
