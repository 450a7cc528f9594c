package io.skylane.vpc.store;

import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;

/**
 * The group commit's leader role: at most one thread at a time syncs the journal and publishes
 * what it covered. Waiters whose commit another thread is syncing wait here, and are woken as soon
 * as the leader has released their batch (not only when it gives the role up, which may come after
 * a snapshot).
 */
final class SyncRole {

    private boolean taken;

    /**
     * Returns false once {@code done} holds; otherwise, when nobody holds the role, takes it and
     * returns true. Waits meanwhile, uninterruptibly (a pending commit's writer must learn how it
     * ended; the interrupt is kept).
     */
    synchronized boolean takeUnless(BooleanSupplier done) {
        boolean interrupted = false;
        try {
            while (taken && !done.getAsBoolean()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (done.getAsBoolean()) {
                return false;
            }
            taken = true;
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes the role (a snapshot, the close), waiting for the leader to give it up. */
    synchronized void take() throws InterruptedIOException {
        while (taken) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the intent journal's sync");
            }
        }
        taken = true;
    }

    synchronized void giveUp() {
        taken = false;
        notifyAll();
    }

    /** Marks a batch done ({@code markDone}) and wakes its waiters. */
    synchronized void release(Runnable markDone) {
        markDone.run();
        notifyAll();
    }
}
