package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A working path and a backup that shares no cable with it (neither direction of any link).
 * The primary is the shortest path whenever a backup disjoint from it exists; in a "trap"
 * topology, where the shortest path blocks every alternative, it is the first of the cheapest
 * disjoint pair instead.
 *
 * @param <P>     {@link Path} or {@link EdgePath}
 * @param primary the working path
 * @param backup  the protecting path, never cheaper than the primary
 */
public record DisjointPaths<P>(P primary, P backup) {

    public DisjointPaths {
        checkNotNull(primary, "primary");
        checkNotNull(backup, "backup");
    }
}
