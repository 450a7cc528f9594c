package io.skylane.vpc.store;

import java.util.List;

/**
 * Told of every commit, in commit order, with the old and new state of each resource, once the
 * commit is durable and before its writer is acknowledged. Called on the thread that synced the
 * journal (one of the waiting writers, so not necessarily the commit's own); must be quick and must
 * not write to the store.
 */
@FunctionalInterface
public interface IntentListener {

    void committed(long seq, List<Change> changes);
}
