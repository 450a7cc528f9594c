package io.skylane.vpc.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A recompile of a VPC keeps the part of each local port whose inputs did not change, the same
 * object ({@link SegmentRules.PortPart}), and compiles anew those whose inputs did, including
 * inputs outside the port (its groups' rules, the conjunction plan): in every case the rules are
 * those of a compile from scratch. The incremental data plane's property tests
 * ({@code IncrementalCompileTest}) check the same over long random sequences.
 */
class PortPartsTest {

    private static final DeviceId S1 = DeviceId.of(1);

    private final TenantFixture t = new TenantFixture();
    private final Vpc vpc = t.vpc();
    private final TopologySnapshot snapshot;

    PortPartsTest() {
        t.subnet(vpc.id(), "10.0.0.0/24");
        Set<PortNumber> ports = new HashSet<>();
        for (int i = 1; i <= 40; i++) {
            ports.add(PortNumber.of(i));
        }
        snapshot = new TopologySnapshot(1, Instant.EPOCH, Map.of(S1, ports), Set.<Link>of());
    }

    private Port port(long switchPort, UUID... groups) {
        PortUpdate s = PortUpdate.NONE.withBinding(TenantFixture.binding(ConnectPoint.of(S1, PortNumber.of(switchPort))));
        return t.port(vpc.id(), groups.length == 0 ? s : s.withSecurityGroups(List.of(groups)));
    }

    /** S1's rules for the VPC, compiled from the store as it is, keeping what {@code kept} allows (null: nothing). */
    private SegmentRules compile(SegmentRules kept) {
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : t.intents.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
        }
        Acl acl = Acl.from(t.intents.store().all(ResourceType.SECURITY_GROUP_RULE),
                t.intents.store().all(ResourceType.PORT));
        SwitchRules before = kept == null ? null
                : new SwitchRules(List.of(), Set.of(), Set.of(vpc.segmentId()), Map.of(vpc.segmentId(), kept));
        SwitchRules now = new VpcCompiler(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT))
                .compileParts(PlacedIndex.of(Map.of(vpc.id(), vpc), placed), acl, v -> List.of(), Set.of(S1),
                        null, d -> before).get(S1);
        return now.bySegment().get(vpc.segmentId());
    }

    private static void assertSameRules(SegmentRules expected, SegmentRules actual) {
        assertEquals(new HashSet<FlowRule>(expected.all()), new HashSet<FlowRule>(actual.all()));
        assertEquals(expected.size(), actual.size());
    }

    @Test
    void aPortCreatedKeepsTheOtherPortsPartsAndChangesTheAddressClauses() {
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ports.add(port(3 + i)); // the default group: ingress from its members, through conjunctions
        }
        SegmentRules first = compile(null);
        port(20);
        SegmentRules second = compile(first);
        for (Port p : ports) {
            assertSame(first.ports().get(p.id()), second.ports().get(p.id()), "kept: port " + p.id());
        }
        assertEquals(11, second.ports().size());
        assertSameRules(compile(null), second);
        assertTrue(!first.common().equals(second.common()), "the new member's address clause and routes");
    }

    @Test
    void aRuleAddedToTheGroupOrAPlanThatChangesCompilesThePortsAgain() {
        UUID web = t.group("web", RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(80, 80)
                .withRemoteGroupId(t.defaultGroup()));
        Port a = port(3, web);
        Port b = port(4, web);
        port(5);
        SegmentRules few = compile(null); // 2 web ports x 1 default member: expanded
        port(6);
        port(7);
        port(8);
        port(9);
        SegmentRules more = compile(few); // 2 x 5 members: now a conjunction, the web ports' rules change
        assertNotSame(few.ports().get(a.id()), more.ports().get(a.id()));
        assertNotSame(few.ports().get(b.id()), more.ports().get(b.id()));
        assertSameRules(compile(null), more);

        t.rule(web, RuleSpec.any(Direction.INGRESS).withProtocol("udp").withPorts(53, 53));
        SegmentRules ruled = compile(more);
        assertNotSame(more.ports().get(a.id()), ruled.ports().get(a.id()), "its group's rules changed");
        assertSameRules(compile(null), ruled);
    }
}
