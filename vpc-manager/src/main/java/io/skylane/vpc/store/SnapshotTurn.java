package io.skylane.vpc.store;

import java.io.InterruptedIOException;

/**
 * At most one snapshot of the intent store is written at a time: the one that commits hand to the
 * snapshot thread ({@link #tryClaim}: skipped while another is written), or an explicit one and the
 * close ({@link #claim}: wait for it). A snapshot's compaction moves the journal's records, so two
 * must never overlap.
 */
final class SnapshotTurn {

    private boolean taken;

    /** Takes the turn if free. */
    synchronized boolean tryClaim() {
        if (taken) {
            return false;
        }
        taken = true;
        return true;
    }

    /** Takes the turn, waiting for a snapshot being written to finish. */
    synchronized void claim() throws InterruptedIOException {
        while (taken) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the intent store's snapshot");
            }
        }
        taken = true;
    }

    synchronized void end() {
        taken = false;
        notifyAll();
    }
}
