package io.skylane.topology.path;

import java.util.Arrays;
import java.util.Optional;

/**
 * Derives the next-hop tables of a new snapshot from those of an older one with the same switches,
 * exactly as {@link NextHopCalculator#compute} would give them, at the cost of what changed.
 *
 * <p>A destination's distances survive the change when (1) every switch that lost a link on a
 * shortest path towards it keeps another one (following kept links still reaches the destination
 * at the same cost), and (2) no added link is a shortcut ({@code dist(v) + w < dist(u)}: the old
 * distances then admit no improvement, so they are the shortest). Both tests are exact, which is
 * why the update applies only where sums of weights are ({@link GraphIndex#exactSums}). A
 * destination whose distances survive keeps its distance array, and every switch whose out-links
 * and their back distances are the same keeps its next hops and alternate (they are a function of
 * those and of the distances alone); only the switches with changed links, or with links whose
 * back distance changed, are redone, and the table's arrays are copied only if one of them
 * actually differs (the next-hop bits only in the pages that differ, see {@link HopWords}). A destination whose distances change has them repaired where they change
 * (see {@link #repair}), and the switches whose distance or a neighbour's changed are redone too;
 * when the change reaches more than an eighth of the switches, it gets a new shortest path tree.
 *
 * <p>A link whose weight changed counts as removed and added. Immutable; thread-safe.
 */
final class NextHopUpdate {

    private final GraphIndex from;
    private final GraphIndex to;
    /** Links of {@code from} that {@code to} does not have (with the same weight). */
    private final int[] removed;
    private final boolean[] isRemoved;
    /** Links of {@code to} that {@code from} does not have (with the same weight). */
    private final int[] added;
    private final boolean[] isAdded;
    /**
     * Switches whose out-links changed, or with a link whose back distance changed: redone in
     * every table (the others read nothing that changed unless a distance did).
     */
    private final int[] touched;
    private final int maxWords;

    private NextHopUpdate(GraphIndex from, GraphIndex to, int[] removed, boolean[] isRemoved, int[] added,
                          int[] relinked, int[] realternated) {
        this.from = from;
        this.to = to;
        this.removed = removed;
        this.isRemoved = isRemoved;
        this.added = added;
        this.isAdded = new boolean[to.links.length];
        for (int l : added) {
            isAdded[l] = true;
        }
        this.touched = concat(relinked, realternated);
        this.maxWords = to.maxWords();
    }

    /**
     * The update from one index to another; empty when it does not apply (other switches, inexact
     * sums, a different bit layout) or when so many links changed that recomputing is cheaper.
     */
    static Optional<NextHopUpdate> between(GraphIndex from, GraphIndex to) {
        if (!from.exactSums || !to.exactSums || !Arrays.equals(from.devices, to.devices)
                || !Arrays.equals(from.wordStart, to.wordStart)) {
            return Optional.empty();
        }
        int n = to.size();
        int budget = Math.max(16, to.links.length / 16);
        IntList removed = new IntList();
        IntList added = new IntList();
        IntList relinked = new IntList();
        boolean[] changed = new boolean[n];
        for (int s = 0; s < n; s++) {
            int a = from.outStart[s];
            int aEnd = from.outStart[s + 1];
            int b = to.outStart[s];
            int bEnd = to.outStart[s + 1];
            int before = removed.size + added.size;
            while (a < aEnd || b < bEnd) {
                int c = a == aEnd ? 1 : b == bEnd ? -1
                        : from.links[a] == to.links[b] ? 0 : from.links[a].compareTo(to.links[b]);
                if (c == 0 && from.weight[a] == to.weight[b]) {
                    a++;
                    b++;
                } else if (c == 0) {
                    removed.add(a++);
                    added.add(b++);
                } else if (c < 0) {
                    removed.add(a++);
                } else {
                    added.add(b++);
                }
            }
            if (removed.size + added.size != before) {
                changed[s] = true;
                relinked.add(s);
                if (removed.size + added.size > budget) {
                    return Optional.empty();
                }
            }
        }
        boolean[] isRemoved = new boolean[from.links.length];
        for (int i = 0; i < removed.size; i++) {
            isRemoved[removed.items[i]] = true;
        }
        return Optional.of(new NextHopUpdate(from, to, removed.toArray(), isRemoved, added.toArray(),
                relinked.toArray(), backChanged(from, to, changed)));
    }

