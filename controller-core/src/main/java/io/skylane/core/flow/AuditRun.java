package io.skylane.core.flow;

import io.skylane.core.southbound.SwitchHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One audit of one connection, from the table read to the confirmation of its batch. Changes of
 * desired state made meanwhile only update the desired state and wait here: the audit's batch,
 * computed from the latest desired state, carries them. Guarded by the device state's monitor.
 */
final class AuditRun {

    final SwitchHandle handle;
    /** Whether entries of a previous run that nobody wants yet are held rather than deleted ({@link RestartHold}). */
    final boolean holds;
    final CompletableFuture<AuditReport> result = new CompletableFuture<>();
    private final List<Waiter> waiters = new ArrayList<>();

    /** A new audit on {@code handle}; it takes over the changes waiting on {@code previous}, if any. */
    AuditRun(SwitchHandle handle, AuditRun previous, boolean holds) {
        this.handle = handle;
        this.holds = holds;
        if (previous != null) {
            waiters.addAll(previous.waiters);
            previous.waiters.clear();
        }
    }

    /**
     * Reads the switch's flow table and (OpenFlow 1.3) group table, each request bounded by {@code
     * timeout}. A switch that refuses the group request still has its flow table reconciled: the
     * groups are then empty (not read); a failed or late flow read fails the whole read.
     */
    CompletableFuture<TableRead> readTables(Duration timeout) {
        CompletableFuture<List<FlowEntry>> flows = withTimeout(handle::requestFlows, timeout);
        CompletableFuture<Optional<List<GroupDescription>>> groups = handle.version().isMultiTable()
                ? withTimeout(handle::requestGroups, timeout)
                        .handle((g, ex) -> ex == null ? Optional.of(g) : Optional.empty())
                : CompletableFuture.completedFuture(Optional.of(List.of()));
        return flows.thenCombine(groups, TableRead::new);
    }

    private static <T> CompletableFuture<T> withTimeout(Supplier<CompletableFuture<T>> request, Duration timeout) {
        try {
            return request.get().copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A change of {@code appId}'s desired state folded into this audit; completes with the audit's batch. */
    CompletableFuture<DeviceOutcome> fold(int appId) {
        Waiter w = new Waiter(appId, new CompletableFuture<>());
        waiters.add(w);
        return w.future();
    }

    /** Takes the waiting changes (the audit's batch is being sent). */
    List<Waiter> takeWaiters() {
        List<Waiter> taken = List.copyOf(waiters);
        waiters.clear();
        return taken;
    }

    /** What a switch reported for an audit: its flows, and its groups unless it refused to tell. */
    record TableRead(List<FlowEntry> flows, Optional<List<GroupDescription>> groups) {
    }

    /** A change waiting for the audit. */
    record Waiter(int appId, CompletableFuture<DeviceOutcome> future) {
    }
}
