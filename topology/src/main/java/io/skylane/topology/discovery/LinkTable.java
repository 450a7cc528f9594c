package io.skylane.topology.discovery;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.skylane.topology.Link;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

/**
 * The links discovery has seen, each with when a probe last confirmed it (ms since the epoch).
 * Lock-free: confirmations come from the I/O threads, removals from the event thread and the
 * timer, and each change is one atomic map operation.
 */
final class LinkTable {

    /** What a confirmation did. */
    enum Outcome { ADDED, CONFIRMED, NOT_LIVE }

    private final ConcurrentMap<Link, Long> links = new ConcurrentHashMap<>();

    /**
     * Records that a probe confirmed {@code link} at {@code now}, if {@code live} says both ends are
     * up. The check runs inside the map's atomic update of that link, so a probe racing with a
     * port-down cannot bring back the link the port-down removed (the device store changes before
     * its event is posted, and the event removes the link).
     */
    Outcome confirm(Link link, long now, Predicate<Link> live) {
        Outcome[] outcome = {Outcome.NOT_LIVE};
        links.compute(link, (l, seen) -> {
            if (!live.test(l)) {
                return seen;
            }
            outcome[0] = seen == null ? Outcome.ADDED : Outcome.CONFIRMED;
            return now;
        });
        return outcome[0];
    }

    /** Removes the links {@code which} selects; returns them. */
    List<Link> removeIf(Predicate<Link> which) {
        ImmutableList.Builder<Link> removed = ImmutableList.builder();
        for (Link l : links.keySet()) {
            if (which.test(l) && links.remove(l) != null) {
                removed.add(l);
            }
        }
        return removed.build();
    }

    /** Removes the links last confirmed before {@code cutoff}; a confirmation racing with it wins. */
    List<Map.Entry<Link, Long>> expire(long cutoff) {
        ImmutableList.Builder<Map.Entry<Link, Long>> removed = ImmutableList.builder();
        for (Map.Entry<Link, Long> e : links.entrySet()) {
            long seen = e.getValue();
            if (seen < cutoff && links.remove(e.getKey(), seen)) {
                removed.add(Map.entry(e.getKey(), seen));
            }
        }
        return removed.build();
    }

    boolean contains(Link link) {
        return links.containsKey(link);
    }

    Optional<Long> lastSeen(Link link) {
        return Optional.ofNullable(links.get(link));
    }

    ImmutableSortedSet<Link> links() {
        return ImmutableSortedSet.copyOf(links.keySet());
    }

    int size() {
        return links.size();
    }

    /** Forgets every link; true if there was one. */
    boolean clear() {
        boolean any = !links.isEmpty();
        links.clear();
        return any;
    }
}
