package io.skylane.topology.discovery;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The links discovery has seen, each with when a probe last confirmed it (ms since the epoch),
 * and the links of each switch, so that what a switch or port event removes is found without
 * reading every link. Lock-free: confirmations come from the I/O threads, removals from the event
 * thread and the timer, and each change is one atomic map operation on its link, which keeps the
 * per-switch index with it (a link is indexed before it is visible in the table, and taken out of
 * the index in the same atomic operation that takes it out of the table).
 *
 * <p>{@link #links} lists the links in order for each topology rebuild, which at k=32 follow each
 * other while discovery adds links: it keeps the last list and merges the links added since (sorted
 * among themselves) into it, and sorts the whole table again only after a removal. A link is queued
 * for the merge after it is in the table and a removal flagged after it is out of it, so a listing
 * racing with either may miss the change but the next one has it (and every change is followed by
 * a rebuild: discovery tells the topology manager after the table changed).
 */
final class LinkTable {

    /** What a confirmation did. */
    enum Outcome { ADDED, CONFIRMED, NOT_LIVE }

    private final ConcurrentMap<Link, Long> links = new ConcurrentHashMap<>();
    /** The links leaving or entering each switch; may still hold a link being removed, never miss one. */
    private final ConcurrentMap<DeviceId, Set<Link>> bySwitch = new ConcurrentHashMap<>();
    /** Before this time (ms) no link can be due to expire; the timer's only, with {@link #lastScan}. */
    private long nextScan = Long.MIN_VALUE;
    private long lastScan = Long.MIN_VALUE;
    private long scans;
    /** The links in order as last listed; guarded by itself. */
    private final Object listing = new Object();
    private ImmutableSortedSet<Link> listed = ImmutableSortedSet.of();
    /** Links added since they were last listed (may hold one listed already: the merge skips it). */
    private final Queue<Link> addedSinceListed = new ConcurrentLinkedQueue<>();
    /** A link was removed since the last listing: the next one reads the whole table. */
    private final AtomicBoolean removedSinceListed = new AtomicBoolean();

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
            if (seen == null) {
                outcome[0] = Outcome.ADDED;
                index(l);
            } else {
                outcome[0] = Outcome.CONFIRMED;
            }
            return now;
        });
        if (outcome[0] == Outcome.ADDED) {
            addedSinceListed.add(link); // in the table by now
        }
        return outcome[0];
    }

    private void index(Link l) {
        bySwitch.computeIfAbsent(l.srcDevice(), d -> ConcurrentHashMap.newKeySet()).add(l);
        bySwitch.computeIfAbsent(l.dstDevice(), d -> ConcurrentHashMap.newKeySet()).add(l);
    }

    private void unindex(Link l) {
        for (DeviceId d : List.of(l.srcDevice(), l.dstDevice())) {
            Set<Link> of = bySwitch.get(d);
            if (of != null) {
                of.remove(l);
            }
        }
    }

    /**
     * Removes {@code link} if it is there and, when {@code seen} is not null, was last confirmed
     * then (a confirmation since wins); true if it did.
     */
    private boolean remove(Link link, Long seen) {
        boolean[] removed = {false};
        links.computeIfPresent(link, (l, at) -> {
            if (seen != null && !seen.equals(at)) {
                return at;
            }
            unindex(l);
            removed[0] = true;
            return null;
        });
        if (removed[0]) {
            removedSinceListed.set(true); // out of the table by now
        }
        return removed[0];
    }

    /**
     * Removes the links from or to switch {@code device} that {@code which} selects; returns them.
     * Reads only that switch's links.
     */
    List<Link> removeTouching(DeviceId device, Predicate<Link> which) {
        Set<Link> of = bySwitch.get(device);
        if (of == null) {
            return List.of();
        }
        ImmutableList.Builder<Link> removed = ImmutableList.builder();
        for (Link l : ImmutableList.copyOf(of)) {
            if (which.test(l) && remove(l, null)) {
                removed.add(l);
            }
        }
        return removed.build();
    }

    /**
     * Removes the links last confirmed more than {@code timeoutMillis} before {@code now}; a
     * confirmation racing with it wins. Called by one thread (the discovery timer), every tick.
     *
     * <p>It reads the table only when a link may be due: a scan keeps the oldest confirmation among
     * the links it leaves (or its own time, if that is older), and no link can be due before that
     * plus the timeout, since confirmations only move forward and a link found later is younger.
     * (A link confirmed by an I/O thread that read the clock just before the scan and wrote just
     * after it can be removed that much later: microseconds.) So with links confirmed every probe
     * interval, the table is read about once per timeout minus interval, not at every tick; a clock
     * set back reads it at once.
     */
    List<Map.Entry<Link, Long>> expire(long now, long timeoutMillis) {
        if (now >= lastScan && now < nextScan) {
            return List.of();
        }
        scans++;
        lastScan = now;
        long cutoff = now - timeoutMillis;
        long oldest = now;
        ImmutableList.Builder<Map.Entry<Link, Long>> removed = ImmutableList.builder();
        for (Map.Entry<Link, Long> e : links.entrySet()) {
            long seen = e.getValue();
            if (seen < cutoff && remove(e.getKey(), seen)) {
                removed.add(Map.entry(e.getKey(), seen));
            } else {
                oldest = Math.min(oldest, seen);
            }
        }
        // due once cutoff > oldest, i.e. from oldest + timeout + 1 on
        nextScan = oldest + timeoutMillis + 1;
        return removed.build();
    }

    /** How many times {@link #expire} read the table. */
    long expiryScans() {
        return scans;
    }

    boolean contains(Link link) {
        return links.containsKey(link);
    }

    Optional<Long> lastSeen(Link link) {
        return Optional.ofNullable(links.get(link));
    }

    /** The links in order (see the class comment: the last list with the links added since merged in). */
    ImmutableSortedSet<Link> links() {
        synchronized (listing) {
            if (removedSinceListed.getAndSet(false)) {
                addedSinceListed.clear(); // before the table is read: what is added from now on is queued again
                listed = ImmutableSortedSet.copyOf(links.keySet());
                return listed;
            }
            List<Link> added = new ArrayList<>();
            for (Link l; (l = addedSinceListed.poll()) != null; ) {
                added.add(l);
            }
            if (!added.isEmpty()) {
                listed = merge(listed, added);
            }
            return listed;
        }
    }

    /** {@code sorted} with {@code more} merged in, each link once. */
    private static ImmutableSortedSet<Link> merge(ImmutableSortedSet<Link> sorted, List<Link> more) {
        Link[] add = more.toArray(new Link[0]);
        Arrays.sort(add);
        Link[] out = new Link[sorted.size() + add.length];
        int n = 0;
        int j = 0;
        for (Link l : sorted) {
            while (j < add.length && add[j].compareTo(l) <= 0) {
                n = append(out, n, add[j++]);
            }
            n = append(out, n, l);
        }
        while (j < add.length) {
            n = append(out, n, add[j++]);
        }
        // in order and distinct: the copy checks the order in one pass
        return ImmutableSortedSet.copyOf(Arrays.asList(out).subList(0, n));
    }

    private static int append(Link[] out, int n, Link l) {
        if (n > 0 && out[n - 1].equals(l)) {
            return n;
        }
        out[n] = l;
        return n + 1;
    }

    int size() {
        return links.size();
    }

    /** Forgets every link; true if there was one. */
    boolean clear() {
        boolean any = !links.isEmpty();
        links.clear();
        bySwitch.clear();
        removedSinceListed.set(true);
        return any;
    }
}
