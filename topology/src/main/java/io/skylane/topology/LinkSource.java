package io.skylane.topology;

import java.util.Set;

/**
 * Where the topology manager gets links from: the links seen now, and a signal when they may
 * have changed. The source stays the only holder of its links, so the manager can never keep a
 * link the source has dropped: on every signal it reads them again.
 */
public interface LinkSource {

    /** The links seen now; immutable. */
    Set<Link> links();

    /**
     * Calls {@code listener} after the links changed. It may be called on any thread, concurrently,
     * and must return at once (the topology manager only schedules a new snapshot).
     */
    void addChangeListener(Runnable listener);

    void removeChangeListener(Runnable listener);
}
