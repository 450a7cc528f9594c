package io.skylane.topology.path;

import java.util.Arrays;

/**
 * Builds the {@link NextHops} towards one destination from one JGraphT shortest path tree: the
 * ECMP next hops and loop-free alternates are what JGraphT does not offer, and are one pass over
 * the links with the distances at hand.
 */
final class NextHopCalculator {

    private NextHopCalculator() {
    }

    static NextHops compute(GraphIndex index, int dst) {
        int n = index.size();
        double[] dist = index.distancesTo(dst);
        double[] back = null;
        int[] hopStart = new int[n + 1];
        int[] hops = new int[Math.max(16, index.links.length / Math.max(1, n))];
        int[] alternate = new int[n];
        Arrays.fill(alternate, -1);
        int size = 0;
        for (int s = 0; s < n; s++) {
            hopStart[s] = size;
            if (s == dst || dist[s] == Double.POSITIVE_INFINITY) {
                continue;
            }
            int begin = size;
            for (int l = index.outStart[s]; l < index.outStart[s + 1]; l++) {
                if (isNextHop(index, dist, s, l)) {
                    if (size == hops.length) {
                        hops = Arrays.copyOf(hops, hops.length * 2);
                    }
                    hops[size++] = l;
                }
            }
            if (size - begin < index.outStart[s + 1] - index.outStart[s]) {
                if (back == null) {
                    back = index.backDistances();
                }
                alternate[s] = alternate(index, dist, back, s, hops, begin, size);
            }
        }
        hopStart[n] = size;
        return new NextHops(index.devices[dst], index, dist, hopStart, Arrays.copyOf(hops, size), alternate);
    }

    /*
     * A link S->N is a next hop when it lies on a shortest path: w + dist(N) == dist(S). The strict
     * dist(N) < dist(S) keeps the next-hop graph acyclic even where rounding blurs tiny weights.
     */
    private static boolean isNextHop(GraphIndex index, double[] dist, int s, int l) {
        double next = dist[index.target[l]];
        return next < dist[s] && GraphIndex.sameCost(index.weight[l] + next, dist[s]);
    }

    private static int alternate(GraphIndex index, double[] dist, double[] back, int s, int[] hops, int begin,
                                 int end) {
        int best = -1;
        boolean bestViaPrimary = true;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int l = index.outStart[s]; l < index.outStart[s + 1]; l++) {
            int nb = index.target[l];
            // next hops pass this test too, so they are excluded after it (it fails far more often)
            if (!GraphIndex.lessCost(dist[nb], back[l] + dist[s]) || isNextHop(index, dist, s, l)) {
                continue;
            }
            boolean viaPrimary = false;
            for (int h = begin; h < end; h++) {
                viaPrimary |= index.target[hops[h]] == nb;
            }
            double total = index.weight[l] + dist[nb];
            if (best < 0 || (bestViaPrimary && !viaPrimary)
                    || (bestViaPrimary == viaPrimary && GraphIndex.lessCost(total, bestCost))) {
                best = l;
                bestViaPrimary = viaPrimary;
                bestCost = total;
            }
        }
        return best;
    }
}
