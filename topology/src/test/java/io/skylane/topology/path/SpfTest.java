package io.skylane.topology.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.testing.TopologyBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.EdgeReversedGraph;
import org.junit.jupiter.api.Test;

/** The array searches agree with JGraphT's BFS and Dijkstra, the oracle. */
class SpfTest {

    @Test
    void hopCountsMatchJGraphTBreadthFirstSearch() {
        Random r = new Random(7);
        for (int round = 0; round < 30; round++) {
            TopologySnapshot s = TopologyBuilder.randomMultigraph(r, 5 + r.nextInt(40), r.nextInt(80), r.nextInt(10));
            GraphIndex g = new GraphIndex(s, LinkWeigher.HOP_COUNT);
            Graph<DeviceId, Link> reversed = new EdgeReversedGraph<>(s.graph());
            for (int dst = 0; dst < g.size(); dst++) {
                SingleSourcePaths<DeviceId, Link> oracle = new BFSShortestPath<>(reversed).getPaths(g.devices[dst]);
                double[] dist = g.distancesTo(dst);
                for (int v = 0; v < g.size(); v++) {
                    assertEquals(oracle.getWeight(g.devices[v]), dist[v], "round " + round);
                }
            }
        }
    }

    @Test
    void weightedDistancesMatchJGraphTDijkstra() {
        Random r = new Random(11);
        for (int round = 0; round < 30; round++) {
            TopologySnapshot s = TopologyBuilder.randomMultigraph(r, 5 + r.nextInt(40), r.nextInt(80), r.nextInt(10));
            Map<Link, Double> w = new HashMap<>();
            s.links().forEach(l -> w.put(l, 0.1 + r.nextInt(100) / 7.0));
            GraphIndex g = new GraphIndex(s, LinkWeigher.of(w, 1));
            Graph<DeviceId, Link> reversed = new EdgeReversedGraph<>(new AsWeightedGraph<>(s.graph(), w));
            for (int dst = 0; dst < g.size(); dst++) {
                SingleSourcePaths<DeviceId, Link> oracle =
                        new DijkstraShortestPath<>(reversed).getPaths(g.devices[dst]);
                double[] dist = g.distancesTo(dst);
                for (int v = 0; v < g.size(); v++) {
                    assertEquals(oracle.getWeight(g.devices[v]), dist[v], 1e-9, "round " + round);
                }
            }
        }
    }

    @Test
    void backDistancesMatchJGraphTDijkstra() {
        Random r = new Random(5);
        for (int round = 0; round < 30; round++) {
            TopologySnapshot s = TopologyBuilder.randomMultigraph(r, 5 + r.nextInt(30), r.nextInt(70), r.nextInt(8));
            Map<Link, Double> w = new HashMap<>();
            s.links().forEach(l -> w.put(l, 1 + r.nextInt(5) / 2.0));
            for (LinkWeigher weigher : java.util.List.of(LinkWeigher.HOP_COUNT, LinkWeigher.of(w, 1))) {
                GraphIndex g = new GraphIndex(s, weigher);
                double[] back = g.backDistances();
                DijkstraShortestPath<DeviceId, Link> oracle = new DijkstraShortestPath<>(g.weighted);
                for (int l = 0; l < g.links.length; l++) {
                    Link link = g.links[l];
                    assertEquals(oracle.getPathWeight(link.dstDevice(), link.srcDevice()), back[l], 1e-9,
                            "dist back along " + link + ", round " + round);
                }
            }
        }
    }

    @Test
    void nextHopsAreExactlyTheLinksOnShortestPaths() {
        Random r = new Random(3);
        for (int round = 0; round < 20; round++) {
            TopologySnapshot s = TopologyBuilder.randomMultigraph(r, 5 + r.nextInt(30), r.nextInt(60), r.nextInt(6));
            Map<Link, Double> w = new HashMap<>();
            s.links().forEach(l -> w.put(l, (double) (1 + r.nextInt(3))));
            PathComputer pc = new PathComputer(s, LinkWeigher.of(w, 1));
            Graph<DeviceId, Link> weighted = new AsWeightedGraph<>(s.graph(), w);
            for (DeviceId dst : s.devices()) {
                NextHops nh = pc.forwardingTo(dst);
                SingleSourcePaths<DeviceId, Link> to =
                        new DijkstraShortestPath<>(new EdgeReversedGraph<>(weighted)).getPaths(dst);
                for (DeviceId d : s.devices()) {
                    double own = to.getWeight(d);
                    java.util.List<Link> expected = s.graph().outgoingEdgesOf(d).stream()
                            .filter(l -> !d.equals(dst) && own < Double.POSITIVE_INFINITY
                                    && w.get(l) + to.getWeight(l.dstDevice()) == own)
                            .sorted().toList();
                    assertEquals(expected, nh.entry(d).map(NextHops.Entry::links).orElse(java.util.List.of()));
                    nh.entry(d).flatMap(NextHops.Entry::alternate).ifPresent(alt -> {
                        // RFC 5286 inequality with JGraphT's distances
                        double back = new DijkstraShortestPath<>(weighted).getPathWeight(alt.dstDevice(), d);
                        double viaN = to.getWeight(alt.dstDevice());
                        assertEquals(true, viaN < back + own, "alternate " + alt + " loops");
                    });
                }
            }
        }
    }
}
