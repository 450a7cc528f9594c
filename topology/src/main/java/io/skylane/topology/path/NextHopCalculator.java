package io.skylane.topology.path;

import java.util.Arrays;

/**
 * Builds the {@link NextHops} towards one destination from one shortest path tree: the ECMP next
 * hops and loop-free alternates are what JGraphT does not offer, and are one pass over the links
 * with the distances at hand. Each switch's entry depends only on the distances, its own
 * out-links and their back distances, which is what lets {@link NextHopUpdate} redo single
 * switches with {@link #fill}.
 */
final class NextHopCalculator {

    private NextHopCalculator() {
    }

    static NextHops compute(GraphIndex index, int dst) {
        int n = index.size();
        double[] dist = index.distancesTo(dst);
        HopWords.Writer hops = HopWords.fresh(index.wordStart[n]);
        int[] alternate = new int[n];
        long[] scratch = new long[index.maxWords()];
        for (int s = 0; s < n; s++) {
            int words = index.wordStart[s + 1] - index.wordStart[s];
            Arrays.fill(scratch, 0, words, 0L);
            alternate[s] = fill(index, dist, dst, s, scratch, 0);
            hops.put(index.wordStart[s], scratch, words);
        }
        return new NextHops(index.devices[dst], index, dist, hops.build(), alternate);
    }

    /**
     * Sets the next-hop bits of switch {@code s} in {@code words} from {@code at} on (the words
     * must be zero) and returns its alternate (an offset among its out-links, -1 for none).
     */
    static int fill(GraphIndex index, double[] dist, int dst, int s, long[] words, int at) {
        if (s == dst || dist[s] == Double.POSITIVE_INFINITY) {
            return -1;
        }
        int base = index.outStart[s];
        int count = 0;
        for (int l = base; l < index.outStart[s + 1]; l++) {
            if (isNextHop(index, dist, s, l)) {
                words[at + ((l - base) >>> 6)] |= 1L << ((l - base) & 63);
                count++;
            }
        }
        if (count == index.outStart[s + 1] - base) {
            return -1;
        }
        return alternate(index, dist, index.backDistances(), s, words, at);
    }

    /*
     * A link S->N is a next hop when it lies on a shortest path: w + dist(N) == dist(S). The strict
     * dist(N) < dist(S) keeps the next-hop graph acyclic even where rounding blurs tiny weights.
     */
    private static boolean isNextHop(GraphIndex index, double[] dist, int s, int l) {
        double next = dist[index.target[l]];
        return next < dist[s] && GraphIndex.sameCost(index.weight[l] + next, dist[s]);
    }

    private static int alternate(GraphIndex index, double[] dist, double[] back, int s, long[] words, int at) {
        int base = index.outStart[s];
        int end = index.outStart[s + 1];
        int best = -1;
        boolean bestViaPrimary = true;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int l = base; l < end; l++) {
            int nb = index.target[l];
            // next hops pass this test too, so they are excluded after it (it fails far more often)
            if (!GraphIndex.lessCost(dist[nb], back[l] + dist[s]) || isNextHop(index, dist, s, l)) {
                continue;
            }
            boolean viaPrimary = false;
            for (int h = base; h < end; h++) {
                viaPrimary |= isSet(words, at, h - base) && index.target[h] == nb;
            }
            double total = index.weight[l] + dist[nb];
            if (best < 0 || (bestViaPrimary && !viaPrimary)
                    || (bestViaPrimary == viaPrimary && GraphIndex.lessCost(total, bestCost))) {
                best = l;
                bestViaPrimary = viaPrimary;
                bestCost = total;
            }
        }
        return best < 0 ? -1 : best - base;
    }

    private static boolean isSet(long[] words, int at, int offset) {
        return (words[at + (offset >>> 6)] & (1L << (offset & 63))) != 0;
    }
}
