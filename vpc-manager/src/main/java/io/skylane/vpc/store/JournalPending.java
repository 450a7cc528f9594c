package io.skylane.vpc.store;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * A commit appended to {@link JournalIntentStore}'s journal: its writer waits in {@link #awaitDurable}
 * through the store's group commit ({@code await}: lead a sync, or wait for the leader). {@code
 * failure} is set before {@code done}, both by the leader.
 */
final class JournalPending implements PendingCommit {

    final long seq;
    final List<Change> changes;
    volatile boolean done;
    volatile IOException failure;
    private final Consumer<JournalPending> await;

    JournalPending(long seq, List<Change> changes, boolean done, Consumer<JournalPending> await) {
        this.seq = seq;
        this.changes = changes;
        this.done = done;
        this.await = await;
    }

    @Override
    public long seq() {
        return seq;
    }

    @Override
    public long awaitDurable() throws IOException {
        if (!done) {
            await.accept(this);
        }
        if (failure != null) {
            throw new IOException("intent journal sync failed; commit " + seq + " was not applied", failure);
        }
        return seq;
    }
}