    /** The switches, among those with the same links, with a link whose back distance changed. */
    private static int[] backChanged(GraphIndex from, GraphIndex to, boolean[] changed) {
        double[] before = from.backDistances();
        double[] after = to.backDistances();
        IntList out = new IntList();
        for (int s = 0; s < to.size(); s++) {
            if (changed[s]) {
                continue;
            }
            int shift = from.outStart[s] - to.outStart[s];
            for (int l = to.outStart[s]; l < to.outStart[s + 1]; l++) {
                if (Double.compare(before[l + shift], after[l]) != 0) {
                    out.add(s);
                    break;
                }
            }
        }
        return out.toArray();
    }

    GraphIndex from() {
        return from;
    }

    /** Links removed and added: the size of the change. */
    int changedLinks() {
        return removed.length + added.length;
    }

    /** The table of {@code to} towards the destination of {@code old}, a table of {@code from}. */
    NextHops apply(NextHops old) {
        int dst = to.positionOf(old.destination());
        double[] dist = old.costs();
        int[] redo = touched;
        if (!distancesSurvive(dist)) {
            double[] repaired = dist.clone();
            int[] changed = repair(repaired, dst);
            if (changed == null) {
                return NextHopCalculator.compute(to, dst);
            }
            redo = withPredecessors(changed);
            dist = repaired;
        }
        HopWords hops = old.hopWords();
        HopWords.Writer edited = null;
        int[] alternate = old.alternates();
        boolean alternatesCopied = false;
        long[] scratch = new long[maxWords];
        for (int s : redo) {
            int at = to.wordStart[s];
            int words = to.wordStart[s + 1] - at;
            Arrays.fill(scratch, 0, words, 0L);
            int alt = NextHopCalculator.fill(to, dist, dst, s, scratch, 0);
            if (!hops.matches(scratch, at, words)) {
                if (edited == null) {
                    edited = hops.edit();
                }
                edited.put(at, scratch, words);
            }
            if (alt != alternate[s]) {
                if (!alternatesCopied) {
                    alternate = alternate.clone();
                    alternatesCopied = true;
                }
                alternate[s] = alt;
            }
        }
        return new NextHops(old.destination(), to, dist, edited == null ? hops : edited.build(), alternate);
    }

