package io.skylane.core.flow;

import static io.skylane.core.flow.Rules.APP;
import static io.skylane.core.flow.Rules.OTHER;
import static io.skylane.core.flow.Rules.rule;
import static io.skylane.core.flow.Rules.transientRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.southbound.SwitchDisconnectedException;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.southbound.SwitchOp.GroupOp;
import io.skylane.core.southbound.SwitchOp.Kind;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.FakeSwitchHandle.Answer;
import io.skylane.core.testing.RecordingFlowRuleListener;
import io.skylane.core.testing.TestCore;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconciling a switch's tables with the desired state on connect and on demand. */
class FlowAuditTest {

    private final TestCore core = new TestCore(new FlowRuleManager.Config(Duration.ofMillis(100), 100));
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

    /** A group as the switch reports it: OpenFlow keeps no owner. */
    private static GroupDescription asReported(GroupDescription g) {
        return new GroupDescription(g.deviceId(), g.groupId(), g.type(), g.buckets(), 0);
    }

    @Test
    void auditKeepsMatchingEntriesDeletesExtraOnesAndAddsMissingOnes() {
        FlowRule kept = rule(APP, d1, 0xa, 1);
        FlowRule changed = rule(APP, d1, 0xb, 2);
        FlowRule missing = rule(APP, d1, 0xc, 3);
        FlowRule stale = rule(APP, d1, 0xb, 9);
        FlowRule foreign = rule(AppId.of(99, "gone"), d1, 0xd, 1).toBuilder().cookie(0x1234).build();
        flows.setDesired(APP, d1, List.of(kept, changed, missing), List.of());
        s1.preload(miss, kept, stale, foreign);

        core.connect(s1, TestCore.ports(3));

        assertEquals(List.of(List.of(SwitchOp.delete(foreign), SwitchOp.add(changed), SwitchOp.add(missing))),
                s1.batches());
        assertEquals(List.of(miss, kept, changed, missing), s1.flows());
        AuditReport r = report();
        assertEquals(2, r.kept());
        assertEquals(2, r.added());
        assertEquals(1, r.removed());
        assertTrue(r.tableRead());
        assertEquals(d1, r.deviceId());
        assertEquals(core.clock().instant(), r.time());
    }

    @Test
    void aSwitchAlreadyInTheDesiredStateIsLeftUntouched() {
        FlowRule a = rule(APP, d1, 0xa, 1);
        flows.setDesired(APP, d1, List.of(a), List.of());
        s1.preload(miss, a);

        core.connect(s1, TestCore.ports(1));

        assertEquals(List.of(), s1.batches());
        assertEquals(2, report().kept());
    }

    @Test
    void auditDeletesTransientRulesOfAnEarlierRunButKeepsOnesInstalledMeanwhile() {
        FlowRule stale = transientRule(APP, d1, 0xa, 1);
        FlowRule fresh = transientRule(APP, d1, 0xb, 2);
        s1.preload(miss, stale);
        s1.answerStats(Answer.LATER);
        core.connect(s1, TestCore.ports(2));

        flows.installTransient(APP, fresh, OptionalInt.empty());
        s1.releaseStats();

        assertEquals(List.of(List.of(SwitchOp.delete(stale))), s1.batches());
        assertEquals(List.of(miss, fresh), s1.flows());
        assertEquals(2, report().kept());
    }

    @Test
    void evictedTransientRulesAreDeletedByTheNextAudit() {
        TestCore small = new TestCore(new FlowRuleManager.Config(Duration.ofSeconds(5), 1));
        FakeSwitchHandle sw = small.connect(FakeSwitchHandle.of13(5), TestCore.ports(1));
        FlowRule t1 = transientRule(APP, sw.deviceId(), 1, 1);
        FlowRule t2 = transientRule(APP, sw.deviceId(), 2, 1);
        small.flows().installTransient(APP, t1, OptionalInt.empty());
        small.flows().installTransient(APP, t2, OptionalInt.empty());
        sw.clearRecords();

        AuditReport r = small.flows().audit(sw.deviceId()).join();

        assertEquals(List.of(List.of(SwitchOp.delete(t1))), sw.batches());
        assertEquals(1, r.removed());
        assertEquals(2, r.kept());
    }

