package io.skylane.vpc.store;

import java.io.IOException;

/**
 * A commit appended to the journal and applied to the store's latest state, whose durability is
 * not yet known. Its writer waits with {@link #awaitDurable} before acknowledging it.
 */
public interface PendingCommit {

    /** The commit's sequence number (the one it keeps once durable). */
    long seq();

    /**
     * Returns once the commit is durable, and the store's readers and listeners have seen it;
     * throws when the journal sync that covered it failed (then nothing of it was applied, and
     * every later pending commit failed with it). Waiting writers share one sync.
     */
    long awaitDurable() throws IOException;
}
