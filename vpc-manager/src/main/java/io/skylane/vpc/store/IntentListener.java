package io.skylane.vpc.store;

import java.util.List;

/**
 * Told of every commit, in commit order, with the old and new state of each resource. Called on
 * the committing thread after the commit is durable; must be quick and must not write to the store.
 */
@FunctionalInterface
public interface IntentListener {

    void committed(long seq, List<Change> changes);
}