    @Test
    void whenTheTablesCannotBeReadEverythingDesiredIsSentAndNothingDeleted() {
        FlowRule a = rule(APP, d1, 0xa, 1);
        FlowRule foreign = rule(OTHER, d1, 0xd, 1);
        flows.setDesired(APP, d1, List.of(a), List.of());
        s1.preload(foreign);
        s1.answerStats(Answer.TIME_OUT);

        core.connect(s1, TestCore.ports(1));

        assertEquals(List.of(List.of(SwitchOp.add(miss), SwitchOp.add(a))), s1.batches());
        assertTrue(s1.hasFlow(foreign));
        AuditReport r = report();
        assertFalse(r.tableRead());
        assertEquals(2, r.added());
        assertEquals(0, r.removed());
    }

    @Test
    void aSwitchThatNeverAnswersStatisticsIsAuditedBlindAfterTheTimeout() {
        s1.answerStats(Answer.NEVER);

        core.connect(s1, TestCore.ports(1));

        AuditReport r = report();
        assertFalse(r.tableRead());
        assertEquals(List.of(List.of(SwitchOp.add(miss))), s1.batches());
    }

    @Test
    void openFlow10FlowStatisticsWithoutFlagsStillMatch() {
        FakeSwitchHandle old = FakeSwitchHandle.of10(2);
        FlowRule wantsRemoval = rule(APP, old.deviceId(), 0xa, 1).toBuilder().notifyRemoval(true).build();
        flows.setDesired(APP, old.deviceId(), List.of(wantsRemoval), List.of());
        old.preload(wantsRemoval);

        core.connect(old, TestCore.ports(1));

        assertEquals(List.of(), old.batches());
        AuditReport r = report();
        assertEquals(1, r.kept());
        assertEquals(0, r.added());
    }

    @Test
    void openFlow13FlagsAreCompared() {
        FlowRule wantsRemoval = rule(APP, d1, 0xa, 1).toBuilder().notifyRemoval(true).build();
        flows.setDesired(APP, d1, List.of(wantsRemoval), List.of());
        s1.preload(miss, rule(APP, d1, 0xa, 1));

        core.connect(s1, TestCore.ports(1));

        assertEquals(List.of(List.of(SwitchOp.add(wantsRemoval))), s1.batches());
    }

    @Test
    void groupsAreReconciledByIdTypeAndBuckets() {
        GroupDescription same = Rules.group(APP, d1, 1, 1);
        GroupDescription missing = Rules.group(APP, d1, 3, 1);
        GroupDescription changed = Rules.group(APP, d1, 4, 1, 2);
        GroupDescription extra = Rules.group(OTHER, d1, 2, 1);
        flows.setDesired(APP, d1, List.of(), List.of(same, missing, changed));
        s1.preloadGroups(same, extra, Rules.group(APP, d1, 4, 1));

        core.connect(s1, TestCore.ports(2));

        assertEquals(List.of(new GroupOp(Kind.ADD, missing), new GroupOp(Kind.MODIFY, changed),
                SwitchOp.add(miss), new GroupOp(Kind.DELETE, asReported(extra))), s1.batches().get(0));
        AuditReport r = report();
        assertEquals(2, r.groupsAdded());
        assertEquals(1, r.groupsRemoved());
        assertEquals(List.of(1, 3, 4), s1.groupTable().keySet().stream().sorted().toList());
        assertTrue(flows.actualGroups(d1).join().stream().allMatch(g -> g.appId() == 0));
    }

