package io.skylane.core.flow;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.event.EventDeliveryService;
import io.skylane.core.event.ListenerRegistry;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.BatchResult;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the audits of {@link FlowRuleManager}: reads a switch's tables, sends the batch that makes
 * them equal to the desired state ({@link AuditPlan}), reports, and after a restart holds and later
 * deletes the entries of the previous run that no app claimed ({@link RestartHold}). Counts it all.
 */
final class Auditor {

    private static final Logger log = LoggerFactory.getLogger(FlowRuleManager.class);

    private final FlowRuleManager.Config config;
    private final BatchTracker tracker;
    private final EventDeliveryService events;
    private final ListenerRegistry<FlowRuleEvent, FlowRuleListener> listeners;
    private final Clock clock;
    private final LongAdder audits = new LongAdder();
    private final LongAdder auditKept = new LongAdder();
    private final LongAdder auditAdded = new LongAdder();
    private final LongAdder auditRemoved = new LongAdder();
    private final LongAdder auditHeld = new LongAdder();
    private final LongAdder heldClaimed = new LongAdder();
    private final LongAdder heldDeleted = new LongAdder();
    /** When the last audit that holds started holding (System.nanoTime). */
    private volatile long lastHoldNanos;

    Auditor(FlowRuleManager.Config config, BatchTracker tracker, EventDeliveryService events,
            ListenerRegistry<FlowRuleEvent, FlowRuleListener> listeners, Clock clock) {
        this.config = config;
        this.tracker = tracker;
        this.events = events;
        this.listeners = listeners;
        this.clock = clock;
    }

    /** Audits finished and their totals: entries kept, added, removed, held; held ones claimed and deleted. */
    void counters(ImmutableSortedMap.Builder<String, Long> into) {
        into.put("audits", audits.sum()).put("auditKept", auditKept.sum()).put("auditAdded", auditAdded.sum())
                .put("auditRemoved", auditRemoved.sum()).put("auditHeld", auditHeld.sum())
                .put("heldClaimed", heldClaimed.sum()).put("heldDeleted", heldDeleted.sum());
    }

    /** Starts {@code run} (already the state's current audit). */
    void start(DeviceFlowState s, AuditRun run) {
        run.readTables(config.auditTimeout()).whenComplete((read, ex) -> finishAudit(s, run, read, ex));
    }

    private void finishAudit(DeviceFlowState s, AuditRun run, AuditRun.TableRead read, Throwable ex) {
        AuditPlan plan;
        RestartHold hold;
        List<AuditRun.Waiter> waiters;
        CompletableFuture<BatchResult> sent;
        synchronized (s) {
            if (s.audit != run) {
                return;
            }
            s.audit = null;
            if (ex == null) {
                plan = AuditPlan.reconcile(run.handle.version(), s.desiredPersistent(), s.transients::contains,
                        s.desiredGroups(), read.flows(), read.groups(), run.holds);
            } else {
                log.warn("Switch {} did not return its tables ({}): sending every desired rule, deleting nothing",
                        s.id, BatchTracker.unwrap(ex).toString());
                plan = AuditPlan.blind(s.desiredPersistent(), s.desiredGroups());
            }
            hold = plan.held() == 0 ? null
                    : new RestartHold(run.handle.version(), plan.heldFlows(), plan.heldGroups());
            s.hold = hold;
            waiters = run.takeWaiters();
            sent = plan.ops().isEmpty()
                    ? CompletableFuture.completedFuture(BatchResult.OK)
                    : BatchTracker.send(run.handle, plan.ops());
        }
        if (hold != null) {
            lastHoldNanos = System.nanoTime();
            log.info("Switch {} holds {} entries of a previous run that no app wants yet: kept until no switch has "
                    + "started holding for {} ms, for the apps to claim, then deleted", s.id, plan.held(),
                    config.restartGrace().toMillis());
            graceTimer(s, hold, config.restartGrace().toNanos());
        }
        sent.whenComplete((result, e) -> auditConfirmed(run, plan, waiters, result, e));
    }

    /**
     * Ends the switch's grace once no switch has started holding for the whole grace: while a
     * fabric is still connecting (and its apps still recomputing) every switch keeps what it holds.
     */
    private void graceTimer(DeviceFlowState s, RestartHold hold, long delayNanos) {
        CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS).execute(() -> {
            long left = lastHoldNanos + config.restartGrace().toNanos() - System.nanoTime();
            if (left > 0) {
                graceTimer(s, hold, left);
            } else {
                endRestartGrace(s, hold);
            }
        });
    }

    /** Ends the switch's restart grace now, if it holds anything. */
    void endRestartGrace(DeviceFlowState s) {
        RestartHold hold;
        synchronized (s) {
            hold = s.hold;
        }
        if (hold != null) {
            endRestartGrace(s, hold);
        }
    }

    private void endRestartGrace(DeviceFlowState s, RestartHold hold) {
        Submission sub;
        int claimed;
        int deleted;
        synchronized (s) {
            if (s.hold != hold) {
                return;
            }
            s.hold = null;
            BatchBuilder b = new BatchBuilder();
            hold.release(b, k -> s.persistentRule(k) != null || s.transients.contains(k), s::wantsGroup);
            claimed = hold.claimed();
            deleted = b.flowsDeleted() + b.groupsDeleted();
            sub = s.submit(AppId.CORE.id(), b);
        }
        heldClaimed.add(claimed);
        heldDeleted.add(deleted);
        log.info("Restart grace of switch {} over: {} held entries claimed by the apps, {} deleted", s.id, claimed,
                deleted);
        tracker.track(sub);
    }

    private void auditConfirmed(AuditRun run, AuditPlan plan, List<AuditRun.Waiter> waiters, BatchResult result,
                                Throwable ex) {
        DeviceId id = run.handle.deviceId();
        if (ex != null) {
            Throwable cause = BatchTracker.unwrap(ex);
            log.warn("Audit batch of switch {} was not confirmed: {}", id, cause.toString());
            waiters.forEach(w -> w.future().complete(DeviceOutcome.pending(id)));
            run.result.completeExceptionally(cause);
            return;
        }
        DeviceOutcome outcome = DeviceOutcome.confirmed(id, tracker.failures(id, result));
        AuditReport report = plan.report(id, clock.instant());
        audits.increment();
        auditKept.add(report.kept());
        auditAdded.add(report.added());
        auditRemoved.add(report.removed());
        auditHeld.add(report.held());
        log.info("Audit of switch {}: kept {}, added {}, removed {}, groups added {}, groups removed {}, held {}{}",
                id, report.kept(), report.added(), report.removed(), report.groupsAdded(), report.groupsRemoved(),
                report.held(), report.tableRead() ? "" : " (tables not read)");
        events.post(FlowRuleEvent.audited(report, report.time()), listeners);
        waiters.forEach(w -> w.future().complete(outcome.forApp(w.appId())));
        run.result.complete(report);
    }
}
