package io.skylane.vpc.store;

import java.io.IOException;
import java.util.List;

/**
 * The source of truth for intent. Reads ({@link IntentReader}) see durable state only: a commit
 * becomes visible, to readers and to listeners, once its journal record is synced. A commit has two
 * halves: {@link #append} checks the changes, appends the record and applies them to the store's
 * {@link #latest} state (which the single writer validates against), and
 * {@link PendingCommit#awaitDurable} waits for the sync, which writers that arrive together share
 * (group commit). Implementations: the embedded journaled store ({@link JournalIntentStore}); a
 * distributed engine can replace it behind this interface.
 */
public interface IntentStore extends IntentReader, AutoCloseable {

    /**
     * Applies the changes atomically and durably (journaled and synced) and then tells the
     * listeners: {@link #append} and {@link PendingCommit#awaitDurable}. A change whose
     * {@code before} does not equal the latest state is refused with an
     * {@link IllegalStateException} and nothing is applied.
     *
     * @return the commit's sequence number
     */
    default long commit(List<Change> changes) throws IOException {
        return append(changes, generation()).awaitDurable();
    }

    /**
     * Checks the changes against the latest state, appends the commit's record to the journal (not
     * yet synced) and applies it to the latest state; readers and listeners see it only once it is
     * durable. Commits are appended (and numbered) in call order. Refused with an
     * {@link IOException}, nothing applied, when {@code generation} is no longer the store's: a
     * failed sync discarded pending commits the caller may have prepared this batch against.
     */
    PendingCommit append(List<Change> changes, long generation) throws IOException;

    /** Bumped each time a failed journal sync discards the pending (appended, not durable) commits. */
    long generation();

    /**
     * The latest state: the durable state plus the pending commits. For the writer, which must
     * validate each batch against every batch before it; never for answers to readers.
     */
    IntentReader latest();

    /** Sequence number of the last durable commit (0 for an empty store). */
    long lastSeq();

    void addListener(IntentListener listener);

    void removeListener(IntentListener listener);

    @Override
    void close() throws IOException;
}
