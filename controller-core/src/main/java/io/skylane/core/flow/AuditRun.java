package io.skylane.core.flow;

import io.skylane.core.southbound.SwitchHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One audit of one connection, from the table read to the confirmation of its batch. Changes of
 * desired state made meanwhile only update the desired state and wait here: the audit's batch,
 * computed from the latest desired state, carries them. Guarded by the device state's monitor.
 */
final class AuditRun {

    final SwitchHandle handle;
    final CompletableFuture<AuditReport> result = new CompletableFuture<>();
    private final List<Waiter> waiters = new ArrayList<>();

    /** A new audit on {@code handle}; it takes over the changes waiting on {@code previous}, if any. */
    AuditRun(SwitchHandle handle, AuditRun previous) {
        this.handle = handle;
        if (previous != null) {
            waiters.addAll(previous.waiters);
            previous.waiters.clear();
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

    /** A change waiting for the audit. */
    record Waiter(int appId, CompletableFuture<DeviceOutcome> future) {
    }
}
