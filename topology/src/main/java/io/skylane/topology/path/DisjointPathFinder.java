package io.skylane.topology.path;

import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.alg.shortestpath.SuurballeKDisjointShortestPaths;
import org.jgrapht.graph.MaskSubgraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a backup path that shares no cable with the primary. First the shortest path once the
 * primary's cables (both directions) are masked out: the backup then protects the very path that
 * forwarding uses. Where the shortest path is a trap (it cuts every alternative, though two
 * disjoint paths exist), JGraphT's Suurballe finds the cheapest disjoint pair instead.
 */
final class DisjointPathFinder {

    private static final Logger log = LoggerFactory.getLogger(DisjointPathFinder.class);

    private DisjointPathFinder() {
    }

    static Optional<DisjointPaths<Path>> find(GraphIndex index, Path primary) {
        if (primary.links().isEmpty()) {
            return Optional.empty();
        }
        Set<Link> cables = new HashSet<>();
        primary.links().forEach(l -> {
            cables.add(l);
            cables.add(l.reverse());
        });
        Graph<DeviceId, Link> rest = new MaskSubgraph<>(index.weighted, v -> false, cables::contains);
        GraphPath<DeviceId, Link> backup = index.hopCount
                ? BFSShortestPath.findPathBetween(rest, primary.src(), primary.dst())
                : DijkstraShortestPath.findPathBetween(rest, primary.src(), primary.dst());
        if (backup != null) {
            return Optional.of(new DisjointPaths<>(primary, Path.of(backup.getEdgeList(), backup.getWeight())));
        }
        return suurballe(index, primary.src(), primary.dst());
    }

    private static Optional<DisjointPaths<Path>> suurballe(GraphIndex index, DeviceId src, DeviceId dst) {
        List<GraphPath<DeviceId, GraphIndex.Edge>> pair =
                new SuurballeKDisjointShortestPaths<>(index.deviceGraph().graph).getPaths(src, dst, 2);
        if (pair.size() < 2) {
            return Optional.empty();
        }
        Path first = toPath(pair.get(0));
        Path second = toPath(pair.get(1));
        Set<Link> used = new HashSet<>(first.links());
        for (Link l : second.links()) {
            if (used.contains(l) || used.contains(l.reverse())) {
                log.debug("Suurballe pair {} / {} shares a cable; no backup", first, second);
                return Optional.empty();
            }
        }
        return Optional.of(new DisjointPaths<>(first, second));
    }

    static Path toPath(GraphPath<DeviceId, GraphIndex.Edge> p) {
        List<Link> links = new ArrayList<>(p.getLength());
        for (GraphIndex.Edge e : p.getEdgeList()) {
            if (e.link == null) {
                throw new IllegalStateException("a path uses an edge that is no link");
            }
            links.add(e.link);
        }
        return Path.of(links, p.getWeight());
    }
}