    /*
     * Repairs the distances in place (Ramalingam-Reps): (1) the switches that lost every shortest
     * link, directly or through one that did, are affected; (2) they get their distances again by
     * Dijkstra among themselves over the links that were there before, starting from their links
     * out of the affected set (distances can only grow); (3) added links that are shortcuts lower
     * distances, propagated by Dijkstra backwards (the only links that can break optimality now). Returns the
     * switches whose distance changed, or null when so many are affected that a new tree is cheaper.
     */
    private int[] repair(double[] d, int dst) {
        int n = to.size();
        int limit = Math.max(8, n / 8);
        boolean[] affected = new boolean[n];
        IntList work = new IntList();
        IntList hit = new IntList();
        for (int l : removed) {
            int u = from.source[l];
            if (d[u] != Double.POSITIVE_INFINITY && d[from.target[l]] + from.weight[l] == d[u]) {
                work.add(u);
            }
        }
        for (int i = 0; i < work.size; i++) {
            int u = work.items[i];
            if (affected[u] || u == dst || supported(d, affected, u)) {
                continue;
            }
            affected[u] = true;
            hit.add(u);
            if (hit.size > limit) {
                return null;
            }
            for (int j = to.inStart[u]; j < to.inStart[u + 1]; j++) {
                int l = to.inLinks[j];
                if (!affected[to.source[l]] && d[u] + to.weight[l] == d[to.source[l]]) {
                    work.add(to.source[l]);
                }
            }
        }
        int increased = hit.size;
        Spf.Heap heap = new Spf.Heap(n, d);
        for (int i = 0; i < increased; i++) {
            d[hit.items[i]] = Double.POSITIVE_INFINITY;
        }
        for (int i = 0; i < increased; i++) {
            int u = hit.items[i];
            for (int l = to.outStart[u]; l < to.outStart[u + 1]; l++) {
                if (!affected[to.target[l]] && !isAdded[l]) {
                    d[u] = Math.min(d[u], d[to.target[l]] + to.weight[l]);
                }
            }
            if (d[u] != Double.POSITIVE_INFINITY) {
                heap.offer(u);
            }
        }
        while (!heap.isEmpty()) {
            int v = heap.poll();
            for (int j = to.inStart[v]; j < to.inStart[v + 1]; j++) {
                int l = to.inLinks[j];
                int p = to.source[l];
                if (affected[p] && !isAdded[l] && d[v] + to.weight[l] < d[p]) {
                    d[p] = d[v] + to.weight[l];
                    heap.offer(p);
                }
            }
        }
        Spf.Heap lower = new Spf.Heap(n, d);
        boolean[] lowered = new boolean[n];
        for (int l : added) {
            int u = to.source[l];
            double via = d[to.target[l]] + to.weight[l];
            if (via < d[u]) {
                d[u] = via;
                lower.offer(u);
                if (!lowered[u]) {
                    lowered[u] = true;
                    hit.add(u);
                }
            }
        }
        while (!lower.isEmpty()) {
            int v = lower.poll();
            for (int j = to.inStart[v]; j < to.inStart[v + 1]; j++) {
                int l = to.inLinks[j];
                int p = to.source[l];
                if (d[v] + to.weight[l] < d[p]) {
                    d[p] = d[v] + to.weight[l];
                    lower.offer(p);
                    if (!lowered[p]) {
                        lowered[p] = true;
                        hit.add(p);
                        if (hit.size > 2 * limit) {
                            return null;
                        }
                    }
                }
            }
        }
        return hit.toArray();
    }

    /** Still a shortest link to a switch that is not affected, at the old distance. */
    private boolean supported(double[] d, boolean[] affected, int u) {
        for (int l = to.outStart[u]; l < to.outStart[u + 1]; l++) {
            if (!affected[to.target[l]] && d[to.target[l]] + to.weight[l] == d[u]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The switches to redo when the distances of {@code changed} moved: those, the switches with a
     * link to one of them (their next hops and alternates read the distance), and {@link #touched}.
     */
    private int[] withPredecessors(int[] changed) {
        boolean[] seen = new boolean[to.size()];
        IntList out = new IntList();
        for (int s : touched) {
            seen[s] = true;
            out.add(s);
        }
        for (int v : changed) {
            if (!seen[v]) {
                seen[v] = true;
                out.add(v);
            }
            for (int j = to.inStart[v]; j < to.inStart[v + 1]; j++) {
                int p = to.source[to.inLinks[j]];
                if (!seen[p]) {
                    seen[p] = true;
                    out.add(p);
                }
            }
        }
        return out.toArray();
    }

    /* Exact comparisons: see the class comment. */
    private boolean distancesSurvive(double[] dist) {
        for (int l : removed) {
            int u = from.source[l];
            double du = dist[u];
            if (du == Double.POSITIVE_INFINITY || dist[from.target[l]] + from.weight[l] != du) {
                continue;
            }
            boolean kept = false;
            for (int k = from.outStart[u]; k < from.outStart[u + 1] && !kept; k++) {
                kept = !isRemoved[k] && dist[from.target[k]] + from.weight[k] == du;
            }
            if (!kept) {
                return false;
            }
        }
        for (int l : added) {
            if (dist[to.target[l]] + to.weight[l] < dist[to.source[l]]) {
                return false;
            }
        }
        return true;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A growable list of ints. */
    private static final class IntList {
        private int[] items = new int[8];
        private int size;

        void add(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
