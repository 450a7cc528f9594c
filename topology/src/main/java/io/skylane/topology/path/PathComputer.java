package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.YenKShortestPath;

/**
 * Paths over one topology snapshot under one link weigher: pure functions of the two, computed
 * on first use and kept until the snapshot is replaced. Thread-safe; results are immutable.
 *
 * <p>The core is one shortest path tree per destination (breadth-first for hop counts, Dijkstra
 * otherwise, over the reversed links; see {@code Spf}), turned into the destination's
 * {@link NextHops}. The shortest path and the equal-cost paths between two switches are read off
 * that table, so they are exactly the paths that hop-by-hop forwarding towards the destination
 * takes, and one tree answers every source. Ties are broken by the lower port, switch by switch.
 * k-shortest paths (Yen), disjoint pairs (Suurballe) and the broadcast tree (breadth-first) are
 * JGraphT's.
 *
 * <p>Unknown switches and unreachable destinations give empty results, never an exception.
 */
public final class PathComputer implements TopologySnapshot.Updatable {

    private final TopologySnapshot snapshot;
    private final LinkWeigher weigher;
    private final Supplier<GraphIndex> index;
    private final ConcurrentMap<DeviceId, NextHops> nextHops = new ConcurrentHashMap<>();
    private final ConcurrentMap<Pair, Optional<DisjointPaths<Path>>> backups = new ConcurrentHashMap<>();
    private final ConcurrentMap<KPaths, List<Path>> kShortest = new ConcurrentHashMap<>();
    /** Derives this computer's tables from its predecessor's, once, then lets it go. */
    private final Supplier<Integer> inheritance;

    /**
     * A computer with results of its own (it shares only the snapshot's index of links and
     * weights): for benchmarks and tests. Everyone else uses {@link #of}.
     */
    public PathComputer(TopologySnapshot snapshot, LinkWeigher weigher) {
        this(snapshot, weigher, null);
    }

    /**
     * A computer that starts from the tables its predecessor (the computer of an older snapshot,
     * same weigher) has computed so far, as {@link #of} does. For benchmarks and tests;
     * {@link #of} does it by itself after {@link TopologySnapshot#replaces}.
     */
    public static PathComputer updatedFrom(PathComputer predecessor, TopologySnapshot snapshot) {
        checkNotNull(predecessor, "predecessor");
        PathComputer pc = new PathComputer(snapshot, predecessor.weigher, predecessor);
        pc.inheritance.get();
        return pc;
    }

    private PathComputer(TopologySnapshot snapshot, LinkWeigher weigher, PathComputer predecessor) {
        this.snapshot = checkNotNull(snapshot, "snapshot");
        this.weigher = checkNotNull(weigher, "weigher");
        this.index = Suppliers.memoize(
                () -> snapshot.cached(new IndexKey(weigher), k -> new GraphIndex(snapshot, k.weigher())));
        this.inheritance = Suppliers.memoize(() -> inherit(predecessor));
    }

    /**
     * The computer of this snapshot and weigher, shared through the snapshot's cache. When the
     * snapshot {@link TopologySnapshot#replaces replaced} one whose computer (same weigher) had
     * next-hop tables, they are updated for this snapshot before this returns: only the
     * destinations whose shortest paths the change touched are computed anew (see
     * {@code NextHopUpdate}); the results are the same.
     */
    public static PathComputer of(TopologySnapshot snapshot, LinkWeigher weigher) {
        checkNotNull(weigher, "weigher");
        PathComputer pc = snapshot.cached(new CacheKey(weigher), k -> new PathComputer(snapshot, k.weigher(),
                snapshot.takeInherited(k).map(PathComputer.class::cast).orElse(null)));
        pc.inheritance.get();
        return pc;
    }

