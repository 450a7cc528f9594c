package io.skylane.core.flow;

import static io.skylane.core.flow.Rules.APP;
import static io.skylane.core.flow.Rules.OTHER;
import static io.skylane.core.flow.Rules.group;
import static io.skylane.core.flow.Rules.rule;
import static io.skylane.core.flow.Rules.toGroup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.southbound.SwitchOp.GroupOp;
import io.skylane.core.southbound.SwitchOp.Kind;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.RecordingFlowRuleListener;
import io.skylane.core.testing.TestCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A controller that starts again facing switches that still hold the rules of its previous run:
 * the switches connect before the apps have recomputed their rules, and nothing but the audit's
 * reads may go out for the rules the apps want again ({@link RestartHold}).
 */
class RestartAuditTest {

    /** Long enough never to end by itself during a test: the tests end it with {@code endRestartGrace}. */
    private static final Duration GRACE = Duration.ofHours(1);

    private final TestCore core = new TestCore(new FlowRuleManager.Config(Duration.ofSeconds(5), 100, GRACE));
    private final FlowRuleManager flows = core.flows();
    private final RecordingFlowRuleListener events = new RecordingFlowRuleListener();
    private final FakeSwitchHandle s1 = FakeSwitchHandle.of13(1);
    private final DeviceId d1 = s1.deviceId();
    private final FlowRule miss = FlowRuleManager.tableMiss(d1);

    @BeforeEach
    void listen() {
        flows.addListener(events);
    }

    private AuditReport report() {
        return events.await(FlowRuleEvent.Type.AUDIT_COMPLETED, Duration.ofSeconds(5)).audit().orElseThrow();
    }

