package io.skylane.core.flow;

import io.skylane.core.event.EventDeliveryService;
import io.skylane.core.event.ListenerRegistry;
import io.skylane.core.flow.FlowApplyResult.RuleFailure;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.SwitchDisconnectedException;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends batches and turns what the switch answered into outcomes and events: refused operations
 * are mapped back to their rules and groups (RULE_FAILED per rule), a confirmed batch posts
 * BATCH_CONFIRMED, a batch lost to a disconnect or a timeout is pending (the desired state is kept
 * and the next audit applies it).
 */
final class BatchTracker {

    private static final Logger log = LoggerFactory.getLogger(FlowRuleManager.class);

    private final EventDeliveryService events;
    private final ListenerRegistry<FlowRuleEvent, FlowRuleListener> listeners;
    private final Clock clock;

    BatchTracker(EventDeliveryService events, ListenerRegistry<FlowRuleEvent, FlowRuleListener> listeners,
                 Clock clock) {
        this.events = events;
        this.listeners = listeners;
        this.clock = clock;
    }

    /** Sends without throwing: a handle that throws gives a failed future. */
    static CompletableFuture<BatchResult> send(SwitchHandle h, List<SwitchOp> ops) {
        try {
            return h.apply(ops);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The outcome of a submission. Call outside any device monitor: the result may be handled at once. */
    CompletableFuture<DeviceOutcome> track(Submission sub) {
        if (sub.outcome() != null) {
            return sub.outcome();
        }
        DeviceId id = sub.device();
        return sub.batch().handle((result, ex) -> {
            if (ex != null) {
                Throwable cause = unwrap(ex);
                if (cause instanceof SwitchDisconnectedException) {
                    log.debug("Batch to {} not confirmed: disconnected; the next audit applies it", id);
                } else {
                    log.warn("Batch to switch {} not confirmed ({}): kept as desired, the next audit applies it",
                            id, cause.toString());
                }
                return DeviceOutcome.pending(id);
            }
            List<RuleFailure> failures = failures(id, result);
            events.post(FlowRuleEvent.confirmed(id, clock.instant()), listeners);
            return DeviceOutcome.confirmed(id, failures);
        });
    }

    /** Maps a batch's refused operations back to rules and groups; posts RULE_FAILED for each rule. */
    List<RuleFailure> failures(DeviceId id, BatchResult result) {
        if (result.isSuccess()) {
            return List.of();
        }
        List<RuleFailure> failures = new ArrayList<>();
        for (BatchResult.Failure f : result.failures()) {
            if (f.op() instanceof SwitchOp.FlowOp op) {
                failures.add(new RuleFailure(id, op.rule(), null, f.error()));
                events.post(FlowRuleEvent.failed(op.rule(), f.error(), clock.instant()), listeners);
                log.debug("Switch {} refused {} {}: {}", id, op.kind(), op.rule(), f.error());
            } else if (f.op() instanceof SwitchOp.GroupOp op) {
                failures.add(new RuleFailure(id, null, op.group(), f.error()));
                log.debug("Switch {} refused group {} {}: {}", id, op.kind(), op.group().groupId(), f.error());
            } else {
                log.debug("Switch {} refused {}: {}", id, f.op(), f.error());
            }
        }
        log.warn("Switch {} refused {} operations, first: {} (kept as desired, retried by the next audit)", id,
                result.failures().size(), result.failures().get(0).error());
        return failures;
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