    /*
     * Runs once, outside the snapshot's cache lock (the index is cached there too). Keeps no
     * reference to the predecessor, so computers never chain.
     */
    private Integer inherit(PathComputer predecessor) {
        if (predecessor == null || !predecessor.weigher.equals(weigher)) {
            return 0;
        }
        predecessor.inheritance.get();
        if (predecessor.nextHops.isEmpty()) {
            return 0;
        }
        Optional<NextHopUpdate> update = NextHopUpdate.between(predecessor.index.get(), index.get());
        if (update.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (NextHops old : predecessor.nextHops.values()) {
            if (index.get().positionOf(old.destination()) >= 0 && old.index() == update.get().from()) {
                nextHops.putIfAbsent(old.destination(), update.get().apply(old));
                n++;
            }
        }
        return n;
    }

    public TopologySnapshot snapshot() {
        return snapshot;
    }

    public LinkWeigher weigher() {
        return weigher;
    }

    /**
     * The next-hop table of every switch towards {@code dst}; no entries if {@code dst} is not in
     * the snapshot.
     */
    public NextHops forwardingTo(DeviceId dst) {
        checkNotNull(dst, "dst");
        inheritance.get();
        return memo(nextHops, dst, d -> {
            GraphIndex idx = index.get();
            int p = idx.positionOf(d);
            return p < 0 ? NextHops.unknown(d, idx) : NextHopCalculator.compute(idx, p);
        });
    }

    /** A shortest path: the first equal-cost path, taking the lowest next-hop port at each switch. */
    public Optional<Path> shortestPath(DeviceId src, DeviceId dst) {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        GraphIndex idx = index.get();
        int s = idx.positionOf(src);
        int d = idx.positionOf(dst);
        if (s < 0 || d < 0) {
            return Optional.empty();
        }
        if (s == d) {
            return Optional.of(Path.local(src));
        }
        NextHops table = forwardingTo(dst);
        if (table.nextHop(s, idx.outStart[s]) == idx.outStart[s + 1]) {
            return Optional.empty();
        }
        List<Link> links = new ArrayList<>();
        for (int v = s; v != d; ) {
            int l = table.nextHop(v, idx.outStart[v]);
            links.add(idx.links[l]);
            v = idx.target[l];
        }
        return Optional.of(Path.of(links, table.costAt(s)));
    }

    /**
     * Up to {@code max} shortest paths, all of the same cost, in port order (lowest next-hop port
     * first at each switch). Parallel links give distinct paths. A switch to itself: one path
     * without links.
     */
    public List<Path> equalCostPaths(DeviceId src, DeviceId dst, int max) {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        checkArgument(max > 0, "max must be positive");
        GraphIndex idx = index.get();
        int s = idx.positionOf(src);
        int d = idx.positionOf(dst);
        if (s < 0 || d < 0) {
            return List.of();
        }
        if (s == d) {
            return List.of(Path.local(src));
        }
        NextHops table = forwardingTo(dst);
        if (table.nextHop(s, idx.outStart[s]) == idx.outStart[s + 1]) {
            return List.of();
        }
        return enumerate(idx, table, s, d, max);
    }

    /**
     * The {@code k} shortest loopless paths in increasing cost (Yen, by JGraphT), fewer if there
     * are fewer. Paths are distinct sequences of switches: where parallel links join two switches,
     * the lightest one (lowest port on a tie) stands for them all.
     */
    public List<Path> kShortestPaths(DeviceId src, DeviceId dst, int k) {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        checkArgument(k > 0, "k must be positive");
        return memo(kShortest, new KPaths(src, dst, k), key -> {
            GraphIndex idx = index.get();
            if (idx.positionOf(src) < 0 || idx.positionOf(dst) < 0) {
                return List.of();
            }
            if (src.equals(dst)) {
                return List.of(Path.local(src));
            }
            ImmutableList.Builder<Path> b = ImmutableList.builder();
            for (GraphPath<DeviceId, GraphIndex.Edge> p : new YenKShortestPath<>(idx.deviceGraph().graph)
                    .getPaths(src, dst, k)) {
                b.add(DisjointPathFinder.toPath(p));
            }
            return b.build();
        });
    }

    /**
     * A working path and a backup sharing no cable with it (see {@link DisjointPaths}); empty when
     * there is none, and for a switch to itself.
     */
    public Optional<DisjointPaths<Path>> disjointBackup(DeviceId src, DeviceId dst) {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        return memo(backups, new Pair(src, dst),
                key -> shortestPath(src, dst).flatMap(primary -> DisjointPathFinder.find(index.get(), primary)));
    }

    /** The broadcast tree of the snapshot; it does not depend on the weigher. */
    public BroadcastTree broadcastTree() {
        return snapshot.cached(BroadcastTreeKey.INSTANCE, k -> BroadcastTree.of(snapshot));
    }

    /**
     * The number of connected parts of the snapshot: the number of roots of {@link #broadcastTree},
     * counted without building the graph or the tree (see {@code ConnectedParts}).
     */
    public int connectedParts() {
        return snapshot.cached(ConnectedPartsKey.INSTANCE, k -> ConnectedParts.count(snapshot));
    }

    /** Depth-first over the next-hop graph, which is acyclic: distances strictly decrease. */
    private static List<Path> enumerate(GraphIndex idx, NextHops table, int src, int dst, int max) {
        List<Path> out = new ArrayList<>();
        int n = idx.size();
        int[] node = new int[n + 1];
        int[] next = new int[n + 1];
        int[] via = new int[n + 1];
        int depth = 0;
        node[0] = src;
        next[0] = table.nextHop(src, idx.outStart[src]);
        while (depth >= 0 && out.size() < max) {
            int v = node[depth];
            if (v == dst) {
                List<Link> links = new ArrayList<>(depth);
                for (int i = 1; i <= depth; i++) {
                    links.add(idx.links[via[i]]);
                }
                out.add(Path.of(links, table.costAt(src)));
                depth--;
            } else if (next[depth] == idx.outStart[v + 1]) {
                depth--;
            } else {
                int l = next[depth];
                next[depth] = table.nextHop(v, l + 1);
                depth++;
                node[depth] = idx.target[l];
                via[depth] = l;
                next[depth] = table.nextHop(node[depth], idx.outStart[node[depth]]);
            }
        }
        return List.copyOf(out);
    }

    /* Lock-free memo: a race computes twice and keeps the first, never blocks other keys. */
    private static <K, V> V memo(ConcurrentMap<K, V> map, K key, Function<K, V> compute) {
        V v = map.get(key);
        if (v != null) {
            return v;
        }
        V computed = compute.apply(key);
        V raced = map.putIfAbsent(key, computed);
        return raced != null ? raced : computed;
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
                .add("snapshot", snapshot.version())
                .add("weigher", weigher)
                .toString();
    }

    private record CacheKey(LinkWeigher weigher) {
    }

    private record IndexKey(LinkWeigher weigher) {
    }

    private enum BroadcastTreeKey { INSTANCE }

    private enum ConnectedPartsKey { INSTANCE }

    private record Pair(DeviceId src, DeviceId dst) {
    }

    private record KPaths(DeviceId src, DeviceId dst, int k) {
    }
}