    private static List<FlowRule> rules(DeviceId d, int n) {
        List<FlowRule> rules = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rules.add(rule(APP, d, i, 1 + i % 4));
        }
        return rules;
    }

    @Test
    void aFabricHoldingEveryDesiredRuleGetsOnlyTheAuditsReads() {
        List<FakeSwitchHandle> fabric = List.of(s1, FakeSwitchHandle.of13(2), FakeSwitchHandle.of13(3));
        for (FakeSwitchHandle sw : fabric) {
            FlowRule g = toGroup(APP, sw.deviceId(), 0xff, 7);
            sw.preload(FlowRuleManager.tableMiss(sw.deviceId()), g);
            sw.preload(rules(sw.deviceId(), 50).toArray(FlowRule[]::new));
            sw.preloadGroups(group(APP, sw.deviceId(), 7, 1, 2));
            core.connect(sw, TestCore.ports(4));
        }
        for (FakeSwitchHandle sw : fabric) { // the apps recompute after the switches connected
            List<FlowRule> wanted = new ArrayList<>(rules(sw.deviceId(), 50));
            wanted.add(toGroup(APP, sw.deviceId(), 0xff, 7));
            assertTrue(flows.setDesired(APP, sw.deviceId(), wanted, List.of(group(APP, sw.deviceId(), 7, 1, 2)))
                    .join().isSuccess());
        }
        fabric.forEach(sw -> flows.endRestartGrace(sw.deviceId()));

        for (FakeSwitchHandle sw : fabric) {
            assertEquals(List.of(), sw.batches(), "nothing but reads to " + sw.deviceId());
            assertEquals(0, sw.messages());
            assertEquals(1, sw.flowRequests());
            assertEquals(52, sw.flows().size());
        }
        Map<String, Long> c = flows.counters();
        assertEquals(3, c.get("audits"));
        assertEquals(3, c.get("auditKept"), "the table-miss entries");
        assertEquals(0, c.get("auditAdded"));
        assertEquals(0, c.get("auditRemoved"));
        assertEquals(3 * 52, c.get("auditHeld"));
        assertEquals(3 * 52, c.get("heldClaimed"));
        assertEquals(0, c.get("heldDeleted"));
    }

    @Test
    void heldEntriesNoAppClaimsAreDeletedWhenTheGraceEnds() {
        FlowRule wanted = rule(APP, d1, 0xa, 1);
        FlowRule gone = rule(APP, d1, 0xb, 1);
        FlowRule otherApp = rule(OTHER, d1, 0xc, 1);
        s1.preload(miss, wanted, gone, otherApp);
        s1.preloadGroups(group(APP, d1, 9, 1));
        core.connect(s1, TestCore.ports(2));
        assertEquals(4, report().held());

        flows.setDesired(APP, d1, List.of(wanted), List.of()).join();
        assertEquals(List.of(), s1.batches());
        flows.endRestartGrace(d1);

        assertEquals(List.of(List.of(SwitchOp.delete(gone), SwitchOp.delete(otherApp),
                new GroupOp(Kind.DELETE, group(APP, d1, 9, 1)))), stripGroupOwner(s1.batches()));
        assertEquals(List.of(miss, wanted), s1.flows());
        assertEquals(1, flows.counters().get("heldClaimed"));
        assertEquals(3, flows.counters().get("heldDeleted"));
    }

    @Test
    void aHeldEntryAnAppWantsDifferentIsReplacedAndNotDeletedLater() {
        FlowRule old = rule(APP, d1, 0xa, 1);
        FlowRule changed = rule(APP, d1, 0xa, 2);
        s1.preload(miss, old);
        s1.preloadGroups(group(APP, d1, 9, 1));
        core.connect(s1, TestCore.ports(2));

        flows.setDesired(APP, d1, List.of(changed), List.of(group(APP, d1, 9, 2))).join();
        flows.endRestartGrace(d1);

        assertEquals(List.of(List.of(new GroupOp(Kind.MODIFY, group(APP, d1, 9, 2)), SwitchOp.add(changed))),
                s1.batches());
        assertEquals(List.of(miss, changed), s1.flows());
    }

    @Test
    void foreignEntriesAreDeletedAtTheAuditEvenDuringTheGrace() {
        FlowRule foreign = rule(OTHER, d1, 0xd, 1).toBuilder().cookie(0x1234).build();
        FlowRule held = rule(APP, d1, 0xa, 1);
        s1.preload(miss, foreign, held);

        core.connect(s1, TestCore.ports(2));

        assertEquals(List.of(List.of(SwitchOp.delete(foreign))), s1.batches());
        AuditReport r = report();
        assertEquals(1, r.removed());
        assertEquals(1, r.held());
    }

    @Test
    void onlyTheFirstConnectionSinceTheStartHolds() {
        core.connect(s1, TestCore.ports(2));
        core.disconnect(s1, "test");
        FakeSwitchHandle again = FakeSwitchHandle.of13(1);
        FlowRule stale = rule(APP, d1, 0xa, 1);
        again.preload(miss, stale);

        core.connect(again, TestCore.ports(2));

        assertEquals(List.of(List.of(SwitchOp.delete(stale))), again.batches());
    }

    @Test
    void anAuditAskedForDuringTheGraceDeletesWhatIsHeld() {
        FlowRule stale = rule(APP, d1, 0xa, 1);
        s1.preload(miss, stale);
        core.connect(s1, TestCore.ports(2));
        assertEquals(List.of(), s1.batches());

        AuditReport r = flows.audit(d1).join();
        flows.endRestartGrace(d1);

        assertEquals(List.of(List.of(SwitchOp.delete(stale))), s1.batches());
        assertEquals(1, r.removed());
        assertEquals(0, r.held());
    }

    @Test
    void theGraceEndsByItself() {
        TestCore quick = new TestCore(new FlowRuleManager.Config(Duration.ofSeconds(5), 100, Duration.ofMillis(20)));
        RecordingFlowRuleListener confirmed = new RecordingFlowRuleListener();
        quick.flows().addListener(confirmed);
        FlowRule stale = rule(APP, d1, 0xa, 1);
        s1.preload(miss, stale);

        quick.connect(s1, TestCore.ports(2));
        confirmed.await(FlowRuleEvent.Type.BATCH_CONFIRMED, Duration.ofSeconds(10));

        assertEquals(List.of(List.of(SwitchOp.delete(stale))), s1.batches());
        assertEquals(1, quick.flows().counters().get("heldDeleted"));
    }

    @Test
    void noSwitchIsReleasedWhileOthersStillStartHolding() throws InterruptedException {
        Duration grace = Duration.ofSeconds(1);
        TestCore quick = new TestCore(new FlowRuleManager.Config(Duration.ofSeconds(5), 100, grace));
        FlowRule stale = rule(APP, d1, 0xa, 1);
        s1.preload(miss, stale);
        quick.connect(s1, TestCore.ports(2));
        FakeSwitchHandle s2 = FakeSwitchHandle.of13(2);
        s2.preload(FlowRuleManager.tableMiss(s2.deviceId()), rule(APP, s2.deviceId(), 0xa, 1));
        Thread.sleep(300);
        assertEquals(List.of(), s1.batches(), "s1's own grace is not over yet");
        long secondHolds = System.nanoTime();
        quick.connect(s2, TestCore.ports(2)); // s2 starts holding: s1 keeps holding for a whole grace more

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s1.batches().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long released = System.nanoTime();

        assertEquals(List.of(List.of(SwitchOp.delete(stale))), s1.batches());
        assertTrue(released - secondHolds >= grace.toNanos(),
                "s1 was released " + (released - secondHolds) / 1_000_000 + " ms after s2 started holding");
    }

    /** Groups as the fake reports them carry no owner; the deletes it records are of those. */
    private static List<List<SwitchOp>> stripGroupOwner(List<List<SwitchOp>> batches) {
        return batches.stream().map(b -> b.stream().map(op -> op instanceof GroupOp g
                ? new GroupOp(g.kind(), new GroupDescription(g.group().deviceId(), g.group().groupId(),
                        g.group().type(), g.group().buckets(), APP.id()))
                : op).toList()).toList();
    }
}
