package io.skylane.core.flow;

import static io.skylane.core.flow.Rules.APP;
import static io.skylane.core.flow.Rules.OTHER;
import static io.skylane.core.flow.Rules.rule;
import static io.skylane.core.flow.Rules.transientRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.FlowApplyResult.RuleFailure;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SouthboundListener.RemovalReason;
import io.skylane.core.southbound.SwitchDisconnectedException;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.FakeSwitchHandle.Answer;
import io.skylane.core.testing.RecordingFlowRuleListener;
import io.skylane.core.testing.TestCore;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Desired state changes, ownership, transient rules and removals. Audits: {@link FlowAuditTest}. */
class FlowRuleManagerTest {

    private final TestCore core = new TestCore(new FlowRuleManager.Config(Duration.ofSeconds(5), 3));
    private final FlowRuleManager flows = core.flows();
    private final RecordingFlowRuleListener events = new RecordingFlowRuleListener();
    private final FakeSwitchHandle s1 = FakeSwitchHandle.of13(1);
    private final DeviceId d1 = s1.deviceId();
    private FlowRule miss;

    @BeforeEach
    void connect() {
        flows.addListener(events);
        core.connect(s1, TestCore.ports(4));
        miss = FlowRuleManager.tableMiss(d1);
        s1.clearRecords();
        events.clear();
    }

    private static FlowApplyResult done(CompletableFuture<FlowApplyResult> f) {
        assertTrue(f.isDone(), "result should be known");
        return f.join();
    }

    // ---- desired state and minimal diffs ------------------------------------------------------

    @Test
    void setDesiredSendsOneBatchAndReportsItConfirmed() {
        FlowRule a = rule(APP, d1, 0xa, 1);
        FlowRule b = rule(APP, d1, 0xb, 2);

        FlowApplyResult r = done(flows.setDesired(APP, d1, List.of(a, b), List.of()));

        assertEquals(List.of(d1), r.confirmed());
        assertTrue(r.isSuccess());
        assertEquals(List.of(List.of(SwitchOp.add(a), SwitchOp.add(b))), s1.batches());
        assertTrue(s1.hasFlow(a) && s1.hasFlow(b));
        assertEquals(List.of(FlowRuleEvent.Type.BATCH_CONFIRMED), events.types());
        assertEquals(List.of(miss, a, b), flows.desiredRules(d1));
    }

    @Test
    void aSecondSetDesiredSendsOnlyTheDifference() {
        FlowRule same = rule(APP, d1, 0xa, 1);
        FlowRule outChanges = rule(APP, d1, 0xb, 2);
        FlowRule flagChanges = rule(APP, d1, 0xc, 3);
        FlowRule gone = rule(APP, d1, 0xd, 4);
        flows.setDesired(APP, d1, List.of(same, outChanges, flagChanges, gone), List.of());
        s1.clearRecords();
        FlowRule outChanged = rule(APP, d1, 0xb, 3);
        FlowRule flagChanged = flagChanges.toBuilder().notifyRemoval(true).build();
        FlowRule added = rule(APP, d1, 0xe, 1);

        FlowApplyResult r = done(flows.setDesired(APP, d1, List.of(same, outChanged, flagChanged, added), List.of()));

        assertEquals(List.of(d1), r.confirmed());
        assertEquals(List.of(List.of(SwitchOp.delete(gone), SwitchOp.modify(outChanged), SwitchOp.add(flagChanged),
                SwitchOp.add(added))), s1.batches());
        assertEquals(List.of(miss, same, outChanged, flagChanged, added), s1.flows());
    }

    @Test
    void unchangedDesiredStateSendsNothing() {
        FlowRule a = rule(APP, d1, 0xa, 1);
        flows.setDesired(APP, d1, List.of(a), List.of());
        s1.clearRecords();

        FlowApplyResult r = done(flows.setDesired(APP, d1, List.of(a), List.of()));

        assertEquals(List.of(d1), r.confirmed());
        assertEquals(List.of(), s1.batches());
    }