    @Test
    void aSwitchThatRefusesTheGroupRequestStillHasItsFlowsReconciled() {
        FakeSwitchHandle noGroups = new FakeSwitchHandle(d1, ProtocolVersion.OF_13) {
            @Override
            public CompletableFuture<List<GroupDescription>> requestGroups() {
                return CompletableFuture.failedFuture(new IllegalStateException("BAD_REQUEST/BAD_STAT"));
            }
        };
        GroupDescription g = Rules.group(APP, d1, 1, 1);
        FlowRule stale = rule(OTHER, d1, 0xe, 1);
        flows.setDesired(APP, d1, List.of(), List.of(g));
        noGroups.preload(miss, stale);

        core.connect(noGroups, TestCore.ports(1));

        assertEquals(List.of(List.of(new GroupOp(Kind.ADD, g), SwitchOp.delete(stale))), noGroups.batches());
        AuditReport r = report();
        assertTrue(r.tableRead());
        assertEquals(1, r.removed());
        assertEquals(1, r.groupsAdded());
    }

    @Test
    void changesMadeDuringAnAuditAreFoldedIntoItsBatch() {
        s1.answerStats(Answer.LATER);
        core.connect(s1, TestCore.ports(1));
        FlowRule a = rule(APP, d1, 0xa, 1);
        FlowRule refused = rule(APP, d1, 0xb, 1);
        FlowRule theirs = rule(OTHER, d1, 0xc, 1);
        s1.failOn(refused.key());

        CompletableFuture<FlowApplyResult> mine = flows.setDesired(APP, d1, List.of(a, refused), List.of());
        CompletableFuture<FlowApplyResult> others = flows.apply(OTHER, List.of(theirs), List.of());
        assertFalse(mine.isDone());
        assertEquals(List.of(), s1.batches());

        s1.releaseStats();

        assertEquals(List.of(List.of(SwitchOp.add(miss), SwitchOp.add(a), SwitchOp.add(refused),
                SwitchOp.add(theirs))), s1.batches());
        assertEquals(List.of(d1), mine.join().confirmed());
        assertEquals(refused, mine.join().failures().get(0).rule());
        assertTrue(others.join().isSuccess());
    }

    @Test
    void anAuditOnDemandRepairsATamperedTable() {
        core.connect(s1, TestCore.ports(1));
        FlowRule a = rule(APP, d1, 0xa, 1);
        flows.setDesired(APP, d1, List.of(a), List.of());
        s1.removeFlow(a.key());
        s1.preload(rule(OTHER, d1, 0xe, 2));
        s1.clearRecords();

        AuditReport r = flows.audit(d1).join();

        assertEquals(1, r.added());
        assertEquals(1, r.removed());
        assertEquals(List.of(miss, a), s1.flows());
        assertEquals(2, events.events(FlowRuleEvent.Type.AUDIT_COMPLETED).size());
    }

    @Test
    void anAuditOfADisconnectedDeviceFails() {
        CompletionException e = assertThrows(CompletionException.class, () -> flows.audit(d1).join());
        assertTrue(e.getCause() instanceof SwitchDisconnectedException);
    }

    @Test
    void aDisconnectDuringAnAuditFailsItAndLeavesChangesPending() {
        s1.answerStats(Answer.LATER);
        core.connect(s1, TestCore.ports(1));
        CompletableFuture<AuditReport> audit = flows.audit(d1);
        CompletableFuture<FlowApplyResult> change = flows.setDesired(APP, d1, List.of(rule(APP, d1, 0xa, 1)),
                List.of());

        core.disconnect(s1, "closed");

        assertTrue(audit.isCompletedExceptionally());
        assertEquals(List.of(d1), change.join().pending());
        assertEquals(List.of(), s1.batches());
    }

    @Test
    void aReconnectReappliesDesiredStateAndDeletesTheOldConnectionsTransientRules() {
        core.connect(s1, TestCore.ports(1));
        FlowRule a = rule(APP, d1, 0xa, 1);
        FlowRule t = transientRule(APP, d1, 0xb, 1);
        flows.setDesired(APP, d1, List.of(a), List.of());
        flows.installTransient(APP, t, OptionalInt.empty());
        core.disconnect(s1, "closed");
        FakeSwitchHandle again = FakeSwitchHandle.of13(1);
        again.preload(s1.flows().toArray(new FlowRule[0]));

        core.connect(again, TestCore.ports(1));

        assertEquals(List.of(List.of(SwitchOp.delete(t))), again.batches());
        assertEquals(List.of(miss, a), again.flows());
    }
}
