package io.skylane.topology.path;

import java.util.Arrays;

/**
 * Shortest path searches over {@link GraphIndex}'s arrays: towards one destination (breadth-first
 * for hop counts, Dijkstra with an indexed binary heap otherwise), and radius-bounded searches
 * from each switch for the loop-free alternates. JGraphT's BFS and Dijkstra give the same answers
 * (the tests hold them as the oracle) but walk its general hash-based graph at about 190 ns per
 * link: 6 ms per destination on a k=32 fat-tree, 8 s for the tables towards every switch, which
 * forwarding needs after each change. These run the same algorithms over int arrays.
 */
final class Spf {

    private Spf() {
    }

    /** Hop counts to {@code dst}; infinity where unreachable. */
    static double[] hopsTo(GraphIndex g, int dst) {
        int n = g.size();
        double[] dist = new double[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        dist[dst] = 0;
        queue[tail++] = dst;
        while (head < tail) {
            int v = queue[head++];
            double next = dist[v] + 1;
            for (int i = g.inStart[v]; i < g.inStart[v + 1]; i++) {
                int u = g.source[g.inLinks[i]];
                if (dist[u] == Double.POSITIVE_INFINITY) {
                    dist[u] = next;
                    queue[tail++] = u;
                }
            }
        }
        return dist;
    }

    /** Weighted distances to {@code dst}; infinity where unreachable. */
    static double[] weightedTo(GraphIndex g, int dst) {
        int n = g.size();
        double[] dist = new double[n];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Heap heap = new Heap(n, dist);
        dist[dst] = 0;
        heap.offer(dst);
        while (!heap.isEmpty()) {
            int v = heap.poll();
            for (int i = g.inStart[v]; i < g.inStart[v + 1]; i++) {
                int l = g.inLinks[i];
                int u = g.source[l];
                double d = dist[v] + g.weight[l];
                if (d < dist[u]) {
                    dist[u] = d;
                    heap.offer(u);
                }
            }
        }
        return dist;
    }

    /**
     * Dijkstra from one switch after another, each search bounded by a radius; the arrays are
     * reused and only what a search touched is reset, so a small radius costs little.
     */
    static final class Bounded {
        private final GraphIndex g;
        private final double[] dist;
        private final Heap heap;
        private final int[] touched;
        private int touchedCount;

        Bounded(GraphIndex g) {
            this.g = g;
            this.dist = new double[g.size()];
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            this.heap = new Heap(g.size(), dist);
            this.touched = new int[g.size()];
        }

        /** Searches from {@code src} out to {@code radius}; then {@link #distance} answers. */
        void run(int src, double radius) {
            for (int i = 0; i < touchedCount; i++) {
                dist[touched[i]] = Double.POSITIVE_INFINITY;
                heap.forget(touched[i]);
            }
            touchedCount = 0;
            dist[src] = 0;
            touched[touchedCount++] = src;
            heap.offer(src);
            while (!heap.isEmpty()) {
                int v = heap.poll();
                for (int l = g.outStart[v]; l < g.outStart[v + 1]; l++) {
                    int u = g.target[l];
                    double d = dist[v] + g.weight[l];
                    if (d <= radius && d < dist[u]) {
                        if (dist[u] == Double.POSITIVE_INFINITY) {
                            touched[touchedCount++] = u;
                        }
                        dist[u] = d;
                        heap.offer(u);
                    }
                }
            }
        }

        /** The distance of a switch from the last search's source; infinity beyond its radius. */
        double distance(int v) {
            return dist[v];
        }
    }

    /** A binary min-heap of switch positions keyed by their current distance, with decrease-key. */
    static final class Heap {
        private static final int SETTLED = -2;
        private final int[] heap;
        private final int[] slot;
        private final double[] key;
        private int size;

        Heap(int n, double[] key) {
            this.heap = new int[n];
            this.slot = new int[n];
            this.key = key;
            Arrays.fill(slot, -1);
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** Adds a position, or moves it up after its key decreased; a polled one is settled. */
        void offer(int v) {
            int i = slot[v];
            if (i == SETTLED) {
                return;
            }
            if (i < 0) {
                i = size++;
                heap[i] = v;
                slot[v] = i;
            }
            up(i);
        }

        /** Makes a position new again (for reuse after a search). */
        void forget(int v) {
            slot[v] = -1;
        }

        int poll() {
            int top = heap[0];
            slot[top] = SETTLED;
            size--;
            if (size > 0) {
                heap[0] = heap[size];
                slot[heap[0]] = 0;
                down(0);
            }
            return top;
        }

        private void up(int i) {
            int v = heap[i];
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (key[heap[parent]] <= key[v]) {
                    break;
                }
                place(heap[parent], i);
                i = parent;
            }
            place(v, i);
        }

        private void down(int i) {
            int v = heap[i];
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && key[heap[child + 1]] < key[heap[child]]) {
                    child++;
                }
                if (key[v] <= key[heap[child]]) {
                    break;
                }
                place(heap[child], i);
                i = child;
            }
            place(v, i);
        }

        private void place(int v, int i) {
            heap[i] = v;
            slot[v] = i;
        }
    }
}