    /** The rule set a setDesired keeps (not copied) stays the app's own: later applies and sets diff against it. */
    @Test
    void setsAndAppliesInTurnAlwaysDiffAgainstWhatIsDesired() {
        FlowRule a = rule(APP, d1, 0xa, 1);
        FlowRule b = rule(APP, d1, 0xb, 1);
        FlowRule c = rule(APP, d1, 0xc, 1);
        List<FlowRule> given = new java.util.ArrayList<>(List.of(a, b));
        flows.setDesired(APP, d1, given, List.of());
        given.clear();
        flows.apply(APP, List.of(c), List.of(a));
        assertEquals(List.of(miss, b, c), flows.desiredRules(d1));
        FlowRule t = transientRule(APP, d1, 0xd, 1);
        flows.installTransient(APP, t, java.util.OptionalInt.empty());
        FlowRule d = rule(APP, d1, 0xd, 2);
        s1.clearRecords();

        FlowApplyResult r = done(flows.setDesired(APP, d1, List.of(b, d), List.of()));

        assertTrue(r.isSuccess());
        assertEquals(List.of(List.of(SwitchOp.delete(c), SwitchOp.add(d))), s1.batches());
        assertEquals(List.of(miss, b, d), flows.desiredRules(d1), "the transient rule with d's key is forgotten");
        flows.apply(APP, List.of(), List.of(b));
        s1.clearRecords();
        assertTrue(done(flows.setDesired(APP, d1, List.of(d), List.of())).isSuccess());
        assertEquals(List.of(), s1.batches(), "b's removal was remembered: nothing left to send");
        assertEquals(List.of(miss, d), flows.desiredRules(d1));
    }

    @Test
    void applyAddsReplacesAndRemovesByKey() {
        FlowRule a = rule(APP, d1, 0xa, 1);
        FlowRule b = rule(APP, d1, 0xb, 1);
        flows.apply(APP, List.of(a, b), List.of());
        s1.clearRecords();
        FlowRule b2 = rule(APP, d1, 0xb, 2);
        FlowRule c = rule(APP, d1, 0xc, 1);

        FlowApplyResult r = done(flows.apply(APP, List.of(b2, c), List.of(a)));

        assertTrue(r.isSuccess());
        assertEquals(List.of(List.of(SwitchOp.delete(a), SwitchOp.modify(b2), SwitchOp.add(c))), s1.batches());
        assertEquals(List.of(miss, b2, c), flows.desiredRules(d1));
    }

    @Test
    void applySpanningDevicesSendsOneBatchPerDevice() {
        FakeSwitchHandle s2 = core.connect(FakeSwitchHandle.of13(2), TestCore.ports(2));
        s2.clearRecords();

        FlowApplyResult r = done(flows.apply(APP, List.of(rule(APP, d1, 0xa, 1), rule(APP, s2.deviceId(), 0xa, 2),
                rule(APP, d1, 0xb, 2)), List.of()));

        assertEquals(List.of(d1, s2.deviceId()), r.confirmed());
        assertEquals(1, s1.batches().size());
        assertEquals(2, s1.batches().get(0).size());
        assertEquals(1, s2.batches().size());
    }

    @Test
    void groupsAreAddedBeforeAndDeletedAfterTheFlowsThatUseThem() {
        GroupDescription g = Rules.group(APP, d1, 5, 1, 2);
        FlowRule toG = Rules.toGroup(APP, d1, 0xa, 5);

        FlowApplyResult added = done(flows.setDesired(APP, d1, List.of(toG), List.of(g)));
        GroupDescription g2 = Rules.group(APP, d1, 5, 1, 2, 3);
        FlowApplyResult modified = done(flows.setDesired(APP, d1, List.of(toG), List.of(g2)));
        FlowApplyResult removed = done(flows.setDesired(APP, d1, List.of(), List.of()));

        assertTrue(added.isSuccess() && modified.isSuccess() && removed.isSuccess());
        assertEquals(List.of(new SwitchOp.GroupOp(SwitchOp.Kind.ADD, g), SwitchOp.add(toG)), s1.batches().get(0));
        assertEquals(List.of(new SwitchOp.GroupOp(SwitchOp.Kind.MODIFY, g2)), s1.batches().get(1));
        assertEquals(List.of(SwitchOp.delete(toG), new SwitchOp.GroupOp(SwitchOp.Kind.DELETE, g2)),
                s1.batches().get(2));
        assertTrue(s1.groupTable().isEmpty());
        assertEquals(List.of(miss), s1.flows());
    }

    // ---- validation and ownership ---------------------------------------------------------------

    @Test
    void ruleWithAnotherAppsCookieIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> flows.setDesired(APP, d1, List.of(rule(OTHER, d1, 0xa, 1)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> flows.apply(APP, List.of(rule(OTHER, d1, 0xa, 1)),
                List.of()));
        assertThrows(IllegalArgumentException.class, () -> flows.apply(APP, List.of(),
                List.of(rule(OTHER, d1, 0xa, 1))));
        assertThrows(IllegalArgumentException.class, () -> flows.setDesired(APP, d1, List.of(),
                List.of(Rules.group(OTHER, d1, 1, 1))));
    }

    @Test
    void malformedRequestsAreRefused() {
        FlowRule a = rule(APP, d1, 0xa, 1);
        assertThrows(IllegalArgumentException.class,
                () -> flows.setDesired(APP, d1, List.of(transientRule(APP, d1, 0xa, 1)), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> flows.setDesired(APP, DeviceId.of(2), List.of(a), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> flows.setDesired(APP, d1, List.of(a, rule(APP, d1, 0xa, 2)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> flows.apply(APP, List.of(a), List.of(a)));
        assertThrows(IllegalArgumentException.class, () -> flows.setDesired(APP, d1, List.of(),
                List.of(Rules.group(APP, d1, 1, 1), Rules.group(APP, d1, 1, 2))));
        assertEquals(List.of(miss), flows.desiredRules(d1));
        assertEquals(List.of(), s1.batches());
    }

    @Test
    void aKeyOwnedByAnotherAppIsRefusedAndNothingChanges() {
        FlowRule theirs = rule(OTHER, d1, 0xa, 1);
        flows.setDesired(OTHER, d1, List.of(theirs), List.of());
        s1.clearRecords();

        assertThrows(IllegalArgumentException.class, () -> flows.setDesired(APP, d1,
                List.of(rule(APP, d1, 0xb, 1), rule(APP, d1, 0xa, 2)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> flows.apply(APP, List.of(), List.of(rule(APP, d1, 0xa, 1))));

        assertEquals(List.of(miss, theirs), flows.desiredRules(d1));
        assertEquals(List.of(), s1.batches());
    }

    @Test
    void aGroupOwnedByAnotherAppIsRefused() {
        flows.setDesired(OTHER, d1, List.of(), List.of(Rules.group(OTHER, d1, 7, 1)));

        assertThrows(IllegalArgumentException.class,
                () -> flows.setDesired(APP, d1, List.of(), List.of(Rules.group(APP, d1, 7, 2))));
        assertEquals(OTHER.id(), flows.desiredGroups(d1).get(0).appId());
    }

    @Test
    void aRequestSpanningDevicesIsValidatedWholeBeforeAnythingChanges() {
        FakeSwitchHandle s2 = core.connect(FakeSwitchHandle.of13(2), TestCore.ports(2));
        DeviceId d2 = s2.deviceId();
        flows.setDesired(OTHER, d2, List.of(rule(OTHER, d2, 0xa, 1)), List.of());
        s1.clearRecords();

        assertThrows(IllegalArgumentException.class,
                () -> flows.apply(APP, List.of(rule(APP, d1, 0xa, 1), rule(APP, d2, 0xa, 2)), List.of()));

        assertEquals(List.of(miss), flows.desiredRules(d1));
        assertEquals(List.of(), s1.batches());
    }

    @Test
    void theTableMissKeyIsReservedForTheCore() {
        FlowRule mine = miss.toBuilder().app(APP).build();
        assertThrows(IllegalArgumentException.class, () -> flows.setDesired(APP, d1, List.of(mine), List.of()));
    }

    // ---- pending, failures, disconnects ---------------------------------------------------------

    @Test
    void aChangeForADisconnectedDeviceIsPendingAndAppliedOnConnect() {
        FakeSwitchHandle s2 = FakeSwitchHandle.of13(2);
        FlowRule a = rule(APP, s2.deviceId(), 0xa, 1);

        FlowApplyResult r = done(flows.setDesired(APP, s2.deviceId(), List.of(a), List.of()));
        assertEquals(List.of(s2.deviceId()), r.pending());
        assertEquals(List.of(), r.confirmed());

        core.connect(s2, TestCore.ports(1));

        assertTrue(s2.hasFlow(a));
        assertTrue(s2.hasFlow(FlowRuleManager.tableMiss(s2.deviceId())));
        assertEquals(2, events.await(FlowRuleEvent.Type.AUDIT_COMPLETED, Duration.ZERO).audit().orElseThrow().added());
    }

    @Test
    void refusedRulesAreMappedBackAndStayDesired() {
        FlowRule ok = rule(APP, d1, 0xa, 1);
        FlowRule refused = rule(APP, d1, 0xb, 1);
        s1.failOn(refused.key());

        FlowApplyResult r = done(flows.setDesired(APP, d1, List.of(ok, refused), List.of()));

        assertFalse(r.isSuccess());
        assertEquals(List.of(new RuleFailure(d1, refused, null, FakeSwitchHandle.TABLE_FULL)), r.failures());
        FlowRuleEvent failed = events.await(FlowRuleEvent.Type.RULE_FAILED, Duration.ZERO);
        assertEquals(refused, failed.rule().orElseThrow());
        assertEquals(FakeSwitchHandle.TABLE_FULL, failed.error().orElseThrow());
        assertTrue(flows.desiredRules(d1).contains(refused));

        s1.clearFailures();
        AuditReport retried = flows.audit(d1).join();
        assertEquals(1, retried.added());
        assertTrue(s1.hasFlow(refused));
    }

    @Test
    void aRefusedRuleIsSentAgainWithTheAppsNextChange() {
        FlowRule ok = rule(APP, d1, 0xa, 1);
        FlowRule refused = rule(APP, d1, 0xb, 1);
        s1.failOn(refused.key());
        assertFalse(done(flows.setDesired(APP, d1, List.of(ok, refused), List.of())).isSuccess());
        s1.clearFailures();
        s1.clearRecords();

        FlowApplyResult again = done(flows.setDesired(APP, d1, List.of(ok, refused), List.of()));

        assertTrue(again.isSuccess());
        assertEquals(List.of(SwitchOp.add(refused)), s1.ops());
        assertTrue(s1.hasFlow(refused));
        s1.clearRecords();
        done(flows.setDesired(APP, d1, List.of(ok, refused), List.of()));
        assertEquals(List.of(), s1.ops(), "once installed it is not sent again");
    }

    @Test
    void aRefusedRuleIsRetriedByAnIncrementalApplyOfTheSameApp() {
        FlowRule refused = rule(APP, d1, 0xb, 1);
        FlowRule other = rule(APP, d1, 0xc, 1);
        s1.failOn(refused.key());
        done(flows.apply(APP, List.of(refused), List.of()));
        s1.clearFailures();
        s1.clearRecords();

        assertTrue(done(flows.apply(APP, List.of(other), List.of())).isSuccess());

        assertTrue(s1.hasFlow(refused));
        assertTrue(s1.hasFlow(other));
    }

    @Test
    void refusedGroupsAreMappedBack() {
        GroupDescription g = Rules.group(APP, d1, 9, 1);
        s1.failOnGroup(9, FakeSwitchHandle.error("GROUP_MOD_FAILED", "OUT_OF_GROUPS"));

        FlowApplyResult r = done(flows.setDesired(APP, d1, List.of(), List.of(g)));

        assertEquals(g, r.failures().get(0).group());
    }

    @Test
    void aBatchInFlightWhenTheSwitchDisconnectsIsPending() {
        s1.answerBarriers(Answer.NEVER);
        CompletableFuture<FlowApplyResult> f = flows.setDesired(APP, d1, List.of(rule(APP, d1, 0xa, 1)), List.of());
        assertFalse(f.isDone());

        core.disconnect(s1, "closed");

        assertEquals(List.of(d1), done(f).pending());
        assertEquals(List.of(miss, rule(APP, d1, 0xa, 1)), flows.desiredRules(d1));
    }

    @Test
    void aBatchTheSwitchDoesNotConfirmInTimeIsPending() {
        s1.answerBarriers(Answer.TIME_OUT);

        FlowApplyResult r = done(flows.setDesired(APP, d1, List.of(rule(APP, d1, 0xa, 1)), List.of()));

        assertEquals(List.of(d1), r.pending());
        assertEquals(List.of(), events.events(FlowRuleEvent.Type.BATCH_CONFIRMED));
    }

    @Test
    void batchesForADeviceAreSentInOrder() {
        s1.answerBarriers(Answer.LATER);
        FlowRule a1 = rule(APP, d1, 0xa, 1);
        FlowRule a2 = rule(APP, d1, 0xa, 2);
        CompletableFuture<FlowApplyResult> first = flows.apply(APP, List.of(a1), List.of());
        CompletableFuture<FlowApplyResult> second = flows.apply(APP, List.of(a2), List.of());

        assertEquals(2, s1.releaseBarriers());

        assertEquals(List.of(List.of(SwitchOp.add(a1)), List.of(SwitchOp.modify(a2))), s1.batches());
        assertTrue(first.join().isSuccess() && second.join().isSuccess());
        assertTrue(s1.hasFlow(a2));
    }

    @Test
    void disconnectForgetsTransientRulesButKeepsDesiredState() {
        FlowRule a = rule(APP, d1, 0xa, 1);
        flows.setDesired(APP, d1, List.of(a), List.of());
        flows.installTransient(APP, transientRule(APP, d1, 0xb, 2), OptionalInt.empty());

        core.disconnect(s1, "closed");

        assertEquals(List.of(miss, a), flows.desiredRules(d1));
    }

    @Test
    void disconnectOfAReplacedConnectionIsIgnored() {
        FakeSwitchHandle again = FakeSwitchHandle.of13(1);
        core.connect(again, TestCore.ports(4));
        FlowRule t = transientRule(APP, d1, 0xb, 2);
        flows.installTransient(APP, t, OptionalInt.empty());

        flows.deviceDisconnected(s1);
        flows.installTransient(APP, transientRule(APP, d1, 0xc, 2), OptionalInt.empty());

        assertTrue(flows.desiredRules(d1).contains(t));
        assertEquals(2, again.transientFlows().size());
        assertEquals(List.of(), s1.transientFlows());
    }

    // ---- transient rules ----------------------------------------------------------------------

    @Test
    void transientRuleIsSentWithItsBufferAndRemembered() {
        FlowRule t = transientRule(APP, d1, 0xa, 3);

        flows.installTransient(APP, t, OptionalInt.of(42));

        assertEquals(List.of(new FakeSwitchHandle.TransientFlow(t, OptionalInt.of(42))), s1.transientFlows());
        assertEquals(List.of(), s1.batches());
        assertEquals(List.of(miss, t), flows.desiredRules(d1));
        assertEquals(List.of(), events.events());
        assertEquals(1L, flows.counters().get("transientsSent"));
    }

    @Test
    void invalidTransientRulesAreRefused() {
        flows.setDesired(APP, d1, List.of(rule(APP, d1, 0xa, 1)), List.of());
        flows.installTransient(OTHER, transientRule(OTHER, d1, 0xb, 1), OptionalInt.empty());

        assertThrows(IllegalArgumentException.class,
                () -> flows.installTransient(APP, rule(APP, d1, 0xc, 1), OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> flows.installTransient(APP, transientRule(OTHER, d1, 0xc, 1), OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> flows.installTransient(APP, transientRule(APP, d1, 0xa, 1), OptionalInt.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> flows.installTransient(APP, transientRule(APP, d1, 0xb, 1), OptionalInt.empty()));
        assertEquals(1, s1.transientFlows().size());
    }

    @Test
    void transientRuleForADisconnectedDeviceIsDroppedAndCounted() {
        DeviceId unknown = DeviceId.of(77);
        core.disconnect(s1, "closed");

        flows.installTransient(APP, transientRule(APP, d1, 0xa, 1), OptionalInt.empty());
        flows.installTransient(APP, transientRule(APP, unknown, 0xa, 1), OptionalInt.empty());

        assertEquals(List.of(), s1.transientFlows());
        assertEquals(2L, flows.counters().get("transientsDropped"));
        assertEquals(List.of(miss), flows.desiredRules(d1));
    }

    @Test
    void transientRulesBeyondTheBoundEvictTheOldest() {
        FlowRule t1 = transientRule(APP, d1, 1, 1);
        FlowRule t2 = transientRule(APP, d1, 2, 1);
        FlowRule t3 = transientRule(APP, d1, 3, 1);
        FlowRule t4 = transientRule(APP, d1, 4, 1);
        for (FlowRule t : List.of(t1, t2, t3, t1, t4)) {
            flows.installTransient(APP, t, OptionalInt.empty());
        }

        assertEquals(List.of(miss, t3, t1, t4), flows.desiredRules(d1));
        assertEquals(1L, flows.counters().get("transientsEvicted"));
        assertEquals(5, s1.transientFlows().size());
    }

    @Test
    void flowRemovedForgetsATransientRule() {
        FlowRule t = transientRule(APP, d1, 0xa, 1);
        flows.installTransient(APP, t, OptionalInt.empty());

        core.router().flowRemoved(s1, t, RemovalReason.IDLE_TIMEOUT, 10, 1000);

        assertEquals(List.of(miss), flows.desiredRules(d1));
        assertEquals(t, events.await(FlowRuleEvent.Type.RULE_REMOVED, Duration.ZERO).rule().orElseThrow());
        assertEquals(List.of(), s1.batches());
    }

    @Test
    void aDesiredRuleSomeoneDeletedIsInstalledAgain() {
        FlowRule a = rule(APP, d1, 0xa, 1).toBuilder().notifyRemoval(true).build();
        flows.setDesired(APP, d1, List.of(a), List.of());
        s1.clearRecords();
        s1.removeFlow(a.key());

        core.router().flowRemoved(s1, a, RemovalReason.DELETE, 0, 0);

        assertEquals(List.of(List.of(SwitchOp.add(a))), s1.batches());
        assertTrue(s1.hasFlow(a));
        assertEquals(1, events.events(FlowRuleEvent.Type.RULE_REMOVED).size());
        assertEquals(1L, flows.counters().get("reinstalled"));
    }

    @Test
    void flowRemovedOfAnUnknownRuleChangesNothing() {
        core.router().flowRemoved(s1, transientRule(OTHER, d1, 0xa, 1), RemovalReason.IDLE_TIMEOUT, 0, 0);

        assertEquals(List.of(), events.events());
        assertEquals(List.of(), s1.batches());
    }

    // ---- apps, reads ------------------------------------------------------------------------

    @Test
    void removeAppDeletesItsRulesGroupsAndTransientsEverywhereAndKeepsOthers() {
        FakeSwitchHandle s2 = FakeSwitchHandle.of13(2);
        FlowRule mine = Rules.toGroup(APP, d1, 0xa, 3);
        GroupDescription g = Rules.group(APP, d1, 3, 1);
        FlowRule theirs = rule(OTHER, d1, 0xb, 1);
        FlowRule t = transientRule(APP, d1, 0xc, 1);
        flows.setDesired(APP, d1, List.of(mine), List.of(g));
        flows.setDesired(OTHER, d1, List.of(theirs), List.of());
        flows.setDesired(APP, s2.deviceId(), List.of(rule(APP, s2.deviceId(), 0xa, 1)), List.of());
        flows.installTransient(APP, t, OptionalInt.empty());
        s1.clearRecords();

        FlowApplyResult r = done(flows.removeApp(APP));

        assertEquals(List.of(d1), r.confirmed());
        assertEquals(List.of(s2.deviceId()), r.pending());
        assertEquals(List.of(List.of(SwitchOp.delete(mine), SwitchOp.delete(t),
                new SwitchOp.GroupOp(SwitchOp.Kind.DELETE, g))), s1.batches());
        assertEquals(List.of(miss, theirs), s1.flows());
        assertEquals(List.of(miss, theirs), flows.desiredRules(d1));
        assertEquals(List.of(), flows.desiredRules(s2.deviceId()));
        assertEquals(List.of(), flows.desiredGroups(d1));
    }

    @Test
    void desiredRulesIsAnImmutableSnapshot() {
        List<FlowRule> snapshot = flows.desiredRules(d1);
        flows.setDesired(APP, d1, List.of(rule(APP, d1, 0xa, 1)), List.of());

        assertEquals(List.of(miss), snapshot);
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(miss));
        assertEquals(List.of(), flows.desiredRules(DeviceId.of(99)));
    }

    @Test
    void actualRulesReadTheSwitchOrFailWhenDisconnected() throws Exception {
        assertEquals(List.of(miss), flows.actualRules(d1).get().stream().map(FlowEntry::rule).toList());
        assertEquals(List.of(), flows.actualGroups(d1).get());

        core.disconnect(s1, "closed");

        ExecutionException e = assertThrows(ExecutionException.class, () -> flows.actualRules(d1).get());
        assertTrue(e.getCause() instanceof SwitchDisconnectedException);
        assertThrows(ExecutionException.class, () -> flows.actualGroups(d1).get());
    }

    @Test
    void anOpenFlow10SwitchGetsNoTableMiss() {
        FakeSwitchHandle old = core.connect(FakeSwitchHandle.of10(3), TestCore.ports(2));

        assertEquals(List.of(), flows.desiredRules(old.deviceId()));
        assertEquals(List.of(), old.batches());
        assertEquals(List.of(), old.flows());
        assertEquals(PortNumber.CONTROLLER, ((Action.Output) miss.applyActions().get(0)).port());
        assertEquals(Action.CONTROLLER_MAX_LEN_NO_BUFFER, ((Action.Output) miss.applyActions().get(0)).maxLen());
        assertEquals(AppId.CORE.id(), miss.appId());
    }
}
